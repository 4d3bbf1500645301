// The User Token Generator in Chromium (spec §1.2): Generate Token opens the Authorization Window, the
// tester logs in there and authorizes, and the dashboard shows a long-lived token that reads /me.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { developerOf } from '../support/dashboard.ts';
import { appMenu, logInToDashboard } from '../support/dashboard-browser.ts';
import { graphGet } from '../support/http-clients.ts';
import { screenshot, VIEWPORTS } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('the User Token Generator in Chromium', () => {
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
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  it('generates a token for an accepted tester through the Authorization Window', async () => {
    await page.getByRole('link', { name: world.app.name }).click();
    await appMenu(page).getByRole('link', { name: 'Basic Display' }).click();
    const generator = page.locator('#user-token-generator');
    await generator.locator('tr', { hasText: world.tester.username }).getByRole('button', { name: 'Generate Token' }).click();

    await assert.doesNotReject(page.getByText(`Log in to continue to ${world.igApp.displayName}.`).waitFor());
    await page.getByLabel('Username').fill(world.tester.username);
    await page.getByLabel('Password').fill(world.tester.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Authorize' }).click();

    await assert.doesNotReject(page.getByRole('heading', { name: `Access token for ${world.tester.username}` }).waitFor());
    assert.match(new URL(page.url()).pathname, /^\/developers\/apps\/\d+\/instagram-basic-display\/token-generator\/callback\/$/);
    await screenshot(page, 'dashboard-token-generated');
    const token = await page.getByLabel('Access Token').inputValue();
    const me = await graphGet(server.url, { path: 'me', fields: 'id,username', token });
    assert.equal(me.status, 200, me.text);
    assert.equal((JSON.parse(me.text) as { username: string }).username, world.tester.username);
  });
});
