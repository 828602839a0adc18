import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { ensureWebBuilt, expectToast, hasBrowser, launchChromium, logIn, screenshot } from './browser-kit.js';

// The model registry through the real UI: an admin follows a training run of another process,
// trains a new model with the button and sees it become the challenger with its shadow gate,
// approves it with a confirmation, and rolls back to the previous champion from the keyboard.
// The seeded workspace has a labelled history and model v1 as champion.

(hasBrowser ? describe : describe.skip)('models journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const row = (version: number) => page.getByTestId(`model-row-${version}`);

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({ seedReview: true, historySize: 400 });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows training progress, the challenger and its gate, approves it, and rolls back', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Models' }).click();
    await page.waitForURL('**/models');
    await expect.poll(() => row(1).getAttribute('data-status')).toBe('champion');

    // Another process (the worker's schedule, the CLI) trains: the page follows its progress.
    const [run] = await app.services.db.query<{ id: string }>(
      `INSERT INTO training_runs (workspace_id, status, step, percent, trigger, started_by_type, started_at, updated_at)
       VALUES ($1, 'running', 'training', 10, 'schedule', 'system', now(), now()) RETURNING id`,
      [app.workspaceId],
    );
    await page.reload();
    const progress = page.getByTestId('training-progress');
    await expect.poll(() => progress.textContent()).toContain('Training: training');
    await expect(page.getByRole('button', { name: /Training…/ }).isDisabled()).resolves.toBe(true);
    await app.services.db.query(`UPDATE training_runs SET step = 'evaluating', percent = 80 WHERE id = $1`, [
      run!.id,
    ]);
    await expect.poll(() => progress.textContent()).toContain('Training: evaluating');
    await expect.poll(() => page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('80');
    await app.services.db.query(
      `UPDATE training_runs SET status = 'failed', error = 'stopped' WHERE id = $1`,
      [run!.id],
    );
    await expect.poll(() => progress.getAttribute('data-status')).toBe('failed');

    // Train now: the new model becomes the challenger, shadowing v1 with a gate still collecting.
    await page.getByRole('button', { name: /Train now/ }).click();
    await expectToast(page, 'Model v2 trained; it shadows the champion as challenger.');
    await expect.poll(() => progress.textContent()).toContain('Trained model v2');
    await expect.poll(() => page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await expect.poll(() => row(2).getAttribute('data-status')).toBe('challenger');
    await expect.poll(() => page.getByTestId('gate-verdict').textContent()).toBe('insufficient sample');
    expect(await page.getByTestId('model-history').textContent()).toContain('model.challenger_started');
    await screenshot(page, 'models');

    // Promote (an owner's approval) asks first; Escape cancels, Enter confirms.
    await page.keyboard.press('p');
    await expect
      .poll(() => page.getByTestId('confirm').textContent())
      .toContain('Make v2 the champion and retire v1?');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('confirm').count()).toBe(0);
    expect(await row(2).getAttribute('data-status')).toBe('challenger');
    await page.keyboard.press('p');
    await page.keyboard.press('Enter');
    await expectToast(page, 'v2 is the champion; v1 retired.');
    await expect.poll(() => row(2).getAttribute('data-status')).toBe('champion');
    expect(await row(1).getAttribute('data-status')).toBe('retired');

    // Roll back in one action, confirmed with the button.
    await page.getByRole('button', { name: /Roll back to v1/ }).click();
    await expect
      .poll(() => page.getByTestId('confirm').textContent())
      .toContain('Roll back: retire v2 and restore v1 as champion?');
    await page
      .getByTestId('confirm')
      .getByRole('button', { name: /Confirm/ })
      .click();
    await expectToast(page, 'Rolled back: v1 is the champion again; v2 retired.');
    await expect.poll(() => row(1).getAttribute('data-status')).toBe('champion');
    expect(await row(2).getAttribute('data-status')).toBe('retired');
    expect(await page.getByTestId('model-history').textContent()).toContain('restored by rolling back v2');
    expect(pageErrors).toEqual([]);
  });
});
