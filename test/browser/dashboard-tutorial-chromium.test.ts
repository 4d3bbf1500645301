// The getting-started tutorial (seed/basic-display-getting-started.txt) in a real browser, in its
// order and by the names it uses: a Consumer app, the Website platform, Instagram Basic Display, Create
// New App, the three URLs, an Instagram Tester who accepts on Instagram, the Authorization Window built
// from the dashboard's values, the multipart code exchange and /me. Screenshots of every page go to
// test-results/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount, type TestAccount } from '../support/builders.ts';
import { appMenu, browserPool } from '../support/dashboard-browser.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { screenshot } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('the getting-started tutorial in Chromium', () => {
  let server: TestServer;
  let tester: TestAccount;
  const browsers = browserPool();

  before(async () => {
    server = await startTestServer();
    tester = await buildAccount(server.services, { username: `jayposiris_${process.pid % 1000}` });
  });
  after(async () => {
    await browsers.close();
    await server.close();
  });

  /** "Open a new web browser". */
  const newBrowser = () => browsers.newPage();

  it('follows every step from My Apps to GET /me with id and username', async () => {
    const dashboard = await newBrowser();
    const website = `${server.url}/_igloo/callback`;

    // A developer account on developers.facebook.com.
    await dashboard.goto(`${server.url}/developers/`);
    await screenshot(dashboard, 'dashboard-01-log-in');
    await dashboard.getByRole('link', { name: 'Sign Up' }).click();
    await dashboard.getByLabel('Name').fill('Jay Developer');
    await dashboard.getByLabel('Email').fill(`jay_${process.pid}@example.com`);
    await dashboard.getByLabel('Password').fill('developer password');
    await screenshot(dashboard, 'dashboard-02-sign-up');
    await dashboard.getByRole('button', { name: 'Sign Up' }).click();

    // "Go to developers.facebook.com, click My Apps, and create a new app and choose the Consumer … app type."
    await dashboard.getByRole('link', { name: 'My Apps' }).click();
    await screenshot(dashboard, 'dashboard-03-my-apps-empty');
    await dashboard.getByRole('link', { name: 'Create App' }).click();
    await dashboard.getByRole('radio', { name: 'Consumer' }).check();
    await dashboard.getByLabel('App name').fill('Social Sizzle');
    await screenshot(dashboard, 'dashboard-04-create-app');
    await dashboard.getByRole('button', { name: 'Create App' }).click();
    await assert.doesNotReject(dashboard.getByRole('status').getByText('Your app was created.').waitFor());
    await screenshot(dashboard, 'dashboard-05-app-dashboard');

    // "navigate to Settings > Basic, scroll to bottom of page, and click Add Platform."
    await appMenu(dashboard).getByRole('link', { name: 'Basic' }).click();
    await assert.doesNotReject(dashboard.getByRole('heading', { name: 'Basic Settings' }).waitFor());
    await screenshot(dashboard, 'dashboard-06-settings-basic');
    await dashboard.getByRole('link', { name: 'Add Platform' }).click();
    await screenshot(dashboard, 'dashboard-07-add-platform');
    // "Choose Website, add your website's URL, and save your changes."
    await dashboard.getByRole('link', { name: 'Website' }).click();
    await dashboard.getByLabel('Site URL').fill(website);
    await dashboard.getByRole('button', { name: 'Save Changes' }).click();
    await assert.doesNotReject(dashboard.getByRole('status').getByText('Changes saved.').waitFor());
    assert.equal(await dashboard.getByLabel('Site URL').inputValue(), website);

    // "Click Products, locate the Instagram Basic Display product, and click Set Up."
    await appMenu(dashboard).getByRole('link', { name: 'Products' }).click();
    await screenshot(dashboard, 'dashboard-08-products');
    await dashboard.locator('#instagram-basic-display').getByRole('button', { name: 'Set Up' }).click();
    await screenshot(dashboard, 'dashboard-09-basic-display-intro');
    // "Scroll to the bottom of the page and click Create New App."
    await dashboard.getByRole('link', { name: 'Create New App' }).click();
    // "Display Name: Enter the name of the Facebook app you just created" (prefilled).
    assert.equal(await dashboard.getByLabel('Display Name').inputValue(), 'Social Sizzle');
    await screenshot(dashboard, 'dashboard-10-create-new-app');
    await dashboard.getByRole('button', { name: 'Create App' }).click();

    // "Valid OAuth Redirect URIs", "Deauthorize Callback URL", "Data Deletion Request URL"; save.
    await dashboard.getByLabel('Valid OAuth Redirect URIs').fill(website);
    await dashboard.getByLabel('Deauthorize Callback URL').fill(website);
    await dashboard.getByLabel('Data Deletion Request URL').fill(website);
    await dashboard.getByRole('button', { name: 'Save Changes' }).click();
    await assert.doesNotReject(dashboard.getByRole('status').getByText('Changes saved.').waitFor());
    // "save your changes and check the URL again … Copy the complete URL".
    const redirectUri = (await dashboard.locator('#stored-redirect-uris code').first().textContent()) ?? '';
    assert.equal(redirectUri, website);
    await screenshot(dashboard, 'dashboard-11-basic-display-settings');

    // "Navigate to Roles > Roles … Instagram Testers section. Click Add Instagram Testers and enter your
    // Instagram account's username and send the invitation."
    await appMenu(dashboard).getByRole('link', { name: 'Roles', exact: true }).click();
    await dashboard.getByRole('link', { name: 'Add Instagram Testers' }).click();
    await dashboard.getByLabel('Instagram username').fill(tester.username);
    await screenshot(dashboard, 'dashboard-12-add-instagram-testers');
    await dashboard.getByRole('button', { name: 'Submit' }).click();
    const testerRow = dashboard.locator(`#instagram-testers tr[data-username="${tester.username}"]`);
    assert.equal(await testerRow.locator('.badge').textContent(), 'Pending');
    await screenshot(dashboard, 'dashboard-13-roles-pending');

    // "Open a new web browser and go to www.instagram.com and sign into your Instagram account …
    // (Profile Icon) > Edit Profile > Apps and Websites > Tester Invites and accept the invitation."
    const instagram = await newBrowser();
    await instagram.goto(`${server.url}/accounts/login/`);
    await instagram.getByLabel('Username').fill(tester.username);
    await instagram.getByLabel('Password').fill(tester.password);
    await instagram.getByRole('button', { name: 'Log in' }).click();
    await instagram.locator('summary[aria-label="Profile"]').click();
    await instagram.getByRole('link', { name: 'Edit Profile' }).click();
    await instagram.getByRole('link', { name: 'Apps and Websites' }).click();
    await instagram.getByRole('link', { name: 'Tester Invites' }).click();
    await screenshot(instagram, 'dashboard-14-instagram-tester-invites');
    await instagram.getByRole('button', { name: 'Accept' }).click();
    await assert.doesNotReject(instagram.getByText('Invitation accepted.').waitFor());

    await dashboard.reload();
    assert.equal(await testerRow.locator('.badge').textContent(), 'Accepted');
    await screenshot(dashboard, 'dashboard-15-roles-accepted');

    // "Construct the Authorization Window URL … {app-id} … from the App Dashboard > Products > Instagram >
    // Basic Display > Instagram App ID field and {redirect-uri} … The URL must be exactly the same."
    await appMenu(dashboard).getByRole('link', { name: 'Basic Display' }).click();
    const appId = await dashboard.getByLabel('Instagram App ID').inputValue();
    assert.match(appId, /^\d{16}$/);
    const windowUrl = `${server.url}/oauth/authorize?client_id=${appId}&redirect_uri=${redirectUri}&scope=user_profile,user_media&response_type=code`;

    // "Open a new browser window and load the Authorization Window URL … signing into the Authorization
    // Window, then click Authorize."
    const authorization = await newBrowser();
    await authorization.goto(windowUrl);
    await assert.doesNotReject(authorization.getByText('Log in to continue to Social Sizzle.').waitFor());
    await authorization.getByLabel('Username').fill(tester.username);
    await authorization.getByLabel('Password').fill(tester.password);
    await authorization.getByRole('button', { name: 'Log in' }).click();
    await assert.doesNotReject(authorization.getByRole('heading', { name: 'Social Sizzle would like to access your Instagram account' }).waitFor());
    await authorization.getByRole('button', { name: 'Authorize' }).click();
    await authorization.waitForURL((url) => url.pathname === '/_igloo/callback');
    assert.match(authorization.url(), /\?code=AQ[A-Za-z0-9_-]+#_$/);
    const code = new URL(authorization.url()).searchParams.get('code') ?? '';

    // The Instagram App Secret: "Show" asks for the password again.
    await dashboard.getByRole('group', { name: 'Instagram App Secret' }).getByRole('link', { name: 'Show' }).click();
    await dashboard.getByLabel('Password').fill('developer password');
    await screenshot(dashboard, 'dashboard-16-re-enter-password');
    await dashboard.getByRole('button', { name: 'Submit' }).click();
    const secret = await dashboard.getByRole('textbox', { name: 'Instagram App Secret', exact: true }).inputValue();
    assert.match(secret, /^[0-9a-f]{32}$/);
    await screenshot(dashboard, 'dashboard-17-secret-shown');

    // "send the following POST request … -F client_id … -F code" (multipart, like curl -F).
    const exchanged = await postAccessToken(server.url, { client_id: appId, client_secret: secret, grant_type: 'authorization_code', redirect_uri: redirectUri, code }, 'multipart');
    assert.equal(exchanged.status, 200, exchanged.text);
    const match = /^\{"access_token": "(IGQ[A-Za-z0-9]+)", "user_id": (\d+)\}$/.exec(exchanged.text);
    assert.ok(match, exchanged.text);
    const [, accessToken = '', userId = ''] = match;

    // "query the Me node … fields=id,username".
    const me = await graphGet(server.url, { path: 'me', fields: 'id,username', token: accessToken });
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(JSON.parse(me.text), { id: userId, username: tester.username });
  });
});
