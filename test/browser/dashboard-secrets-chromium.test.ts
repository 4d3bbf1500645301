// The Instagram App Secret in Chromium: "Show" asks for the password again (a wrong one is answered
// under the field) and shows the secret on that page only; "Reset" ends the old secret at once, so a
// code exchange with it fails while the new one works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, issueCode, type TestWorld } from '../support/builders.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { DEVELOPER_PASSWORD, developerOf } from '../support/dashboard.ts';
import { appMenu, logInToDashboard } from '../support/dashboard-browser.ts';
import { postAccessToken } from '../support/http-clients.ts';
import { screenshot, VIEWPORTS } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('the Instagram App Secret in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  let browser: ChromiumSession;
  let page: Page;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    browser = await launchChromium(VIEWPORTS.desktop);
    page = await browser.context.newPage();
    await logInToDashboard(page, server.url, await developerOf(server.services, world.developerId));
    await page.getByRole('link', { name: world.app.name }).click();
    await appMenu(page).getByRole('link', { name: 'Basic Display' }).click();
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  const secretField = () => page.getByRole('textbox', { name: 'Instagram App Secret', exact: true });
  const secretRow = () => page.getByRole('group', { name: 'Instagram App Secret' });
  const exchange = async (secret: string) =>
    postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code: await issueCode(server.services, world) });

  it('hides the secret until Show and the password, and hides it again on the next visit', async () => {
    assert.equal(await secretField().inputValue(), '••••••••••••••••');
    await secretRow().getByRole('link', { name: 'Show' }).click();
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Submit' }).click();
    assert.equal(await page.locator('#password-error').textContent(), 'The password you entered is incorrect.');
    await screenshot(page, 'dashboard-secret-wrong-password');
    await page.getByLabel('Password').fill(DEVELOPER_PASSWORD);
    await page.getByRole('button', { name: 'Submit' }).click();
    assert.equal(await secretField().inputValue(), world.secret);
    await appMenu(page).getByRole('link', { name: 'Basic Display' }).click();
    assert.equal(await secretField().inputValue(), '••••••••••••••••');
  });

  it('resets the secret: the old one fails the code exchange, the new one works', async () => {
    assert.equal((await exchange(world.secret)).status, 200);
    await secretRow().getByRole('link', { name: 'Reset' }).click();
    await assert.doesNotReject(page.getByRole('heading', { name: 'Reset Instagram App Secret?' }).waitFor());
    await page.getByLabel('Password').fill(DEVELOPER_PASSWORD);
    await screenshot(page, 'dashboard-secret-reset-confirm');
    await page.getByRole('button', { name: 'Reset' }).click();
    await assert.doesNotReject(page.getByText('The Instagram App Secret was reset.').waitFor());
    const fresh = await secretField().inputValue();
    assert.match(fresh, /^[0-9a-f]{32}$/);
    assert.notEqual(fresh, world.secret);
    await screenshot(page, 'dashboard-secret-reset-done');

    const old = await exchange(world.secret);
    assert.equal(old.status, 400);
    assert.match(old.text, /"error_message": "Error validating verification code\./);
    assert.equal((await exchange(fresh)).status, 200);
  });
});
