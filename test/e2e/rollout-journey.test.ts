import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../../src/modules/demo/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { addPerson, apiClient } from '../http/api-client.js';
import {
  apiWithKey,
  ensureWebBuilt,
  expectToast,
  hasBrowser,
  launchChromium,
  logIn,
  screenshot,
} from './browser-kit.js';

// The AI owner's journey on the Rollout page: the ladder shows every category × cohort at its
// stage; a lead asked to put the pilot's first category in shadow, and the admin approves it
// from the keyboard; she asks for the next category herself and cannot approve her own request;
// the history says who did what.

type Json = Record<string, any>;

(hasBrowser ? describe : describe.skip)('rollout journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let categories: { id: string; name: string }[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp();
    const key = apiWithKey(app.url, app.apiKey);
    await seedDemoWorkspace(app.services, app.workspaceId, {
      ownerUserId: null,
      historySize: 700,
      liveTickets: 0,
    });
    const person = async (email: string, name: string, role: string) =>
      (await key<Json>('POST', '/api/v1/users', { email, name, password: 'a long enough password', role }))
        .id;
    const rae = await person('rae@example.com', 'Rae Rep', 'agent');
    const sam = await person('sam@example.com', 'Sam Second', 'agent');
    const cam = await person('cam@example.com', 'Cam Control', 'agent');
    const pilot = await key<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Pilot' });
    const wave2 = await key<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Wave 2' });
    const control = await key<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Control', isControl: true });
    await key('POST', `/api/v1/rollout/cohorts/${pilot.id}/members`, { userIds: [rae] });
    await key('POST', `/api/v1/rollout/cohorts/${wave2.id}/members`, { userIds: [sam] });
    await key('POST', `/api/v1/rollout/cohorts/${control.id}/members`, { userIds: [cam] });
    categories = (await key<Json>('GET', '/api/v1/rollout')).categories;
    const { client: asLee } = await addPerson(app.url, apiClient(app.url, { apiKey: app.apiKey }), {
      email: 'lee@example.com',
      name: 'Lee Lead',
      role: 'lead',
    });
    const asked = await asLee('POST', '/api/v1/rollout/step-ups', {
      cohortId: pilot.id,
      categoryId: categories[0]!.id,
    });
    expect(asked.status).toBe(201);

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('approves a step up from the keyboard, refuses self-approval, and shows the history', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Rollout', exact: true }).click();
    await page.waitForURL('**/rollout');
    const first = categories[0]!.name;
    const second = categories[1]!.name;
    const cellText = (category: string, cohort: string) =>
      page.getByTestId(`cell-${category}-${cohort}`).textContent();
    // Every category × cohort is on the ladder: cohorts start off, the control stays off, everyone else is auto.
    await expect.poll(() => cellText(first, 'Pilot')).toContain('waiting for approval (0/1)');
    expect(await cellText(second, 'Control')).toContain('off');
    expect(await cellText(second, 'default')).toContain('auto');

    // The first cell (first category × Pilot) is selected: the gates into shadow and Lee's request.
    const detail = page.getByTestId('rollout-detail');
    expect(await detail.textContent()).toContain('Gates into shadow');
    expect(await page.getByTestId('rollout-pending').textContent()).toContain(
      'Lee Lead asked to move to shadow',
    );
    await page.keyboard.press('a');
    await expectToast(page, 'Approved');
    await expect.poll(() => cellText(first, 'Pilot')).toContain('shadow');

    // The next category: she asks herself, and cannot approve her own request.
    await page.keyboard.press('j');
    expect(await detail.textContent()).toContain(second);
    await page.keyboard.press('s');
    await expectToast(page, 'Step up to shadow requested');
    await expect.poll(() => cellText(second, 'Pilot')).toContain('waiting for approval (0/1)');
    expect(await page.getByRole('button', { name: /Approve/ }).isDisabled()).toBe(true);

    // Shadow → suggest has gates; nothing was measured, so they do not pass yet.
    await page.keyboard.press('k');
    expect(await detail.textContent()).toContain('Gates into suggest');
    expect(await detail.textContent()).toContain('no data yet');
    await page.keyboard.press('c');
    await expectToast(page, 'Checked 1 stage(s), 0 rolled back');

    // An approver edits the gates into suggest as data: the first gate's threshold, and one more gate.
    const editor = page.getByTestId('gate-editor');
    await editor.locator('summary').click();
    await editor.getByLabel('Step up into').selectOption('suggest');
    await editor.getByLabel('Gate 1 threshold').fill('150');
    await editor.getByRole('button', { name: 'Add gate' }).click();
    await editor.getByLabel('Gate 4 metric').selectOption('minutes_vs_baseline');
    await editor.getByLabel('Gate 4 comparison').selectOption('<=');
    await editor.getByLabel('Gate 4 threshold').fill('1');
    await editor.getByLabel('Gate 4 minimum sample').fill('10');
    await editor.getByRole('button', { name: 'Save gates into suggest' }).click();
    await expectToast(page, 'Gates into suggest saved');
    const stored = (await apiWithKey(app.url, app.apiKey)<Json>('GET', '/api/v1/rollout')).gates.suggest;
    expect(stored[0]).toMatchObject({ metric: 'decided_tickets', op: '>=', value: 150 });
    expect(stored[3]).toEqual({ metric: 'minutes_vs_baseline', op: '<=', value: 1, minSample: 10 });

    // Everyone else (the workspace default column) goes back to suggest for the first category.
    await page.getByTestId(`cell-${first}-default`).click();
    const form = page.getByTestId('default-stage-form');
    await form.getByRole('combobox').selectOption('suggest');
    await form.getByRole('button', { name: 'Set default stage' }).click();
    await expectToast(page, 'Everyone else is at suggest for this category');
    await expect.poll(() => cellText(first, 'default')).toContain('suggest');

    const history = page.getByRole('region', { name: 'Rollout history' });
    await expect.poll(() => history.textContent()).toContain(`${first} for Pilot: off → shadow`);
    expect(await history.textContent()).toContain('Lee Lead');
    expect(await history.textContent()).toContain('set the gates into suggest: decided tickets >= 150');
    expect(await history.textContent()).toContain(`set ${first} for everyone else: auto → suggest`);
    await screenshot(page, 'rollout');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
