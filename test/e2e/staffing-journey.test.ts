import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import {
  apiWithKey,
  ensureWebBuilt,
  expectToast,
  hasBrowser,
  launchChromium,
  logIn,
  screenshot,
} from './browser-kit.js';

// The AI owner's journey on the Staffing page: who owns what, the recommendation with its
// arithmetic and whether it is covered, the weekly load chart; she puts two people on the on-call
// rota and adds an override, then opens the weekly stakeholder report and checks that it prints
// without the toolbar.

type Json = Record<string, any>;
const WEEK_MS = 7 * 86_400_000;

(hasBrowser ? describe : describe.skip)('staffing journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp();
    const key = apiWithKey(app.url, app.apiKey);
    const person = async (email: string, name: string, role: string) =>
      (await key<Json>('POST', '/api/v1/users', { email, name, password: 'a long enough password', role }))
        .id;
    await person('rita@example.com', 'Rita Reviewer', 'reviewer');
    await person('rob@example.com', 'Rob Reviewer', 'reviewer');
    await key('POST', '/api/v1/categories', { name: 'Billing' });
    // No model yet: the ticket waits in the default queue; past weeks get a history of review work.
    const ticket = await key<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: 'j-1',
      subject: 'Charged twice',
      body: 'My card was charged twice.',
    });
    const now = Date.now();
    for (const [weeksAgo, n] of [
      [3, 12],
      [2, 30],
      [1, 18],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const created = new Date(now - weeksAgo * WEEK_MS + i * 60_000);
        await app.services.db.query(
          `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, resolution, queue_id, due_at,
                                     created_at, resolved_at)
           SELECT workspace_id, ticket_id, decision_id, 'resolved', 'low_confidence', 'accepted', queue_id, $2, $2, $3
             FROM review_items WHERE ticket_id = $1 AND status = 'open'`,
          [ticket.id, created, new Date(created.getTime() + 120_000)],
        );
      }
    }
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
  });

  it('shows owners and the recommendation, edits the rota, and opens the printable weekly report', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Staffing', exact: true }).click();
    await page.waitForURL('**/staffing');

    const verdict = page.getByTestId('staffing-verdict');
    await expect.poll(() => verdict.textContent()).toMatch(/^Covered: 1 person for a recommended/);
    const recommendation = await page.getByTestId('recommendation').textContent();
    expect(recommendation).toContain(
      'Rule of thumb: 0.2 × 3 users ÷ 50 = 0.01 people (3 active workspace members).',
    );
    expect(recommendation).toContain('Assumption: 4 minutes per item');
    // The chart draws a bar per week with review work.
    await expect
      .poll(() => page.locator('[data-testid="staffing-chart"] .recharts-bar-rectangle').count())
      .toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('queue-owners').textContent()).toContain('whoever is on call');
    expect(await page.getByTestId('category-owners').textContent()).toContain('Billing');
    expect(await page.getByTestId('on-call-now').textContent()).toContain('Nobody is on call now');

    // Rita then Rob, a day each, from an hour ago.
    await page.getByTestId('rota-add').selectOption({ label: 'Rita Reviewer' });
    await page.getByTestId('rota-add').selectOption({ label: 'Rob Reviewer' });
    await page.getByTestId('rota-shift').fill('24');
    await page.getByTestId('rota-save').click();
    await expectToast(page, 'Rotation saved');
    await expect.poll(() => page.getByTestId('on-call-now').textContent()).toContain('On call now: ');
    await expect.poll(() => verdict.textContent()).toMatch(/^Covered: 2 people/);

    // Rob covers the next two hours instead: o jumps to the override form.
    const local = (d: Date) =>
      new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.keyboard.press('o');
    await page.getByTestId('override-person').selectOption({ label: 'Rob Reviewer' });
    await page.getByTestId('override-from').fill(local(new Date(Date.now() - 60_000)));
    await page.getByTestId('override-to').fill(local(new Date(Date.now() + 2 * 3_600_000)));
    await page.getByTestId('override-add').click();
    await expectToast(page, 'Override added');
    await expect
      .poll(() => page.getByTestId('on-call-now').textContent())
      .toContain('On call now: Rob Reviewer (override)');
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      for (const el of [document.scrollingElement, document.querySelector('.shell-main')]) el?.scrollTo(0, 0);
    });
    await screenshot(page, 'staffing');

    // The weekly report: a page of its own, printable without the toolbar.
    await page.getByTestId('weekly-report-link').click();
    await page.waitForURL('**/reports/weekly/latest');
    expect(await page.locator('h1').textContent()).toMatch(/: the AI in \d{4}-W\d{2}$/);
    expect(await page.getByTestId('usage').textContent()).toContain('1. Are people using it?');
    expect(await page.getByTestId('rollout').textContent()).toContain(
      '4. What is the next step of the rollout?',
    );
    expect(await page.locator('.toolbar').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
