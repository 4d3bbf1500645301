// Chromium helpers for the App Dashboard: separate browsers, log in through the page, the side menu, an
// Instagram account signed in on www, and the Authorization Window's outcome.
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './chromium.ts';
import { VIEWPORTS } from './screenshots.ts';

/** Logs in on /developers/login/ with the Email and Password fields. */
export async function logInToDashboard(page: Page, baseUrl: string, developer: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/developers/login/`);
  await page.getByLabel('Email').fill(developer.email);
  await page.getByLabel('Password').fill(developer.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/developers/apps/');
}

/** The App Dashboard's side menu. */
export const appMenu = (page: Page) => page.getByRole('navigation', { name: 'App menu' });

/** Logs in to Instagram on www. */
export async function logInToInstagram(page: Page, baseUrl: string, account: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/accounts/login/`);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** The OAuth error JSON an Authorization Window error page shows, or undefined. */
export async function windowError(page: Page): Promise<string | undefined> {
  const error = page.locator('pre#error');
  return (await error.count()) > 0 ? ((await error.textContent()) ?? undefined) : undefined;
}

/** Separate browsers ("open a new web browser"), each with its own cookies; close() ends them all. */
export function browserPool(): { newPage(): Promise<Page>; close(): Promise<void> } {
  const browsers: ChromiumSession[] = [];
  return {
    async newPage() {
      const browser = await launchChromium(VIEWPORTS.desktop);
      browsers.push(browser);
      return browser.context.newPage();
    },
    async close() {
      for (const browser of browsers.splice(0)) await browser.close();
    },
  };
}
