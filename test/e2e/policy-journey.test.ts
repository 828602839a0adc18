import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import {
  adminApi,
  type CategoryDto,
  ensureWebBuilt,
  expectToast,
  hasBrowser,
  launchChromium,
  logIn,
  screenshot,
} from './browser-kit.js';

// The decision policy through the real UI: an admin changes the target precision, runs the
// backtest (the current policy, then beside another target), raises a category from suggest to
// auto only after the side-by-side backtest, lowers another at once, and reads the workload
// forecast; a reviewer sees the same page read-only. The seeded workspace has every category on
// suggest, a labelled history and a model.

interface Policy {
  targetPrecision: number;
  suggestThreshold: number;
  outOfScopeCutoff: number | null;
}

type Category = CategoryDto & { autonomy: 'auto' | 'suggest' | 'human_only' };

(hasBrowser ? describe : describe.skip)('policy journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const { get: api, send } = adminApi(() => app);

  const newPage = async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await context.newPage();
    p.setDefaultTimeout(20_000);
    p.on('pageerror', (err) => pageErrors.push(err.message));
    return p;
  };

  /** A new person of the workspace, logged in on a fresh page that shows the Policy page. */
  const openPolicyAs = async (name: string, role: 'lead' | 'reviewer') => {
    const email = `${name.toLowerCase()}@example.com`;
    const user = await send<{ id: string }>('POST', '/api/v1/users', {
      email,
      name,
      password: 'a long enough password',
      role,
    });
    await context.close();
    page = await newPage();
    await logIn(page, app.url, email, 'a long enough password');
    await page.goto(`${app.url}/policy`);
    return user;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({ seedReview: true });
    browser = await launchChromium();
    page = await newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('saves the policy, backtests, raises a category after a side-by-side backtest, forecasts', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.waitForURL('**/policy');

    // Settings: a target out of range is refused in place and nothing is saved; 97% is saved.
    const target = page.getByTestId('target-precision');
    await expect.poll(() => target.inputValue()).toBe('99');
    await target.fill('40');
    await page.getByTestId('policy-save').click();
    await expect.poll(() => page.getByTestId('targetPrecision-error').textContent()).toContain('50 to 100');
    expect((await api<Policy>('/api/v1/decision-policy')).targetPrecision).toBeCloseTo(0.99, 5);
    await target.fill('97');
    await page.getByTestId('policy-save').click();
    await expect.poll(() => page.getByTestId('policy-saved').textContent()).toContain('Saved');
    expect(await page.getByTestId('policy-saved').textContent()).toContain('97%');
    expect((await api<Policy>('/api/v1/decision-policy')).targetPrecision).toBeCloseTo(0.97, 5);

    // The backtest of the current policy, then beside it the same at a 90% target.
    await page.getByTestId('run-backtest').click();
    const figures = page.getByTestId('backtest-figures');
    await expect.poll(() => figures.textContent()).toContain('Current policy (97%)');
    expect(await figures.getByTestId('figure-touchesPer100').textContent()).toMatch(/\d/);
    expect(await figures.textContent()).toMatch(/Trained on the [\d,]+ older labelled tickets/);
    await page.getByTestId('backtest-target').fill('90');
    await page.getByTestId('run-backtest').click();
    await expect.poll(() => figures.textContent()).toContain('At 90% target');
    expect(await figures.locator('thead th').allTextContents()).toEqual([
      'Replayed tickets',
      'Current policy (97%)',
      'At 90% target',
      'Change',
    ]);

    // Raising a category: the backtest comes first, side by side, and only then Apply.
    const categories = (await api<{ items: Category[] }>('/api/v1/categories')).items.sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const [raised, lowered] = categories;
    expect(raised?.autonomy).toBe('suggest');
    expect(lowered?.autonomy).toBe('suggest');
    await page.getByTestId(`autonomy-select-${raised!.key}`).selectOption('auto');
    await expect.poll(() => page.getByTestId('backtest-change').count()).toBe(1);
    expect(await page.getByTestId('apply-change').count()).toBe(0);
    await page.getByTestId('backtest-change').click();
    const comparison = page.getByTestId('autonomy-comparison');
    await expect.poll(() => comparison.textContent()).toContain(`${raised!.name} on Auto`);
    const heads = await comparison.locator('thead th').allTextContents();
    expect(heads).toEqual(['Replayed tickets', 'Current policy', `${raised!.name} on Auto`, 'Change']);
    for (const figure of ['autoShare', 'autoPrecision', 'suggestShare', 'reviewShare', 'touchesPer100']) {
      expect(await comparison.getByTestId(`figure-${figure}`).count()).toBe(1);
    }
    expect(await comparison.getByTestId('figure-minutesSavedPer100').textContent()).toMatch(/\d/);
    // The keyboard is taken to the comparison, where Apply is the next stop.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Suggest → Auto');
    expect((await api<Category>(`/api/v1/categories/${raised!.id}`)).autonomy).toBe('suggest');
    await screenshot(page, 'policy');
    await page.getByTestId('apply-change').click();
    await expectToast(page, `${raised!.name} is now Auto`);
    expect((await api<Category>(`/api/v1/categories/${raised!.id}`)).autonomy).toBe('auto');
    await expect.poll(() => comparison.count()).toBe(0);
    // The older backtest says so: it was for the policy before the change.
    expect(await page.getByTestId('backtest-stale').count()).toBe(1);

    // Lowering one needs no backtest.
    await page.getByTestId(`autonomy-select-${lowered!.key}`).selectOption('human_only');
    expect(await page.getByTestId('backtest-change').count()).toBe(0);
    await page.getByTestId('apply-change').click();
    await expectToast(page, `${lowered!.name} is now Human only`);
    expect((await api<Category>(`/api/v1/categories/${lowered!.id}`)).autonomy).toBe('human_only');

    // The workload forecast: a recharts SVG with a bar per queue, and the numbers in a table.
    const chart = page.getByTestId('forecast-chart');
    await expect.poll(() => chart.locator('svg.recharts-surface').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.getByTestId('forecast-row').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('forecast-row').first().textContent()).toContain('Default queue');
    // Person-hours stand beside each bar once it has grown.
    await expect.poll(() => chart.textContent()).toMatch(/\/ day · [\d.]+ h/);
    expect(await page.getByTestId('forecast-summary').textContent()).toMatch(/tickets a day/);
    expect(pageErrors).toEqual([]);
  });

  it('shows per category the labels it has and how many it needs for the target', async () => {
    await page.reload();
    const readiness = await api<{
      targetPrecision: number;
      categories: {
        categoryId: string;
        labels: number;
        status: string;
        labelsNeeded: number | null;
        stillNeeded: number | null;
      }[];
    }>('/api/v1/decision-policy/readiness');
    expect(readiness.targetPrecision).toBeCloseTo(0.97, 5);
    // The seeded history: 700 labelled tickets, each counted once, under its own category.
    expect(readiness.categories.reduce((sum, c) => sum + c.labels, 0)).toBe(700);
    const statuses = new Set(readiness.categories.map((c) => c.status));
    // Most demo categories have enough labels; the smallest ones have not.
    expect(statuses.has('ready')).toBe(true);
    const categories = (await api<{ items: Category[] }>('/api/v1/categories')).items;
    const keyOf = new Map(categories.map((c) => [c.id, c.key]));
    for (const category of readiness.categories) {
      const row = page.locator(
        `[data-testid="autonomy-row"][data-category-key="${keyOf.get(category.categoryId)}"]`,
      );
      await expect
        .poll(() => row.getByTestId('readiness-labels').textContent())
        .toContain(String(category.labels));
      const needed = await row.getByTestId('readiness-needed').textContent();
      const status = await row.getByTestId('readiness-status').textContent();
      if (category.status === 'ready') {
        expect(needed).toBe('reached');
        expect(status).toContain('Can auto-apply');
      } else if (category.labelsNeeded === null) {
        expect(needed).toBe('no estimate');
      } else if (category.stillNeeded! > 0) {
        expect(needed).toBe(`${category.labelsNeeded} (${category.stillNeeded} more)`);
      }
      if (category.status === 'too_few_samples') expect(status).toContain('Too few labels');
    }
    expect(await page.getByTestId('readiness-note').textContent()).toContain('target precision 0.97');
    expect(pageErrors).toEqual([]);
  });

  it('shows a reviewer the policy read-only, with the forecast', async () => {
    await openPolicyAs('Rory', 'reviewer');
    await expect.poll(() => page.getByTestId('policy-read-only').count()).toBe(1);
    expect(await page.getByTestId('target-precision').isDisabled()).toBe(true);
    expect(await page.getByTestId('policy-save').count()).toBe(0);
    await expect.poll(() => page.getByTestId('autonomy-row').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid^="autonomy-select-"]').count()).toBe(0);
    expect(await page.getByTestId('backtest-read-only').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('forecast-chart').locator('svg.recharts-surface').count())
      .toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });

  it('turns read-only with a plain message when the server refuses a change (403)', async () => {
    const lena = await openPolicyAs('Lena', 'lead');
    await expect.poll(() => page.getByTestId('policy-save').count()).toBe(1);
    // Demoted while the page is open: the session still lists policy:write, the server no longer.
    await app.services.db.query(`UPDATE memberships SET role = 'reviewer' WHERE user_id = $1`, [lena.id]);
    await page.getByTestId('target-precision').fill('95');
    await page.getByTestId('policy-save').click();
    await expect
      .poll(() => page.getByTestId('policy-form-error').textContent())
      .toContain('Your role cannot');
    await expect.poll(() => page.getByTestId('policy-read-only').count()).toBe(1);
    expect(await page.getByTestId('policy-save').count()).toBe(0);
    expect(await page.locator('[data-testid^="autonomy-select-"]').count()).toBe(0);
    expect((await api<Policy>('/api/v1/decision-policy')).targetPrecision).toBeCloseTo(0.97, 5);
    expect(pageErrors).toEqual([]);
  });
});
