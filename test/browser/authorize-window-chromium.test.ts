// The Authorization Window in a real browser (Debian's Chromium): sign in inside the window, consent or
// cancel, land on igloo's callback page; then exchange the code and read /me (spec §2.1–2.4).
// Saves full-page screenshots of every page at a desktop and a phone viewport in test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, type TestAccount, type TestWorld } from '../support/builders.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const SCREENSHOTS = join('test-results', 'screenshots');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** Saves `<name>-desktop.png` and `<name>-phone.png`, then returns to the desktop viewport. */
async function screenshot(page: Page, name: string): Promise<void> {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

describe('the Authorization Window in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  let browser: ChromiumSession | undefined;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startTestServer();
    world = await buildWorld(server.services, { redirectUris: [`${server.url}/_igloo/callback`] });
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  after(() => server.close());

  const windowUrl = (state: string) =>
    `${server.url}/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile,user_media&response_type=code&state=${state}`;

  /** Opens the window in a fresh browser and signs in there; returns the page after the Log in click. */
  async function openWindowAndSignIn(account: TestAccount, state: string, shotPrefix: string): Promise<Page> {
    browser = await launchChromium(VIEWPORTS.desktop);
    const page = await browser.context.newPage();
    const opened = await page.goto(windowUrl(state));
    assert.equal(opened?.status(), 200);
    await assert.doesNotReject(page.getByText(`Log in to continue to ${world.igApp.displayName}.`).waitFor());
    await screenshot(page, `${shotPrefix}-1-sign-in`);
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    return page;
  }

  /** Clicks Log in and returns the response of the window page it lands on (after the 303). */
  async function logIn(page: Page) {
    const [landed] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'GET' && new URL(response.url()).pathname === '/oauth/authorize'),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
    await page.waitForLoadState();
    return landed;
  }

  it('signs in inside the window, authorizes, shows the code on the callback page and the code buys a token for /me', async () => {
    const page = await openWindowAndSignIn(world.tester, 'xyz', 'authorize');
    assert.equal((await logIn(page)).status(), 200);

    assert.equal(await page.locator('#username').textContent(), world.tester.username);
    await assert.doesNotReject(page.getByRole('heading', { name: `${world.igApp.displayName} would like to access your Instagram account` }).waitFor());
    await screenshot(page, 'authorize-2-consent');

    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL((url) => url.pathname === '/_igloo/callback');
    const callbackUrl = page.url();
    assert.ok(callbackUrl.startsWith(`${world.redirectUri}?code=AQ`), callbackUrl);
    assert.match(callbackUrl, /\?code=AQ[A-Za-z0-9_-]+&state=xyz#_$/);
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    assert.equal(await page.locator('pre#code').textContent(), code);
    await screenshot(page, 'authorize-3-callback');

    const exchanged = await postAccessToken(server.url, {
      client_id: world.igApp.igAppId,
      client_secret: world.secret,
      grant_type: 'authorization_code',
      redirect_uri: world.redirectUri,
      code,
    });
    assert.equal(exchanged.status, 200, exchanged.text);
    const match = /^\{"access_token": "(IGQ[A-Za-z0-9]+)", "user_id": (\d+)\}$/.exec(exchanged.text);
    assert.ok(match, exchanged.text);
    const [, accessToken, userIdDigits] = match as unknown as [string, string, string];

    const me = await graphGet(server.url, { path: 'me', fields: 'id,username', token: accessToken });
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(JSON.parse(me.text), { id: userIdDigits, username: world.tester.username });
  });

  it('redirects with access_denied and #_ when the user cancels, and the callback page shows the error', async () => {
    const page = await openWindowAndSignIn(world.tester, 'cancel-1', 'cancel');
    assert.equal((await logIn(page)).status(), 200);
    await screenshot(page, 'cancel-2-consent');

    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL((url) => url.pathname === '/_igloo/callback');
    assert.equal(
      page.url(),
      `${world.redirectUri}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=cancel-1#_`,
    );
    assert.equal(
      await page.locator('pre#error').textContent(),
      'error=access_denied\nerror_reason=user_denied\nerror_description=The user denied your request',
    );
    assert.equal(await page.locator('#state').textContent(), 'cancel-1');
    assert.equal(await page.locator('pre#code').count(), 0);
    await screenshot(page, 'cancel-3-callback');
  });

  it('shows "Insufficient developer role" with HTTP 400 to an account that is not a tester', async () => {
    const page = await openWindowAndSignIn(world.stranger, 'xyz', 'stranger');
    const landed = await logIn(page);
    assert.equal(landed.status(), 400);
    assert.equal(
      await page.locator('pre#error').textContent(),
      '{"error_type": "OAuthException", "code": 400, "error_message": "Insufficient developer role"}',
    );
    assert.equal(await page.getByRole('button', { name: 'Authorize' }).count(), 0);
    await screenshot(page, 'stranger-2-error');
  });
});
