// Auto consent (issue 8) in Debian's Chromium: the developer ticks Auto consent on the Basic Display
// page; then the Authorization Window, opened in a fresh browser, lands on the app's redirect URI with a
// code without a consent screen: at once for the app's only tester, after Log in once there are two.
// Screenshots in test-results/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount, buildWorld, type TestWorld } from '../support/builders.ts';
import { developerOf } from '../support/dashboard.ts';
import { browserPool, logInToDashboard } from '../support/dashboard-browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('auto consent in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  const browsers = browserPool();

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { displayName: 'Sizzle CI', redirectUris: [`${server.url}/_igloo/callback`] });
  });
  after(async () => {
    await browsers.close();
    await server.close();
  });

  it('ticks Auto consent in the dashboard, then the window sends testers straight to the redirect URI', async () => {
    const dashboard = await browsers.newPage();
    await logInToDashboard(dashboard, server.url, await developerOf(server.services, world.developerId));
    await dashboard.goto(`${server.url}/developers/apps/${world.app.appId}/instagram-basic-display/basic-display/`);
    const box = dashboard.getByLabel('Skip the consent screen');
    assert.equal(await box.isChecked(), false);
    await box.check();
    await dashboard.locator('#auto-consent').getByRole('button', { name: 'Save' }).click();
    await dashboard.waitForURL((url) => url.searchParams.get('done') === 'auto-consent-on');
    assert.equal(await dashboard.getByLabel('Skip the consent screen').isChecked(), true);
    await dashboard.locator('#auto-consent').scrollIntoViewIfNeeded();
    await screenshot(dashboard, 'auto-consent-1-dashboard');

    const params = new URLSearchParams({ client_id: world.igApp.igAppId, redirect_uri: world.redirectUri, scope: 'user_profile,user_media', response_type: 'code', state: 'ci' });
    const landed = new RegExp(`^${server.url}/_igloo/callback\\?code=AQ[A-Za-z0-9_-]+&state=ci#_$`);
    // The app's only accepted tester: nobody needs to sign in (docs/decisions.md).
    const unattended = await browsers.newPage();
    await unattended.goto(`${server.url}/oauth/authorize?${params.toString()}`);
    await unattended.waitForURL((url) => url.pathname === '/_igloo/callback');
    assert.match(unattended.url(), landed);

    // With a second tester the window asks who is signing in, then skips the consent screen.
    const second = await buildAccount(server.services);
    await server.services.testers.invite(world.igApp.igAppId, second.username);
    await server.services.testers.accept(world.igApp.igAppId, second.id);
    const window = await browsers.newPage();
    await window.goto(`${server.url}/oauth/authorize?${params.toString()}`);
    await window.getByLabel('Username').fill(second.username);
    await window.getByLabel('Password').fill(second.password);
    await window.getByRole('button', { name: 'Log in' }).click();
    await window.waitForURL((url) => url.pathname === '/_igloo/callback');
    assert.match(window.url(), landed);
    await screenshot(window, 'auto-consent-2-callback');
  });
});
