import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GitHubTestServer,
  startGitHubTestServer,
} from '../../src/modules/integrations/github/test-support/github-test-server.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { apiWithKey, ensureWebBuilt, hasBrowser, launchChromium, logIn } from './browser-kit.js';

// An admin connects a GitHub repository with the guided form: the kind asks for the repository
// and the bot's login, and the connection it makes reaches the (local) GitHub as that bot.

type Json = Record<string, any>;

(hasBrowser ? describe : describe.skip)('GitHub connection in the browser', () => {
  let app: TestApp;
  let github: GitHubTestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    github = await startGitHubTestServer({ tokens: { ghs_form_token_123: 'triage-app[bot]' } });
    app = await startTestApp();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await github?.close();
  });

  it('adds a GitHub connection with the repository and the bot, and it tests as the bot', async () => {
    await logIn(page, app.url, app.adminEmail, app.adminPassword);
    await page.getByRole('link', { name: 'Connections', exact: true }).click();
    await page.waitForURL('**/connections');
    await page.keyboard.press('a');
    const form = page.getByTestId('connection-form');
    await form.getByLabel('Helpdesk kind').selectOption('github');
    await form.getByLabel('Name', { exact: true }).fill('acme/support');
    await form.getByLabel('API base URL').fill(github.url);
    await form.getByLabel('API token').fill('ghs_form_token_123');
    await form.getByLabel('Repository owner').fill('acme');
    await form.getByLabel('Repository name').fill('support');
    await form.getByLabel('Bot login').fill('triage-app[bot]');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByTestId('connection').count()).toBe(1);

    const api = apiWithKey(app.url, app.apiKey);
    const listed = await api<Json>('GET', '/api/v1/connections');
    expect(listed.items[0]).toMatchObject({
      kind: 'github',
      credentialFields: ['token'],
      integrationUser: { id: 'triage-app[bot]' },
    });
    const tested = await api<Json>('POST', `/api/v1/connections/${listed.items[0].id}/test`);
    expect(tested).toMatchObject({ ok: true, integrationUserMatches: true });
    expect(pageErrors).toEqual([]);
  });
});
