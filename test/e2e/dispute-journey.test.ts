import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/modules/demo/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { browserAvailable, ensureWebBuilt, launchChromium, loggedInPage } from './journey-kit.js';

// A dispute through the real UI, with two people in two browser sessions: an agent disputes
// the category the AI applied on the ticket page, the category's owner rules on the Disputes
// page with the keyboard, and the agent finds the outcome in their disputes and in the
// ticket's history.

type Json = Record<string, any>;

// Pictures of the pages for a person to look at; they prove the pages render.
const screenshotDir = `${tmpdir()}/triage-screenshots/`;

(browserAvailable() ? describe : describe.skip)('dispute journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  const pageErrors: string[] = [];
  const password = 'a long enough password';
  let ticket: Json;
  let billing: Json;
  let proposed: Json;
  let ruling: Json;

  const api = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${app.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as Json;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp();
    const rows = generateDemoHistory({ seed: 11, count: 700 }).map((t) => ({
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      category: t.category,
    }));
    await api('POST', '/api/v1/history/import', { rows, createCategories: true });
    await api('POST', '/api/v1/models/train');
    // A loose target so that the clear ticket below is certain to be applied by the AI.
    await api('PATCH', '/api/v1/decision-policy', { targetPrecision: 0.5 });
    const olga = await api('POST', '/api/v1/users', {
      email: 'olga@example.com',
      name: 'Olga Owner',
      password,
      role: 'reviewer',
    });
    await api('POST', '/api/v1/users', {
      email: 'andy@example.com',
      name: 'Andy Agent',
      password,
      role: 'agent',
    });
    ticket = await api('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: 'dispute-1',
      subject: 'Charged twice for the same invoice',
      body: 'Our card was charged twice for this month’s invoice. Please refund the duplicate payment.',
    });
    expect(ticket.decision.outcome).toBe('applied');
    const categories: Json[] = (await api('GET', '/api/v1/categories')).items;
    billing = categories.find((c) => c.id === ticket.category.id)!;
    const others = categories.filter((c) => c.id !== billing.id);
    proposed = others[0]!;
    ruling = others[1]!;
    await api('PATCH', `/api/v1/categories/${billing.id}`, { ownerUserId: olga.id });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  let agent: Page;
  let owner: Page;

  it('an agent disputes the AI’s category on the ticket page', async () => {
    agent = await loggedInPage(browser, app.url, { email: 'andy@example.com', password }, pageErrors);
    await agent.goto(`${app.url}/tickets/${ticket.id}`);
    await agent.getByTestId('dispute-open-form').click();
    await agent
      .getByTestId('dispute-reason')
      .fill('The customer asks for a refund policy, not about a charge.');
    await agent.getByTestId('dispute-proposed').selectOption(proposed.id);
    await agent.getByTestId('dispute-submit').click();
    const card = agent.getByTestId('ticket-disputes');
    await expect.poll(() => card.textContent()).toContain('Open');
    expect(await card.textContent()).toContain('Olga Owner (owner of');
    await expect
      .poll(() => agent.getByTestId('ticket-history').textContent())
      .toContain(`Andy Agent disputed ${billing.name}, proposing ${proposed.name}`);
    // One open dispute per ticket: the form is gone until it is ruled on.
    expect(await agent.getByTestId('dispute-open-form').count()).toBe(0);
  });

  it('the owner rules with the keyboard on the Disputes page', async () => {
    owner = await loggedInPage(browser, app.url, { email: 'olga@example.com', password }, pageErrors);
    await owner.getByRole('link', { name: 'Disputes', exact: true }).click();
    await owner.waitForURL('**/disputes');
    await expect.poll(() => owner.getByTestId('to-rule-count').textContent()).toBe('1');
    await expect.poll(() => owner.getByTestId('dispute-item').count()).toBe(1);
    const detail = owner.getByTestId('dispute-detail');
    await expect.poll(() => detail.textContent()).toContain('The customer asks for a refund policy');
    const select = owner.getByTestId('ruling-category');
    // The proposal is preselected; `r` goes to the ruling, typing a name chooses another.
    expect(await select.inputValue()).toBe(proposed.id);
    await owner.keyboard.press('r');
    await expect
      .poll(() => owner.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('ruling-category');
    await owner.keyboard.type(ruling.name, { delay: 30 });
    await expect.poll(() => select.inputValue()).toBe(ruling.id);
    await owner.keyboard.press('Tab');
    await owner.keyboard.type('Neither: it is about this.');
    mkdirSync(screenshotDir, { recursive: true });
    await owner.screenshot({ path: `${screenshotDir}disputes-to-rule.png` });
    await owner.keyboard.press('Enter');
    await expect
      .poll(() => owner.getByTestId('toast').textContent())
      .toContain(`Overturned to ${ruling.name}`);
    await expect.poll(() => owner.getByTestId('to-rule-count').textContent()).toBe('0');
    await expect.poll(() => owner.getByTestId('dispute-item').count()).toBe(0);

    const after = await api('GET', `/api/v1/tickets/${ticket.id}`);
    expect(after).toMatchObject({ category: { id: ruling.id }, categorySetBy: 'human' });
    const label = after.history.find((h: Json) => h.action === 'label.recorded');
    expect(label).toMatchObject({
      actorName: 'Olga Owner',
      payload: { kind: 'dispute', categoryId: ruling.id },
    });
  });

  it('the agent sees the outcome in their disputes and on the ticket', async () => {
    await agent.getByRole('link', { name: 'Disputes', exact: true }).click();
    // Nothing for an agent to rule: the page opens on the disputes they raised.
    await expect.poll(() => agent.getByTestId('dispute-item').count()).toBe(1);
    await expect
      .poll(() => agent.getByTestId('dispute-outcome').textContent())
      .toBe(`Overturned to ${ruling.name}`);
    expect(await agent.getByTestId('dispute-ruling').textContent()).toContain('Neither: it is about this.');
    expect(await agent.getByTestId('ruling-form').count()).toBe(0);

    await agent.getByTestId('dispute-detail').getByRole('link').first().click();
    await agent.waitForURL(`**/tickets/${ticket.id}`);
    await expect
      .poll(() => agent.getByTestId('ticket-history').textContent())
      .toContain(`Olga Owner overturned ${billing.name} to ${ruling.name} on the dispute`);
    await expect
      .poll(() => agent.getByTestId('ticket-disputes').textContent())
      .toContain(`Overturned to ${ruling.name}`);
    await agent.screenshot({ path: `${screenshotDir}ticket-disputed.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
