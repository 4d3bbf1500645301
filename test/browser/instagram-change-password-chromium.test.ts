// Edit Profile > Change Password in a real browser (Debian's Chromium): a wrong old password is shown
// under its field; a change keeps this browser signed in and stops the account's tokens (spec §1.5).
// @see issue 7 point 7
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { graphGet } from '../support/http-clients.ts';
import { screenshot, VIEWPORTS } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('Change Password in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  let browser: ChromiumSession;
  let page: Page;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    browser = await launchChromium(VIEWPORTS.desktop);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  const fillForm = async (oldPassword: string, newPassword: string, confirm: string) => {
    await page.getByLabel('Old Password').fill(oldPassword);
    await page.getByLabel('New Password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm New Password').fill(confirm);
    await page.getByRole('button', { name: 'Change Password' }).click();
  };

  it('reaches Change Password from Edit Profile and shows a wrong old password under its field', async () => {
    await page.goto(`${server.url}/accounts/login/`);
    await page.getByLabel('Username').fill(world.tester.username);
    await page.getByLabel('Password').fill(world.tester.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByLabel('Profile', { exact: true }).click();
    await page.getByRole('link', { name: 'Edit Profile' }).click();
    await page.waitForURL(`${server.url}/accounts/edit/`);
    await page.getByRole('link', { name: 'Change Password' }).click();
    await page.waitForURL(`${server.url}/accounts/password/change/`);
    await screenshot(page, 'instagram-change-password');

    await fillForm('not my password', 'a brand new password', 'a brand new password');
    const error = page.getByRole('alert');
    assert.equal(await error.textContent(), 'Your old password was entered incorrectly. Please enter it again.');
    assert.equal(await page.getByLabel('Old Password').getAttribute('aria-describedby'), 'old_password-error');
    await screenshot(page, 'instagram-change-password-error');
  });

  it('changes the password, stays signed in, and ends the tokens apps hold', async () => {
    const { accessToken } = await issueToken(server.services, world);
    assert.equal((await graphGet(server.url, { path: 'me', token: accessToken })).status, 200);

    await fillForm(world.tester.password, 'a brand new password', 'a brand new password');
    await page.waitForURL(`${server.url}/accounts/password/change/?changed=1`);
    await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor());
    await screenshot(page, 'instagram-change-password-done');

    const refused = JSON.parse((await graphGet(server.url, { path: 'me', token: accessToken })).text) as { error: { code: number; message: string } };
    assert.equal(refused.error.code, 190);
    assert.equal('error_subcode' in refused.error, false);
    assert.match(refused.error.message, /because the user changed their password/);
    await page.goto(`${server.url}/`);
    await assert.doesNotReject(page.getByText('You are logged in as').waitFor());
  });
});
