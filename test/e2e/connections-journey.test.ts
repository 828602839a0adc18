import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../../src/modules/demo/index.js';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  signedGenericHeaders,
  startGenericHelpdesk,
} from '../../src/modules/integrations/generic/test-support/generic-helpdesk.js';
import { HELPDESK_WRITEBACK } from '../../src/modules/integrations/index.js';
import { deliverDueEffects } from '../../src/platform/outbox/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { apiWithKey, ensureWebBuilt, hasBrowser, launchChromium, logIn, screenshot } from './browser-kit.js';

// An admin connects a helpdesk with the guided form, tests it from the keyboard, watches a
// webhook arrive (and a malformed one kept), sees a write-back fail as a dead letter because
// the helpdesk does not know the ticket yet, and replays it once the helpdesk does.

(hasBrowser ? describe : describe.skip)('connections journey in the browser', () => {
  let app: TestApp;
  let desk: GenericHelpdesk;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const runOutbox = async () => {
    const { services } = app;
    for (let i = 0; i < 20; i++) {
      const run = await deliverDueEffects(
        services.db,
        { [HELPDESK_WRITEBACK]: services.effectHandlers[HELPDESK_WRITEBACK]! },
        {
          workerId: 'journey',
          clock: services.clock,
          policy: services.outboxPolicy,
          onDeadLetter: services.onDeadLetter,
        },
      );
      if (run.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    desk = await startGenericHelpdesk();
    app = await startTestApp();
    await seedDemoWorkspace(app.services, app.workspaceId, {
      ownerUserId: null,
      historySize: 700,
      liveTickets: 0,
    });
    await apiWithKey(app.url, app.apiKey)('PATCH', '/api/v1/decision-policy', { targetPrecision: 0.5 });
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

  it('adds, tests, watches deliveries and replays a dead write-back', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Connections', exact: true }).click();
    await page.waitForURL('**/connections');
    await expect.poll(() => page.getByTestId('connections-empty').count()).toBe(1);

    await page.keyboard.press('a');
    const form = page.getByTestId('connection-form');
    await form.getByLabel('Name', { exact: true }).fill('In-house desk');
    await form.getByLabel('API base URL').fill(desk.url);
    await form.getByLabel('API token').fill(desk.token);
    await form.getByLabel('Integration user e-mail').fill(GENERIC_INTEGRATION_USER.email);
    const secret = await form.getByLabel('Webhook secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await form.getByRole('button', { name: 'Connect' }).click();
    const card = page.getByTestId('connection');
    await expect.poll(() => card.count()).toBe(1);
    const inboundUrl = (await page.getByTestId('inbound-url').textContent())!;
    expect(inboundUrl).toMatch(/\/api\/v1\/integrations\/[0-9a-f-]{36}\/events$/);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('t');
    await expect
      .poll(() => page.getByTestId('test-result').textContent())
      .toContain(`as ${GENERIC_INTEGRATION_USER.email}`);

    // The helpdesk sends a new ticket it cannot yet be asked about, and a broken delivery.
    const deliver = (raw: string) =>
      fetch(inboundUrl.replace(/^https?:\/\/[^/]+/, app.url), {
        method: 'POST',
        headers: signedGenericHeaders(secret, raw, new Date()),
        body: raw,
      });
    const ticket = JSON.stringify({
      id: 'evt-j1',
      type: 'ticket.created',
      ticket: {
        id: 'J-1',
        subject: 'Charged twice for the same invoice',
        body: 'Our card was charged twice for this month’s invoice. Please refund the duplicate payment.',
      },
    });
    expect((await deliver(ticket)).status).toBe(202);
    expect((await deliver('{"id": "evt-broken", "type": "ticket.created"}')).status).toBe(400);
    await runOutbox();

    await page.keyboard.press('r');
    const deliveries = page.getByTestId('deliveries');
    await expect.poll(() => deliveries.locator('tr[data-status="processed"]').count()).toBe(1);
    await expect.poll(() => deliveries.locator('tr[data-status="rejected"]').count()).toBe(1);
    const writeBacks = page.getByTestId('write-backs');
    // The category and its note: a dead letter does not hold the ticket's next write back.
    await expect.poll(() => writeBacks.locator('tr[data-status="dead"]').count()).toBe(2);
    expect(await writeBacks.locator('tr[data-status="dead"]').first().textContent()).toContain('HTTP 404');
    await screenshot(page, 'connections');

    // Once the helpdesk knows the ticket, the dead letter is replayed and goes through.
    desk.tickets.set('J-1', {
      id: 'J-1',
      subject: 's',
      category: null,
      tags: [],
      group: null,
      assignee: null,
      notes: [],
    });
    await writeBacks.getByRole('button', { name: 'Replay' }).last().click();
    await expect.poll(() => writeBacks.getByRole('button', { name: 'Replay' }).count()).toBe(1);
    await writeBacks.getByRole('button', { name: 'Replay' }).click();
    await expect.poll(() => writeBacks.getByRole('button', { name: 'Replay' }).count()).toBe(0);
    await runOutbox();
    await page.keyboard.press('r');
    await expect.poll(() => writeBacks.locator('tr[data-status="dead"]').count()).toBe(0);
    await expect.poll(() => writeBacks.locator('tr[data-status="delivered"]').count()).toBe(2);
    expect(desk.tickets.get('J-1')!.category).not.toBeNull();
    expect(desk.tickets.get('J-1')!.notes).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
