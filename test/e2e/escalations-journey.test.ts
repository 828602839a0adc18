import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../src/modules/escalations/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { apiWithKey, ensureWebBuilt, expectToast, hasBrowser, launchChromium, logIn } from './browser-kit.js';

// A queue owner's journey: a ticket nobody reviewed in time is escalated to her; the badge
// in the top bar says so, the Escalations page shows it with her name and how overdue it is,
// and she resolves it with the keyboard, saying what she did.

const screenshotDir =
  process.env.TRIAGE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : `${tmpdir()}/triage-screenshots/`;

const OWNER = { email: 'olga@example.com', name: 'Olga Owner', password: 'a long enough password' };
const SUBJECT = 'Refund for a cancelled plan';

(hasBrowser ? describe : describe.skip)('escalations journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let send: ReturnType<typeof apiWithKey>;

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp();
    send = apiWithKey(app.url, app.apiKey);
    // Olga, a lead, owns the default queue (SLA one hour); the ticket entered it three hours ago.
    const olga = await send<{ id: string }>('POST', '/api/v1/users', { ...OWNER, role: 'lead' });
    const queues = await send<{ items: { id: string; isDefault: boolean }[] }>(
      'GET',
      '/api/v1/review/queues',
    );
    const defaultQueue = queues.items.find((q) => q.isDefault)!;
    await send('PATCH', `/api/v1/review/queues/${defaultQueue.id}`, { ownerUserId: olga.id, slaMinutes: 60 });
    const ticket = await send<{ id: string }>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: 'journey-1',
      subject: SUBJECT,
      body: 'I cancelled last week and was still charged.',
    });
    await app.services.db.query(
      `UPDATE review_items SET created_at = created_at - interval '3 hours', due_at = due_at - interval '3 hours'
        WHERE ticket_id = $1`,
      [ticket.id],
    );
    expect((await escalateOverdue(app.services, new Date())).opened).toBe(1);

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('shows the owner her overdue item with her name, and she resolves it from the keyboard', async () => {
    await logIn(page, app.url, OWNER.email, OWNER.password);
    await expect.poll(() => page.getByTestId('escalations-badge').textContent()).toBe('1');
    await page.getByRole('link', { name: /Escalations/ }).click();
    await page.waitForURL('**/escalations');

    const item = page.getByTestId('escalation');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('escalation-summary').textContent()).toBe(
      `Overdue review of “${SUBJECT}” in Default queue`,
    );
    expect(await page.getByTestId('escalation-owner').textContent()).toContain(
      'Olga Owner (you) — owner of queue Default queue',
    );
    expect(await page.getByTestId('escalation-overdue').textContent()).toMatch(/^overdue 2h( \d+m)?$/);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: `${screenshotDir}escalations.png` });

    // r asks for a note; Esc puts it away; r again, type, Enter resolves.
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('escalation-note').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('escalation-note').count()).toBe(0);
    await page.keyboard.press('r');
    await page.getByTestId('escalation-note').waitFor();
    await page.keyboard.type('Reviewed it myself; asked Rita to join the queue.');
    await page.keyboard.press('Enter');
    await expectToast(page, 'Resolved:');
    await page.getByTestId('escalations-empty').waitFor();
    await expect.poll(() => page.getByTestId('escalations-badge').count()).toBe(0);

    await page.getByRole('button', { name: /^Resolved/ }).click();
    await expect
      .poll(() => page.getByTestId('escalation-resolution').textContent())
      .toContain('Resolved by Olga Owner');
    expect(await page.getByTestId('escalation-resolution').textContent()).toContain(
      'Reviewed it myself; asked Rita to join the queue.',
    );

    const stored = await send<{ items: { resolvedByName: string; status: string }[] }>(
      'GET',
      '/api/v1/escalations?status=resolved',
    );
    expect(stored.items).toEqual([
      expect.objectContaining({ status: 'resolved', resolvedByName: 'Olga Owner' }),
    ]);
    expect(pageErrors).toEqual([]);
  });
});
