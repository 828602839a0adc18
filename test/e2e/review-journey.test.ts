import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';

// The reviewer's journey through the real UI in a real browser: log in, accept one
// suggestion with Enter, correct the next with the type-ahead picker, and check through
// the API and the ticket page that both became labels. Uses Debian's Chromium; it never
// downloads a browser.

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const webDist = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
// The README's screenshot is refreshed only when asked (TRIAGE_SCREENSHOTS=1), so a test
// run leaves the working tree clean; otherwise the screenshot still proves the page renders.
const screenshotDir =
  process.env.TRIAGE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : `${tmpdir()}/triage-screenshots/`;

const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) {
  if (process.env.TRIAGE_REQUIRE_BROWSER === '1') {
    throw new Error(
      `Browser tests required (TRIAGE_REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist: install Debian's chromium (apt-get install chromium).`,
    );
  }
  console.warn("Browser tests skipped: /usr/bin/chromium not found (install Debian's chromium)");
}

interface ReviewItemDto {
  id: string;
  ticketId: string;
  subject: string;
  suggestedCategoryId: string | null;
  suggestedCategoryName: string | null;
}

interface CategoryDto {
  id: string;
  key: string;
  name: string;
}

interface TicketDto {
  id: string;
  category: { id: string; name: string } | null;
  categorySetBy: 'ai' | 'human' | null;
}

/** The shortest prefix of `target`'s name that no other category name starts with. */
function uniquePrefix(target: CategoryDto, categories: CategoryDto[]): string {
  const name = target.name.toLowerCase();
  for (let length = 3; length < name.length; length++) {
    const prefix = name.slice(0, length);
    if (prefix.trim() !== prefix) continue;
    const clashes = categories.filter((c) => c.id !== target.id && c.name.toLowerCase().startsWith(prefix));
    if (clashes.length === 0) return target.name.slice(0, length);
  }
  return target.name;
}

async function ensureWebBuilt(): Promise<void> {
  if (existsSync(webDist)) return;
  // `npm test` builds the UI first; build it here too so this file also runs on its own.
  const { build } = await import('vite');
  await build({ configFile: `${repoRoot}web/vite.config.ts`, logLevel: 'warn' });
}

(hasBrowser ? describe : describe.skip)('review journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${app.apiKey}` } });
    expect(res.status, `GET ${path}`).toBe(200);
    return (await res.json()) as T;
  };

  const queueTotal = async () => Number((await page.getByTestId('queue-total').textContent())?.trim());

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({ seedReview: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('shows a clear error for a wrong password', async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId('login-email').fill(app.adminEmail);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
  });

  it('accepts with Enter, corrects with the picker, and both become labels', async () => {
    const queue = await api<{ total: number; items: ReviewItemDto[] }>('/api/v1/review?limit=50');
    const categories = (await api<{ items: CategoryDto[] }>('/api/v1/categories')).items;
    expect(queue.items.length).toBeGreaterThanOrEqual(2);
    // The first item with a suggestion is accepted; the one after it is corrected.
    const acceptIndex = queue.items.findIndex((i) => i.suggestedCategoryId);
    expect(acceptIndex, 'the seeded queue has an item with a suggestion').toBeGreaterThanOrEqual(0);
    expect(queue.items.length).toBeGreaterThan(acceptIndex + 1);
    const toAccept = queue.items[acceptIndex]!;
    const toCorrect = queue.items[acceptIndex + 1]!;
    const target = categories.find(
      (c) => c.id !== toCorrect.suggestedCategoryId && c.id !== toAccept.suggestedCategoryId,
    )!;
    expect(target).toBeDefined();

    // Log in: the review queue is the home page.
    await page.getByTestId('login-email').fill(app.adminEmail);
    await page.getByTestId('login-password').fill(app.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/review');
    await expect.poll(() => page.getByTestId('review-item').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(queueTotal).toBe(queue.total);
    const total = await queueTotal();
    expect(await page.getByTestId('review-item').first().getAttribute('data-ticket-id')).toBe(
      queue.items[0]!.ticketId,
    );

    // Move to the item to accept with j, then accept its suggestion with Enter.
    for (let i = 0; i < acceptIndex; i++) await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('review-detail').textContent()).toContain(toAccept.subject);
    await expect
      .poll(() => page.getByTestId('suggested-category').textContent())
      .toContain(toAccept.suggestedCategoryName!);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('Accepted');
    expect(await page.getByTestId('toast').textContent()).toContain(toAccept.suggestedCategoryName!);
    await expect.poll(queueTotal).toBe(total - 1);

    // The queue advanced to the next item; the picture for the README shows it.
    await expect.poll(() => page.getByTestId('review-detail').textContent()).toContain(toCorrect.subject);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: `${screenshotDir}review-queue.png` });

    // Correct it: `/` opens the type-ahead picker, part of a name filters, Enter chooses.
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('category-picker');
    await page.keyboard.type(uniquePrefix(target, categories), { delay: 20 });
    await expect.poll(() => page.getByTestId('category-option').first().textContent()).toContain(target.name);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('Corrected');
    expect(await page.getByTestId('toast').textContent()).toContain(target.name);
    await expect.poll(queueTotal).toBe(total - 2);

    // Both are labels now, set by a person.
    const accepted = await api<TicketDto>(`/api/v1/tickets/${toAccept.ticketId}`);
    expect(accepted.category?.id).toBe(toAccept.suggestedCategoryId);
    expect(accepted.categorySetBy).toBe('human');
    const corrected = await api<TicketDto>(`/api/v1/tickets/${toCorrect.ticketId}`);
    expect(corrected.category?.id).toBe(target.id);
    expect(corrected.categorySetBy).toBe('human');

    // The ticket page tells the story, correction included.
    await page.goto(`${app.url}/tickets/${toCorrect.ticketId}`);
    const history = page.getByTestId('ticket-history');
    await expect.poll(() => history.textContent()).toContain(`corrected to ${target.name}`);

    expect(pageErrors).toEqual([]);
  });

  it('says so when someone else resolved the item first, and trains a model on request', async () => {
    await page.goto(`${app.url}/review`);
    await expect.poll(() => page.getByTestId('review-item').count()).toBeGreaterThanOrEqual(1);
    const total = await queueTotal();

    // Escape leaves the picker without changing anything.
    await page.keyboard.press('c');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('category-picker');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .not.toBe('category-picker');
    expect(await queueTotal()).toBe(total);

    // Another reviewer resolves the selected item through the API; then this one tries.
    const ticketId = await page
      .locator('[data-testid="review-item"][aria-selected="true"]')
      .getAttribute('data-ticket-id');
    const queue = await api<{ items: ReviewItemDto[] }>('/api/v1/review?limit=50');
    const item = queue.items.find((i) => i.ticketId === ticketId)!;
    const categories = (await api<{ items: CategoryDto[] }>('/api/v1/categories')).items;
    const res = await fetch(`${app.url}/api/v1/review/${item.id}/correct`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ category: item.suggestedCategoryId ?? categories[0]!.id }),
    });
    expect(res.status).toBe(200);
    if (item.suggestedCategoryId) {
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.press('/');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('already resolved');
    await expect.poll(queueTotal).toBe(total - 1);

    // Training from the queue reports the new model.
    await page.getByRole('button', { name: 'Train model' }).click();
    await expect
      .poll(() => page.getByTestId('train-result').textContent(), { timeout: 60_000 })
      .toMatch(/Model v\d+ · [\d,]+ examples/);
    expect(pageErrors).toEqual([]);
  });
});
