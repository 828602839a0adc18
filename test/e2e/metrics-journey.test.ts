import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDashboardHistory } from '../../bench/dashboards/generate-history.js';
import { rebuildMetricRollups } from '../../src/modules/metrics/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { ensureWebBuilt, hasBrowser, launchChromium, logIn, screenshot } from './browser-kit.js';

// The AI owner's journey on the Metrics page: eight weeks of work by cohorts at their rollout
// stages are on the charts (adoption per week, value against the baseline, precision per
// category, calibration, costly confusions); switching to days and filtering to the control
// cohort from the keyboard changes what is shown — the control cohort never saw a suggestion.

(hasBrowser ? describe : describe.skip)('metrics journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp();
    await generateDashboardHistory(app.services.db, {
      tickets: 3000,
      days: 56,
      end: new Date(),
      workspaceId: app.workspaceId,
    });
    await rebuildMetricRollups(app.services, app.workspaceId);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1500 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(`${err.message} ${err.stack ?? ''}`));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  const stat = async (label: string) =>
    page.locator('.metrics-stat', { hasText: label }).locator('.metrics-stat-value').first().textContent();

  it('shows adoption, value and quality charts with data and filters them from the keyboard', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    // The nav leads there (the review page behind it is busy with thousands of open items, so go directly).
    expect(await page.getByRole('link', { name: 'Metrics', exact: true }).getAttribute('href')).toBe(
      '/dashboards',
    );
    await page.goto(`${app.url}/dashboards`);

    // Adoption: one stacked bar segment per week and outcome with data (8 or 9 weeks in range).
    const bars = page.locator('[data-testid="adoption-chart"] .recharts-bar-rectangle');
    await expect.poll(() => bars.count(), { timeout: 15_000 }).toBeGreaterThan(8);
    expect(Number(await stat('Suggestions shown'))).toBeGreaterThan(100);
    // Value: live and baseline lines with a dot per week.
    const touches = page.locator('[data-testid="value-chart-touchesPer100"] .recharts-line-dots circle');
    await expect.poll(() => touches.count(), { timeout: 15_000 }).toBeGreaterThan(8);
    expect(
      await page.locator('[data-testid="value-chart-minutesToCorrect"] .recharts-line-curve').count(),
    ).toBe(2);
    // Re-assignment hops: fewer per ticket where the AI routed it than in the baseline.
    expect(await page.locator('[data-testid="value-chart-hopsPerTicket"] .recharts-line-curve').count()).toBe(
      2,
    );
    const hops = await stat('Re-assignment hops per ticket');
    expect(Number(hops)).toBeGreaterThan(0);
    // Quality: precision lines for the most judged categories, the reliability curve, confusions.
    await expect
      .poll(() => page.locator('[data-testid="precision-chart"] .recharts-line-curve').count())
      .toBe(5);
    await expect
      .poll(() => page.locator('[data-testid="calibration-chart"] .recharts-scatter-symbol').count())
      .toBeGreaterThan(2);
    expect(await page.getByTestId('confusions').locator('tbody tr').count()).toBe(10);
    await screenshot(page, 'metrics');

    // g: by day — many more bars.
    const weekly = await bars.count();
    await page.keyboard.press('g');
    await expect
      .poll(() => page.getByRole('button', { name: 'By day' }).getAttribute('aria-pressed'))
      .toBe('true');
    await expect.poll(() => bars.count()).toBeGreaterThan(weekly * 3);

    // f focuses the cohort filter; the control cohort was never shown a suggestion.
    await page.keyboard.press('f');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'cohort-filter',
    );
    await page.getByTestId('cohort-filter').selectOption({ label: 'Control' });
    await expect.poll(() => stat('Suggestions shown')).toBe('0');
    expect(Number(await stat('Live / baseline tickets').then((t) => t?.split(' / ')[1]))).toBeGreaterThan(
      100,
    );
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  }, 120_000);
});
