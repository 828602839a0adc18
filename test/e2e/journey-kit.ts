import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

// What a browser journey needs: Debian's Chromium (never a downloaded browser), a built UI,
// and a logged-in page per person. review-journey.test.ts predates this kit and keeps its own
// copy of the launch; new journeys start here.

export const CHROMIUM = '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const webDist = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

/** Whether the browser journeys can run; says why not, or fails when CI requires them. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.TRIAGE_REQUIRE_BROWSER === '1') {
    throw new Error(
      `Browser tests required (TRIAGE_REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist: install Debian's chromium (apt-get install chromium).`,
    );
  }
  console.warn("Browser tests skipped: /usr/bin/chromium not found (install Debian's chromium)");
  return false;
}

export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(webDist)) return;
  // `npm test` builds the UI first; build it here too so a journey also runs on its own.
  const { build } = await import('vite');
  await build({ configFile: `${repoRoot}web/vite.config.ts`, logLevel: 'warn' });
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
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
}

/** A page of its own (own cookies) logged in as one person; page errors are collected. */
export async function loggedInPage(
  browser: Browser,
  baseUrl: string,
  login: { email: string; password: string },
  pageErrors: string[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(`${login.email}: ${err.message}`));
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('login-email').fill(login.email);
  await page.getByTestId('login-password').fill(login.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/review');
  expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).toContain('Disputes');
  return page;
}
