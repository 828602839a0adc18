import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import {
  adminApi,
  ensureWebBuilt,
  expectToast,
  hasBrowser,
  launchChromium,
  logIn,
  screenshot,
} from './browser-kit.js';

// A merge through the real UI: an admin opens Categories, picks Billing from the keyboard,
// merges it into Payments after reading the preview, and the page then shows Billing as
// retired and merged, Payments with its tickets, the change in the history — and a ticket
// that was Billing still shows its Billing label, with the lineage, in its own history.

interface Item {
  id: string;
  name: string;
  subject?: string;
}

(hasBrowser ? describe : describe.skip)('categories journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const { get, send } = adminApi(() => app);

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp();
    const rows = ['Billing', 'Payments', 'Login'].flatMap((category) =>
      [1, 2, 3].map((n) => ({
        externalId: `${category}-${n}`,
        subject: `${category} question ${n}`,
        category,
      })),
    );
    await send('POST', '/api/v1/history/import', { rows, createCategories: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('merges Billing into Payments after a preview, and history still names Billing', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Categories' }).click();
    await page.waitForURL('**/categories');
    await expect.poll(() => page.getByTestId('category-row').count()).toBe(3);
    await expect.poll(() => page.getByTestId('taxonomy-version').textContent()).toBe('Taxonomy v0');

    // Rows are by name: Billing is first and selected; "m" opens the merge form for it.
    expect(
      await page.locator('[data-testid="category-row"][aria-selected="true"]').getAttribute('data-name'),
    ).toBe('Billing');
    await page.keyboard.press('m');
    const form = page.getByTestId('change-form');
    await expect.poll(() => form.textContent()).toContain('Merge “Billing”');
    await page.getByTestId('merge-into').selectOption({ label: 'Payments' });
    await page.getByTestId('change-note').fill('One payments team');
    await page.getByTestId('change-preview-button').click();
    await expect
      .poll(() => page.getByTestId('change-preview').textContent())
      .toContain('Moves 3 tickets (3 labels added) · retires 1 category.');
    // Nothing has changed yet.
    expect((await get<{ version: number }>('/api/v1/taxonomy')).version).toBe(0);
    await screenshot(page, 'categories-merge-preview');

    await page.getByTestId('change-apply').click();
    await expectToast(page, 'Taxonomy v1');
    await expect.poll(() => page.getByTestId('category-row').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('retired-categories').textContent())
      .toContain('Billing (retired, merged into Payments)');
    const payments = page.locator('[data-testid="category-row"][data-name="Payments"]');
    await expect.poll(() => payments.locator('td').nth(3).textContent()).toBe('6');
    const history = page.getByTestId('taxonomy-history');
    await expect
      .poll(() => history.textContent())
      .toContain('v1 Merged Billing (retired, merged into Payments) into Payments');
    expect(await history.textContent()).toContain('One payments team');
    await screenshot(page, 'categories');

    // A ticket that was Billing: its page shows Payments now and the Billing label in its history.
    const categories = await get<{ items: Item[] }>('/api/v1/categories');
    const paymentsId = categories.items.find((c) => c.name === 'Payments')!.id;
    const tickets = await get<{ items: Item[] }>(`/api/v1/tickets?categoryId=${paymentsId}&limit=10`);
    const moved = tickets.items.find((t) => t.subject?.startsWith('Billing'))!;
    await page.goto(`${app.url}/tickets/${moved.id}`);
    const ticketHistory = page.getByTestId('ticket-history');
    await expect
      .poll(() => ticketHistory.textContent())
      .toContain('Labelled Billing (retired, merged into Payments) in the imported history');
    expect(await ticketHistory.textContent()).toContain(
      'Moved from Billing (retired, merged into Payments) to Payments when Admin merged categories (taxonomy v1)',
    );
    expect(pageErrors).toEqual([]);
  });
});
