// Bad input on every App Dashboard form is answered on the page, with the message next to the field
// (or in the page's notice when no field holds it) and what was typed kept: never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import type { PageResponse, WebSession } from '../support/browser.ts';
import { appPage, developerOf, fieldError, noticeText, signInDeveloper, submitFrom } from '../support/dashboard.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

function assertRefused(response: PageResponse, field: string, message: string, status = 400): void {
  assert.equal(response.status, status, response.text.slice(0, 400));
  assert.equal(fieldError(response, field), message);
}

describe('dashboard bad input', () => {
  let server: TestServer;
  let world: TestWorld;
  let web: WebSession;
  const app = (rest: string) => appPage(world.app.appId, rest);

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    web = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
  });
  after(() => server.close());

  it('Create App: a missing or unknown type, a bad name and a bad contact email', async () => {
    const create = (fields: Record<string, string>) => submitFrom(web, '/developers/apps/create/', '/developers/apps/create/', fields);
    assertRefused(await create({ name: 'Ok', contactEmail: 'a@example.com' }), 'appType', 'Choose an app type.');
    assertRefused(await create({ appType: 'gaming', name: 'Ok', contactEmail: 'a@example.com' }), 'appType', 'Choose an app type.');
    assertRefused(await create({ appType: 'consumer', name: '   ', contactEmail: 'a@example.com' }), 'name', 'Enter an app name of 1 to 64 characters.');
    assertRefused(await create({ appType: 'consumer', name: 'x'.repeat(65), contactEmail: 'a@example.com' }), 'name', 'Enter an app name of 1 to 64 characters.');
    const badEmail = await create({ appType: 'none', name: 'Kept <b>name</b>', contactEmail: 'nobody' });
    assertRefused(badEmail, 'contactEmail', 'Enter a valid contact email address.');
    assert.match(badEmail.text, /name="name" type="text" value="Kept &lt;b&gt;name&lt;\/b&gt;"/);
    assert.match(badEmail.text, /<input type="radio" name="appType" value="none"[^>]* checked>/);
  });

  it('Settings > Basic: name, contact email, Privacy Policy URL and Site URL', async () => {
    const save = (fields: Record<string, string>) =>
      submitFrom(web, app('settings/basic/'), app('settings/basic/'), { name: 'Social Sizzle', contactEmail: 'dev@example.com', privacyPolicyUrl: '', ...fields });
    assertRefused(await save({ name: '' }), 'name', 'Enter an app name of 1 to 64 characters.');
    assertRefused(await save({ contactEmail: 'x@' }), 'contactEmail', 'Enter a valid contact email address.');
    assertRefused(await save({ privacyPolicyUrl: 'not a url' }), 'privacyPolicyUrl', 'not a url is not a valid URL.');
    assertRefused(await save({ privacyPolicyUrl: 'ftp://example.com/privacy' }), 'privacyPolicyUrl', 'ftp://example.com/privacy must start with https://.');
    const site = await save({ platform: 'website', siteUrl: 'https://example.com/#top' });
    assertRefused(site, 'siteUrl', 'https://example.com/#top must not contain a fragment (#).');
    assert.match(site.text, /<h2>Website<\/h2>/);
  });

  it('Settings > Advanced: an API version that does not exist', async () => {
    assertRefused(await submitFrom(web, app('settings/advanced/'), app('settings/advanced/'), { apiVersion: 'v99.0' }), 'apiVersion', 'Choose one of the API versions v11.0 to v21.0.');
  });

  it('App Mode: Live without a Privacy Policy URL, and a mode that does not exist', async () => {
    const live = await submitFrom(web, app('dashboard/'), app('mode/'), { mode: 'live', next: app('dashboard/') });
    const message = 'Add a Privacy Policy URL in Settings > Basic before you switch the app to Live.';
    assertRefused(live, 'privacyPolicyUrl', message);
    assert.equal(noticeText(live), message);
    const bogus = await submitFrom(web, app('dashboard/'), app('mode/'), { mode: 'staging' });
    assert.equal(bogus.status, 400);
    assert.equal(noticeText(bogus), 'Choose Development or Live.');
    assert.equal((await server.services.apps.getFbApp(world.app.appId)).mode, 'development');
  });

  it('Create New App: Display Names with Instagram, IG, Insta or Facebook, an empty one, and a Business app', async () => {
    const bare = await server.services.apps.createApp({ ownerId: world.developerId, name: 'Bare', appType: 'consumer', contactEmail: 'dev@example.com' });
    const page = appPage(bare.appId, 'instagram-basic-display/basic-display/create/');
    for (const name of ['My Instagram Feed', 'IG gallery', 'InstaShow', 'Facebook Friends']) {
      const refused = await submitFrom(web, page, page, { displayName: name });
      assertRefused(refused, 'displayName', 'Display Name may not contain Instagram, IG, Insta or Facebook.');
      assert.match(refused.text, new RegExp(`value="${name}"`));
    }
    assertRefused(await submitFrom(web, page, page, { displayName: ' ' }), 'displayName', 'Enter a Display Name of 1 to 64 characters.');
    assert.equal(await server.services.apps.findInstagramAppOfFbApp(bare.appId), undefined);

    const business = await server.services.apps.createApp({ ownerId: world.developerId, name: 'Biz', appType: 'business', contactEmail: 'dev@example.com' });
    const products = await web.get(appPage(business.appId, 'products/'));
    assert.match(products.text, /Instagram Basic Display is not available for Business apps\. Use the Instagram Graph API instead\./);
    assert.doesNotMatch(products.text, />Set Up</);
    const setUp = await web.postForm(appPage(business.appId, 'products/instagram-basic-display/set-up/'), { _csrf: web.csrf(products) });
    assert.equal(setUp.status, 400);
    assert.equal(noticeText(setUp), 'Instagram Basic Display is not available for Business apps.');
    const created = await submitFrom(web, appPage(business.appId, 'instagram-basic-display/basic-display/create/'), appPage(business.appId, 'instagram-basic-display/basic-display/create/'), { displayName: 'Biz' });
    assertRefused(created, 'displayName', 'Instagram Basic Display is not available for Business apps.');
  });

  it('Basic Display: each URL field and the Display Name, keeping what was typed', async () => {
    const page = app('instagram-basic-display/basic-display/');
    const save = (fields: Record<string, string>) => submitFrom(web, page, page, { displayName: 'Social Sizzle', redirectUris: 'https://socialsizzle.herokuapp.com/auth/', deauthorizeUrl: '', dataDeletionUrl: '', ...fields });
    const bad = await save({ redirectUris: 'https://ok.example/cb\nnot a url' });
    assertRefused(bad, 'redirectUris', 'not a url is not a valid URL.');
    assert.match(bad.text, />https:\/\/ok\.example\/cb\nnot a url<\/textarea>/);
    assertRefused(await save({ redirectUris: 'https://ok.example/cb#x' }), 'redirectUris', 'https://ok.example/cb#x must not contain a fragment (#).');
    assertRefused(await save({ redirectUris: 'https://u:p@ok.example/' }), 'redirectUris', 'https://u:p@ok.example/ must not contain a user name or password.');
    const many = Array.from({ length: 101 }, (_, i) => `https://ok.example/cb/${i}`).join('\n');
    assertRefused(await save({ redirectUris: many }), 'redirectUris', 'An app can have at most 100 Valid OAuth Redirect URIs.');
    assertRefused(await save({ deauthorizeUrl: 'javascript:alert(1)' }), 'deauthorizeUrl', 'javascript:alert(1) must start with https://.');
    assertRefused(await save({ dataDeletionUrl: '/relative' }), 'dataDeletionUrl', '/relative is not a valid URL.');
    assertRefused(await save({ displayName: 'Insta Sizzle' }), 'displayName', 'Display Name may not contain Instagram, IG, Insta or Facebook.');
    assert.deepEqual((await server.services.apps.getInstagramApp(world.igApp.igAppId)).redirectUris, world.igApp.redirectUris);
  });

  it('Add Instagram Testers: an unknown username, an empty one and a tester already added', async () => {
    const page = app('roles/roles/add-instagram-testers/');
    assertRefused(await submitFrom(web, page, page, { username: 'nobody_by_that_name' }), 'username', 'No Instagram account is called "nobody_by_that_name".');
    assertRefused(await submitFrom(web, page, page, { username: '  ' }), 'username', 'Enter the Instagram username of the account to invite.');
    assertRefused(await submitFrom(web, page, page, { username: world.tester.username }), 'username', `${world.tester.username} is already an Instagram Tester of this app.`);
    const removed = await submitFrom(web, app('roles/roles/'), app('roles/roles/remove-instagram-tester/'), { accountId: world.stranger.id });
    assert.equal(removed.status, 400);
    assert.equal(noticeText(removed), 'This account is not an Instagram Tester of this app.');
  });

  it('Show and Reset: a wrong password, under the Password field', async () => {
    for (const path of ['settings/basic/show-secret/', 'instagram-basic-display/basic-display/show-secret/', 'instagram-basic-display/basic-display/reset-secret/']) {
      const refused = await submitFrom(web, app(path), app(path), { password: 'not my password' });
      assertRefused(refused, 'password', 'The password you entered is incorrect.', 401);
      assert.doesNotMatch(refused.text, /class="mono revealed"/);
    }
    assert.equal(await server.services.apps.verifyInstagramAppSecret(world.igApp.igAppId, world.secret), true);
  });

  it('Generate Token: a tester who has not accepted yet', async () => {
    await server.services.testers.invite(world.igApp.igAppId, world.stranger.username);
    const refused = await submitFrom(web, app('instagram-basic-display/basic-display/'), app('instagram-basic-display/token-generator/'), { accountId: world.stranger.id });
    assert.equal(refused.status, 400);
    assert.equal(noticeText(refused), 'Only accepted Instagram Testers can generate tokens.');
    await server.services.testers.remove(world.igApp.igAppId, world.stranger.id);
  });

  it('escapes what developers typed wherever it is shown', async () => {
    const created = await submitFrom(web, '/developers/apps/create/', '/developers/apps/create/', { appType: 'consumer', name: '<script>alert(1)</script>', contactEmail: 'dev@example.com' });
    assert.equal(created.status, 303);
    const apps = await web.get('/developers/apps/');
    assert.match(apps.text, /<h2>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h2>/);
    assert.doesNotMatch(apps.text, /<script>/);
  });
});
