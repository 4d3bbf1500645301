// Instagram Testers in Chromium (spec §1.3–1.4): an unknown username is answered next to the field; a
// tester goes Pending → Accepted (on Instagram's Tester Invites) → Removed, and an account that is not
// an accepted tester is refused by the Authorization Window while the app is in Development mode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildAccount, buildWorld, type TestAccount, type TestWorld } from '../support/builders.ts';
import { developerOf } from '../support/dashboard.ts';
import { appMenu, browserPool, logInToDashboard, logInToInstagram, windowError } from '../support/dashboard-browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('Instagram Testers in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  let candidate: TestAccount;
  const browsers = browserPool();
  const newPage = () => browsers.newPage();
  let dashboard: Page;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { redirectUris: [`${server.url}/_igloo/callback`] });
    candidate = await buildAccount(server.services);
    dashboard = await newPage();
    await logInToDashboard(dashboard, server.url, await developerOf(server.services, world.developerId));
    await dashboard.getByRole('link', { name: world.app.name }).click();
  });
  after(async () => {
    await browsers.close();
    await server.close();
  });

  const row = (username: string) => dashboard.locator(`#instagram-testers tr[data-username="${username}"]`);

  /** Opens the Authorization Window as `account` in a fresh browser; returns the page after Log in. */
  async function openWindowAs(account: TestAccount): Promise<Page> {
    const page = await newPage();
    await page.goto(`${server.url}/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile,user_media&response_type=code`);
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForLoadState();
    return page;
  }

  it('answers an unknown username next to the field', async () => {
    await appMenu(dashboard).getByRole('link', { name: 'Roles', exact: true }).click();
    await dashboard.getByRole('link', { name: 'Add Instagram Testers' }).click();
    await dashboard.getByLabel('Instagram username').fill('no_such_user_here');
    await dashboard.getByRole('button', { name: 'Submit' }).click();
    assert.equal(await dashboard.locator('#username-error').textContent(), 'No Instagram account is called "no_such_user_here".');
    assert.equal(await dashboard.getByLabel('Instagram username').inputValue(), 'no_such_user_here');
    await screenshot(dashboard, 'dashboard-testers-unknown-username');
  });

  it('refuses an account that is not a tester in Development mode with Insufficient developer role', async () => {
    const page = await openWindowAs(candidate);
    assert.equal(await windowError(page), '{"error_type": "OAuthException", "code": 400, "error_message": "Insufficient developer role"}');
  });

  it('shows the invited tester as Pending, then Accepted once they accept on Instagram, who may then authorize', async () => {
    await dashboard.getByLabel('Instagram username').fill(candidate.username);
    await dashboard.getByRole('button', { name: 'Submit' }).click();
    assert.equal(await row(candidate.username).locator('.badge').textContent(), 'Pending');
    // Pending is not enough for the window.
    assert.equal(await windowError(await openWindowAs(candidate)), '{"error_type": "OAuthException", "code": 400, "error_message": "Insufficient developer role"}');

    const instagram = await newPage();
    await logInToInstagram(instagram, server.url, candidate);
    await instagram.goto(`${server.url}/accounts/manage_access/?tab=tester_invites`);
    await instagram.getByRole('button', { name: 'Accept' }).click();
    await assert.doesNotReject(instagram.getByText('Invitation accepted.').waitFor());

    await dashboard.reload();
    assert.equal(await row(candidate.username).locator('.badge').textContent(), 'Accepted');
    await screenshot(dashboard, 'dashboard-testers-accepted');
    const window = await openWindowAs(candidate);
    assert.equal(await windowError(window), undefined);
    await assert.doesNotReject(window.getByRole('button', { name: 'Authorize' }).waitFor());
  });

  it('removes a tester, who is then refused again', async () => {
    await row(candidate.username).getByRole('button', { name: 'Remove' }).click();
    await assert.doesNotReject(dashboard.getByText('The Instagram Tester was removed.').waitFor());
    assert.equal(await row(candidate.username).count(), 0);
    assert.equal(await row(world.tester.username).locator('.badge').textContent(), 'Accepted');
    await screenshot(dashboard, 'dashboard-testers-removed');
    assert.equal(await windowError(await openWindowAs(candidate)), '{"error_type": "OAuthException", "code": 400, "error_message": "Insufficient developer role"}');
  });
});
