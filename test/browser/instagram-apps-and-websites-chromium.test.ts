// The tutorial's tester step in a real browser (Debian's Chromium): "accept the invitation as that user
// on the Instagram side: (Profile Icon) > Edit Profile > Apps and Websites > Tester Invites > Accept";
// then the tester authorizes the app in the Authorization Window, finds it under Active, removes it
// (its token stops at once), and an app left unused for 90 days shows under Expired (spec §1.3, §1.5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DAY } from '../../src/clock.ts';
import { buildAccount, buildWorld, issueToken, type TestAccount, type TestWorld } from '../support/builders.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { screenshot, VIEWPORTS } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('Apps and Websites in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  let other: TestWorld;
  let invitee: TestAccount;
  let browser: ChromiumSession;
  let page: Page;

  before(async () => {
    server = await startTestServer({ IGLOO_TOKEN_CACHE_SECONDS: '3600' });
    world = await buildWorld(server.services, { displayName: 'Social Sizzle', redirectUris: [`${server.url}/_igloo/callback`] });
    other = await buildWorld(server.services, { displayName: 'Photo Frame' });
    invitee = await buildAccount(server.services);
    // Roles > Instagram Testers > Add Instagram Testers, done by the developers of both apps.
    await server.services.testers.invite(world.igApp.igAppId, invitee.username);
    await server.services.testers.invite(other.igApp.igAppId, invitee.username);
    browser = await launchChromium(VIEWPORTS.desktop);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  async function logIn(account: TestAccount): Promise<void> {
    await page.goto(`${server.url}/accounts/login/`);
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/`);
  }

  const appRow = (name: string) => page.getByRole('listitem').filter({ hasText: name });
  const listedApps = () => page.locator('.apps .app-name').allTextContents();
  const tab = (name: string) => page.getByRole('navigation', { name: 'Apps and Websites' }).getByRole('link', { name, exact: true });

  it('accepts an invitation through (Profile Icon) > Edit Profile > Apps and Websites > Tester Invites > Accept', async () => {
    await logIn(invitee);
    await page.getByLabel('Profile', { exact: true }).click();
    await screenshot(page, 'instagram-profile-menu');
    await page.getByRole('link', { name: 'Edit Profile' }).click();
    await page.waitForURL(`${server.url}/accounts/edit/`);
    await screenshot(page, 'instagram-edit-profile');
    await page.getByRole('link', { name: 'Apps and Websites' }).click();
    await page.waitForURL(`${server.url}/accounts/manage_access/`);
    await tab('Tester Invites').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'tester_invites');
    assert.deepEqual((await listedApps()).sort(), ['Photo Frame', 'Social Sizzle']);
    await screenshot(page, 'instagram-apps-tester-invites');

    await appRow('Social Sizzle').getByRole('button', { name: 'Accept' }).click();
    await assert.doesNotReject(page.getByText('Invitation accepted.', { exact: false }).waitFor());
    assert.deepEqual(await listedApps(), ['Photo Frame']);
    assert.equal(await server.services.testers.isAcceptedTester(world.igApp.igAppId, invitee.id), true);
    await screenshot(page, 'instagram-apps-tester-accepted');
  });

  it('declines the other invitation with Decline', async () => {
    await appRow('Photo Frame').getByRole('button', { name: 'Decline' }).click();
    await assert.doesNotReject(page.getByText('Invitation declined.').waitFor());
    assert.deepEqual(await listedApps(), []);
    await assert.doesNotReject(page.getByText('You have no pending tester invites.').waitFor());
    assert.equal(await server.services.testers.find(other.igApp.igAppId, invitee.id), undefined);
  });

  it('lists the app under Active after authorizing it, and Remove stops its token with code 190', async () => {
    const authorizeUrl = `${server.url}/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile,user_media&response_type=code`;
    await page.goto(authorizeUrl);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL((url) => url.pathname === '/_igloo/callback');
    const code = new URL(page.url()).searchParams.get('code') ?? assert.fail(page.url());
    const exchanged = await postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code });
    const token = (JSON.parse(exchanged.text) as { access_token: string }).access_token;
    assert.equal((await graphGet(server.url, { path: 'me', fields: 'id,username', token })).status, 200);

    await page.goto(`${server.url}/accounts/manage_access/`);
    assert.deepEqual(await listedApps(), ['Social Sizzle']);
    await assert.doesNotReject(appRow('Social Sizzle').getByText('Authorized on').waitFor());
    await screenshot(page, 'instagram-apps-active');

    await appRow('Social Sizzle').getByRole('button', { name: 'Remove' }).click();
    await assert.doesNotReject(page.getByText('The app was removed.', { exact: false }).waitFor());
    assert.deepEqual(await listedApps(), []);
    const me = await graphGet(server.url, { path: 'me', fields: 'id,username', token });
    assert.equal(me.status, 400);
    assert.equal((JSON.parse(me.text) as { error: { code: number } }).error.code, 190);

    await tab('Removed').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'removed');
    assert.deepEqual(await listedApps(), ['Social Sizzle']);
    await screenshot(page, 'instagram-apps-removed');
  });

  it('shows an app unused for 90 days under Expired', async () => {
    await issueToken(server.services, other, { account: other.tester });
    server.clock.advance(91 * DAY);
    // Web sessions last 30 days, so the tester logs in again.
    await logIn(other.tester);
    await page.goto(`${server.url}/accounts/manage_access/`);
    assert.deepEqual(await listedApps(), []);
    await tab('Expired').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'expired');
    assert.deepEqual(await listedApps(), ['Photo Frame']);
    await assert.doesNotReject(appRow('Photo Frame').getByText('Expired on').waitFor());
    await screenshot(page, 'instagram-apps-expired');
  });
});
