import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedLiveDemoTicket, seedDemoWorkspace } from '../../src/modules/demo/index.js';
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

// The drift owner's journey: a week of ordinary tickets, then today the model is less sure and
// a topic no category covers arrives. She checks, sees both alerts with her name, the
// confidence chart and the new topic's example tickets, opens one, acknowledges the topic from
// the keyboard and resolves the other with a button.

const TOPIC = [
  [
    'Sponsorship package for your conference booth',
    'We would like to sponsor a booth at your user conference.',
  ],
  [
    'Conference sponsorship enquiry',
    'Is a booth included in the gold sponsorship package for the conference?',
  ],
  ['Booth at the annual conference', 'Can we still book a sponsor booth at the annual conference?'],
  ['Question about sponsoring the conference', 'Which sponsorship tiers exist for the conference booth?'],
  [
    'Sponsor booth pricing',
    'How much does a sponsor booth at your conference cost with the sponsorship package?',
  ],
  [
    'Silver sponsorship for the conference',
    'Please reserve a booth for our silver sponsorship of the conference.',
  ],
] as const;

(hasBrowser ? describe : describe.skip)('drift journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const topicIds: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp();
    const send = apiWithKey(app.url, app.apiKey);
    const { db } = app.services;
    await seedDemoWorkspace(app.services, app.workspaceId, {
      ownerUserId: null,
      historySize: 700,
      liveTickets: 0,
    });
    for (let i = 0; i < 100; i++) await feedLiveDemoTicket(app.services, app.workspaceId);
    // Seventy of them arrived over the past week, one window a day...
    await db.query(
      `WITH early AS (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM decisions
                       WHERE workspace_id = $1 ORDER BY created_at, id LIMIT 70)
       UPDATE decisions d SET created_at = d.created_at - ((1 + early.n % 7) * interval '1 day')
         FROM early WHERE d.id = early.id`,
      [app.workspaceId],
    );
    // ...and today the model is far less sure of the rest.
    await db.query(
      `UPDATE predictions p SET confidence = p.confidence * 0.5
         FROM decisions d WHERE d.prediction_id = p.id AND d.workspace_id = $1
          AND d.created_at > now() - interval '1 hour'`,
      [app.workspaceId],
    );
    for (const [i, [subject, body]] of TOPIC.entries()) {
      const t = await send<{ id: string }>('POST', '/api/v1/tickets', {
        source: 'api',
        externalId: `topic-${i}`,
        subject,
        body,
      });
      topicIds.push(t.id);
    }

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

  it('shows the alerts with their owner, chart and examples; examples open tickets; acknowledged by key, resolved by button', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Drift', exact: true }).click();
    await page.waitForURL('**/drift');
    await expect.poll(() => page.getByTestId('drift-empty').count()).toBe(1);

    await page.getByTestId('drift-check').click();
    await expectToast(page, 'Checked: 2 opened');
    const alerts = page.getByTestId('drift-alert');
    await expect.poll(() => alerts.count()).toBe(2);

    const confidence = alerts.filter({ hasText: 'Confidence sliding down' });
    expect(await confidence.getByTestId('drift-owner').textContent()).toContain(
      'Admin (you) — admin: no drift owner is set',
    );
    expect(await confidence.getByTestId('drift-figures').textContent()).toMatch(
      /mean confidence: .+ now vs .+ baseline/,
    );
    await expect.poll(() => confidence.locator('[data-testid="drift-chart"] svg').count()).toBeGreaterThan(0);

    const topic = alerts.filter({ hasText: 'Candidate new category' });
    expect(await topic.getByTestId('drift-title').textContent()).toMatch(
      /“.*(Sponsorship|Conference|Booth).*”: 6 similar/i,
    );
    const examples = topic.getByTestId('drift-examples').getByRole('link');
    expect(await examples.count()).toBe(5);
    await screenshot(page, 'drift');

    // An example is a link to its ticket.
    const href = await examples.first().getAttribute('href');
    expect(topicIds.map((id) => `/tickets/${id}`)).toContain(href);
    await examples.first().click();
    await page.waitForURL(`**${href}`);
    await page.goBack();
    await page.waitForURL('**/drift');
    await expect.poll(() => alerts.count()).toBe(2);

    // From the keyboard: move to the topic and acknowledge it with a.
    const order = await alerts.evaluateAll((els) => els.map((el) => el.textContent ?? ''));
    const topicIndex = order.findIndex((text) => text.includes('Candidate new category'));
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < topicIndex; i++) await page.keyboard.press('j');
    expect(await topic.getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('a');
    await expectToast(page, 'Acknowledged: Candidate new category');
    await expect.poll(() => topic.getByTestId('drift-status').textContent()).toBe('acknowledged');
    expect(await topic.getByTestId('drift-acknowledged').textContent()).toContain('Acknowledged by Admin');

    // With a button: resolve the confidence alert, saying what was done.
    await confidence.getByTestId('drift-resolve').click();
    await page.getByTestId('drift-note').fill('retrained on this week’s labels');
    await page.keyboard.press('Enter');
    await expectToast(page, 'Resolved: Confidence sliding down');
    await expect.poll(() => alerts.count()).toBe(1);
    await page.keyboard.press('l');
    await expect
      .poll(() => page.getByTestId('drift-resolution').textContent())
      .toContain('retrained on this week’s labels');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
