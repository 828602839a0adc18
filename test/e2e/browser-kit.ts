import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM } from './journey-kit.js';

// What the browser journeys share: Debian's Chromium (never a downloaded browser), the
// built UI, and small helpers that read the page the way a person would. Chromium's path, its
// launch and the UI build are journey-kit's: one copy of the flags.

export { CHROMIUM, ensureWebBuilt, launchChromium } from './journey-kit.js';

export const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) {
  if (process.env.TRIAGE_REQUIRE_BROWSER === '1') {
    throw new Error(
      `Browser tests required (TRIAGE_REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist: install Debian's chromium (apt-get install chromium).`,
    );
  }
  console.warn("Browser tests skipped: /usr/bin/chromium not found (install Debian's chromium)");
}

export interface ReviewItemDto {
  id: string;
  ticketId: string;
  subject: string;
  suggestedCategoryId: string | null;
  suggestedCategoryName: string | null;
  claimedBy: string | null;
}

export interface CategoryDto {
  id: string;
  key: string;
  name: string;
}

export interface TicketDto {
  id: string;
  category: { id: string; name: string } | null;
  categorySetBy: 'ai' | 'human' | null;
}

/** The shortest prefix of `target`'s name that no other category name starts with. */
export function uniquePrefix(target: CategoryDto, categories: CategoryDto[]): string {
  const name = target.name.toLowerCase();
  for (let length = 3; length < name.length; length++) {
    const prefix = name.slice(0, length);
    if (prefix.trim() !== prefix) continue;
    const clashes = categories.filter((c) => c.id !== target.id && c.name.toLowerCase().startsWith(prefix));
    if (clashes.length === 0) return target.name.slice(0, length);
  }
  return target.name;
}

/**
 * The test app's API with its admin key: `get` and `send` fail the test on an error status.
 * `app` is read at each call, so the helpers can be made before `beforeAll` starts the app.
 */
export function adminApi(app: () => { url: string; apiKey: string }) {
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const { url, apiKey } = app();
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  return { get: <T>(path: string) => send<T>('GET', path), send };
}

// The README's screenshots are refreshed only when asked (TRIAGE_SCREENSHOTS=1), so a test
// run leaves the working tree clean; otherwise the screenshot still proves the page renders.
const screenshotDir =
  process.env.TRIAGE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : `${tmpdir()}/triage-screenshots/`;

/** The page as a person sees it, as `NAME.png` in docs/screenshots (when asked) or a temp folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}

export async function logIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/review');
}

/** The data-testid of the element that has the keyboard focus. */
export const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

/** The ticket id of the list item the keys act on. */
export const selectedTicketId = (page: Page) =>
  page.locator('[data-testid="review-item"][aria-selected="true"]').getAttribute('data-ticket-id');

export async function expectToast(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.getByTestId('toast').textContent()).toContain(text);
}

/** Calls the API with a key, as a test sets up what the browser will see; fails on any error status. */
export function apiWithKey(baseUrl: string, apiKey: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
}
