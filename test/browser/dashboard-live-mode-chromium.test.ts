// The App Mode switch and App Review in Chromium (spec §1.4): Live needs a Privacy Policy URL; a Live
// app lets people who are not testers grant only permissions App Review approved, so before "Add to
// Submission" they get "Invalid scope: []" and after it they can Authorize.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { developerOf } from '../support/dashboard.ts';
import { appMenu, browserPool, logInToDashboard, logInToInstagram, windowError } from '../support/dashboard-browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('the Live mode gate in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  const browsers = browserPool();
  const newPage = () => browsers.newPage();
  let dashboard: Page;
  let stranger: Page;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { redirectUris: [`${server.url}/_igloo/callback`] });
    dashboard = await newPage();
    await logInToDashboard(dashboard, server.url, await developerOf(server.services, world.developerId));
    await dashboard.getByRole('link', { name: world.app.name }).click();
    stranger = await newPage();
    await logInToInstagram(stranger, server.url, world.stranger);
  });
  after(async () => {
    await browsers.close();
    await server.close();
  });

  const modeSwitch = () => dashboard.getByRole('form', { name: 'App Mode' });
  const openWindow = async () => {
    await stranger.goto(`${server.url}/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile,user_media&response_type=code`);
    return windowError(stranger);
  };

  it('refuses Live without a Privacy Policy URL, next to that field', async () => {
    assert.equal(await openWindow(), '{"error_type": "OAuthException", "code": 400, "error_message": "Insufficient developer role"}');
    await modeSwitch().getByRole('button', { name: 'Live' }).click();
    const message = 'Add a Privacy Policy URL in Settings > Basic before you switch the app to Live.';
    assert.equal(await dashboard.locator('#privacyPolicyUrl-error').textContent(), message);
    assert.equal(await dashboard.getByRole('alert').textContent(), message);
    assert.equal(await modeSwitch().getByRole('button', { name: 'Development' }).getAttribute('aria-pressed'), 'true');
    await screenshot(dashboard, 'dashboard-live-needs-privacy-policy');
  });

  it('goes Live once the Privacy Policy URL is saved; non-testers then get Invalid scope: []', async () => {
    await dashboard.getByLabel('Privacy Policy URL').fill('https://socialsizzle.herokuapp.com/privacy/');
    await dashboard.getByRole('button', { name: 'Save Changes' }).click();
    await modeSwitch().getByRole('button', { name: 'Live' }).click();
    await assert.doesNotReject(dashboard.getByText('The app is now Live.').waitFor());
    assert.equal(await modeSwitch().getByRole('button', { name: 'Live' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await openWindow(), '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid scope: []"}');
  });

  it('lets non-testers authorize the permissions approved through Add to Submission', async () => {
    await appMenu(dashboard).getByRole('link', { name: 'App Review' }).click();
    for (const permission of ['instagram_graph_user_profile', 'instagram_graph_user_media']) {
      const item = dashboard.locator(`li[data-permission="${permission}"]`);
      assert.equal(await item.locator('.badge').textContent(), 'Not submitted');
      await item.getByRole('button', { name: 'Add to Submission' }).click();
      assert.equal(await dashboard.locator(`li[data-permission="${permission}"] .badge`).textContent(), 'Approved');
    }
    await screenshot(dashboard, 'dashboard-app-review-approved');
    assert.equal(await openWindow(), undefined);
    await stranger.getByRole('button', { name: 'Authorize' }).click();
    await stranger.waitForURL((url) => url.pathname === '/_igloo/callback');
    assert.match(stranger.url(), /\?code=AQ[A-Za-z0-9_-]+#_$/);
  });
});
