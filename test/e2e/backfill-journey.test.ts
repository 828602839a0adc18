import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  startGenericHelpdesk,
} from '../../src/modules/integrations/generic/test-support/generic-helpdesk.js';
import { runDueBackfills } from '../../src/modules/integrations/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { apiWithKey, ensureWebBuilt, hasBrowser, launchChromium, logIn } from './browser-kit.js';

// An admin backfills a connected helpdesk from the Connections page: picks how many months,
// starts it, and watches the progress until it is done, with the AI-provenance tickets counted
// apart from the labels.

(hasBrowser ? describe : describe.skip)('backfill journey in the browser', () => {
  let app: TestApp;
  let desk: GenericHelpdesk;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    desk = await startGenericHelpdesk();
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    desk.addPastTicket('B-1', ago(50), 'Billing', { id: 'u-1' });
    desk.addPastTicket('B-2', ago(40), 'Login', { id: 'u-2' });
    desk.addPastTicket('B-3', ago(30), 'Billing', { email: GENERIC_INTEGRATION_USER.email });
    desk.addPastTicket('B-4', ago(200), 'Billing', { id: 'u-1' });
    app = await startTestApp();
    const api = apiWithKey(app.url, app.apiKey);
    const billing = await api<{ id: string }>('POST', '/api/v1/categories', { name: 'Billing' });
    const login = await api<{ id: string }>('POST', '/api/v1/categories', { name: 'Login' });
    await api('POST', '/api/v1/connections', {
      kind: 'generic',
      name: 'In-house desk',
      baseUrl: desk.url,
      credentials: { token: desk.token },
      inboundSecret: 'an inbound secret of some length',
      integrationUser: GENERIC_INTEGRATION_USER,
      categoryMapping: [
        { categoryId: billing.id, value: 'Billing' },
        { categoryId: login.id, value: 'Login' },
      ],
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await desk?.close();
  });

  it('starts a backfill of three months and follows it to done', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Connections', exact: true }).click();
    await page.waitForURL('**/connections');
    const section = page.getByTestId('backfill');
    await section.getByLabel('Months back').fill('3');
    await section.getByRole('button', { name: 'Start backfill' }).click();
    const progress = page.getByTestId('backfill-progress');
    await expect.poll(() => progress.getAttribute('data-status')).toBe('queued');
    // While it runs, the start form gives way to the run's controls.
    expect(await section.getByRole('button', { name: 'Start backfill' }).count()).toBe(0);

    await runDueBackfills({ ...app.services, helpdeskTimeoutMs: 5_000 }, { workerId: 'journey' });
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    const text = (await progress.textContent()) ?? '';
    expect(text).toContain('read 3 of 3');
    expect(text).toContain('3 imported (2 labels, 1 AI provenance)');
    expect(await section.getByRole('button', { name: 'Start backfill' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
