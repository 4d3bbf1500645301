// Products > Instagram Basic Display over real HTTP: Set Up, Create New App, the exact stored form of
// Valid OAuth Redirect URIs (DESIGN.md §5) and the Authorization Window's byte-exact check of them,
// secrets behind "Show" and "Reset", and Settings > Basic and Advanced.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueCode } from '../support/builders.ts';
import { createWebSession, decodeEntities, type PageResponse, type WebSession } from '../support/browser.ts';
import { appPage, buildDeveloper, developerOf, follow, noticeText, signInDeveloper, submitFrom, type TestDeveloper } from '../support/dashboard.ts';
import { postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const BASIC_DISPLAY = 'instagram-basic-display/basic-display/';

/** The value of a read-only or revealed input, by id. */
function inputValue(page: PageResponse, id: string): string | undefined {
  const match = new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(page.text);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

const storedUris = (page: PageResponse): string[] =>
  [...(/<div class="stored" id="stored-redirect-uris">[\s\S]*?<\/div>/.exec(page.text)?.[0] ?? '').matchAll(/<li><code>([^<]*)<\/code><\/li>/g)].map((m) => decodeEntities(m[1] ?? ''));

describe('dashboard Instagram Basic Display', () => {
  let server: TestServer;
  let developer: TestDeveloper;
  let web: WebSession;

  before(async () => {
    server = await startTestServer();
    developer = await buildDeveloper(server.services);
    web = await signInDeveloper(server.url, developer);
  });
  after(() => server.close());

  it('adds the product with Set Up, then Create New App makes an Instagram app with its own ID, named after the app', async () => {
    const created = await submitFrom(web, '/developers/apps/create/', '/developers/apps/create/', { appType: 'consumer', name: 'Sizzle Two', contactEmail: developer.email });
    const appId = /\/developers\/apps\/(\d+)\//.exec(created.location ?? '')?.[1] ?? assert.fail(created.location ?? 'no location');
    const before = await web.get(appPage(appId, BASIC_DISPLAY));
    assert.match(before.text, /<button class="btn btn-primary" type="submit">Set Up<\/button>/);
    assert.doesNotMatch(before.text, /aria-current="page">Basic Display</);

    const setUp = await submitFrom(web, appPage(appId, 'products/'), appPage(appId, 'products/instagram-basic-display/set-up/'), {});
    const intro = await follow(web, setUp);
    assert.equal(noticeText(intro), 'Instagram Basic Display was added to your app.');
    assert.match(intro.text, /<a href="\/developers\/apps\/\d+\/instagram-basic-display\/basic-display\/" aria-current="page">Basic Display<\/a>/);
    assert.match(intro.text, />Create New App<\/a>/);

    const form = await web.get(appPage(appId, `${BASIC_DISPLAY}create/`));
    assert.match(form.text, /<input id="displayName" name="displayName" type="text" value="Sizzle Two"/);
    const made = await web.postForm(appPage(appId, `${BASIC_DISPLAY}create/`), { _csrf: web.csrf(form), displayName: 'Sizzle Two' });
    const settings = await follow(web, made);
    const igAppId = inputValue(settings, 'instagram-app-id') ?? '';
    assert.match(igAppId, /^\d{16}$/);
    assert.notEqual(igAppId, appId);
    assert.equal(inputValue(settings, 'instagram-app-secret'), '••••••••••••••••');
    for (const label of ['Instagram App ID', 'Instagram App Secret', 'Display Name', 'Valid OAuth Redirect URIs', 'Deauthorize Callback URL', 'Data Deletion Request URL']) {
      assert.match(settings.text, new RegExp(`<label for="[^"]+">${label}</label>`), label);
    }
    for (const name of ['Save Changes', 'Add to Submission', 'Show', 'Reset']) assert.match(settings.text, new RegExp(`>${name}</(a|button)>`), name);
    assert.match(settings.text, /<h2>App Review for Instagram Basic Display<\/h2>/);
    assert.match(settings.text, /<h2>User Token Generator<\/h2>/);
    // A second Create New App is not offered.
    assert.equal((await web.get(appPage(appId, `${BASIC_DISPLAY}create/`))).status, 303);
  });

  it('stores redirect URIs normalised, shows the stored values back, and the window accepts only those exact values', async () => {
    const world = await buildWorld(server.services);
    const owner = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    const page = appPage(world.app.appId, BASIC_DISPLAY);
    const typed = [
      'https://socialsizzle.herokuapp.com',
      '  https://socialsizzle.herokuapp.com/auth  ',
      '',
      'https://example.com?from=dashboard',
      'https://socialsizzle.herokuapp.com/',
      'http://localhost:3000',
    ].join('\r\n');
    const saved = await submitFrom(owner, page, page, { displayName: 'Social Sizzle', redirectUris: typed, deauthorizeUrl: 'https://socialsizzle.herokuapp.com', dataDeletionUrl: 'https://socialsizzle.herokuapp.com/delete' });
    const shown = await follow(owner, saved);
    assert.equal(noticeText(shown), 'Changes saved.');
    const expected = ['https://socialsizzle.herokuapp.com/', 'https://socialsizzle.herokuapp.com/auth', 'https://example.com/?from=dashboard', 'http://localhost:3000/'];
    assert.deepEqual(storedUris(shown), expected);
    assert.match(shown.text, new RegExp(`>${expected.join('\n').replace(/[?.]/g, '\\$&')}</textarea>`));
    assert.equal(inputValue(shown, 'deauthorizeUrl'), 'https://socialsizzle.herokuapp.com/');
    assert.equal(inputValue(shown, 'dataDeletionUrl'), 'https://socialsizzle.herokuapp.com/delete');
    assert.deepEqual((await server.services.apps.getInstagramApp(world.igApp.igAppId)).redirectUris, expected);

    const windowFor = (redirectUri: string) =>
      createWebSession(server.url).get(`/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${encodeURIComponent(redirectUri)}&scope=user_profile&response_type=code`);
    for (const uri of expected) assert.equal((await windowFor(uri)).status, 200, uri);
    for (const uri of ['https://socialsizzle.herokuapp.com', 'https://socialsizzle.herokuapp.com/auth/', 'https://example.com?from=dashboard']) {
      const refused = await windowFor(uri);
      assert.equal(refused.status, 400, uri);
      assert.match(decodeEntities(refused.text), /"error_message": "Invalid redirect_uri"/);
    }
  });

  it('shows the App Secret and the Instagram App Secret only after the password, on that response only', async () => {
    const world = await buildWorld(server.services);
    const owner = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    const app = (rest: string) => appPage(world.app.appId, rest);

    const prompt = await owner.get(app('settings/basic/show-secret/'));
    assert.match(prompt.text, /<h1>Please re-enter your password<\/h1>/);
    const shown = await owner.postForm(app('settings/basic/show-secret/'), { _csrf: owner.csrf(prompt), password: 'developer password' });
    assert.equal(shown.status, 200);
    assert.equal(shown.headers.get('cache-control'), 'no-store');
    assert.equal(inputValue(shown, 'app-secret'), await server.services.apps.revealAppSecret(world.app.appId));
    assert.notEqual(inputValue(shown, 'app-secret'), world.secret);
    assert.equal(inputValue(await owner.get(app('settings/basic/')), 'app-secret'), '••••••••••••••••');

    const igShown = await submitFrom(owner, app(`${BASIC_DISPLAY}show-secret/`), app(`${BASIC_DISPLAY}show-secret/`), { password: 'developer password' });
    assert.equal(igShown.status, 200);
    assert.equal(inputValue(igShown, 'instagram-app-secret'), world.secret);
    assert.equal(inputValue(await owner.get(app(BASIC_DISPLAY)), 'instagram-app-secret'), '••••••••••••••••');
  });

  it('resets the Instagram App Secret: the new one is shown once, and the old one fails the code exchange at once', async () => {
    const world = await buildWorld(server.services);
    const owner = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    const path = appPage(world.app.appId, `${BASIC_DISPLAY}reset-secret/`);
    const prompt = await owner.get(path);
    assert.match(prompt.text, /<h1>Reset Instagram App Secret\?<\/h1>/);
    const reset = await owner.postForm(path, { _csrf: owner.csrf(prompt), password: 'developer password' });
    assert.equal(reset.status, 200);
    assert.equal(noticeText(reset), 'The Instagram App Secret was reset. The old secret no longer works; copy the new one now.');
    const fresh = inputValue(reset, 'instagram-app-secret') ?? '';
    assert.match(fresh, /^[0-9a-f]{32}$/);
    assert.notEqual(fresh, world.secret);

    const exchange = async (secret: string) =>
      postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code: await issueCode(server.services, world) });
    const old = await exchange(world.secret);
    assert.equal(old.status, 400);
    assert.equal(
      old.text,
      '{"error_type": "OAuthException", "code": 400, "error_message": "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request"}',
    );
    assert.equal((await exchange(fresh)).status, 200);
  });

  it('saves Settings > Basic with the Website platform, and Settings > Advanced with the API version', async () => {
    const world = await buildWorld(server.services);
    const owner = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    const app = (rest: string) => appPage(world.app.appId, rest);
    const platforms = await owner.get(app('settings/basic/add-platform/'));
    assert.match(platforms.text, /<h1>Select Platform<\/h1>/);
    const website = await owner.get(app('settings/basic/?platform=website'));
    assert.match(website.text, /<label for="siteUrl">Site URL<\/label>/);
    const saved = await owner.postForm(app('settings/basic/'), {
      _csrf: owner.csrf(website),
      name: 'Sizzle Renamed',
      contactEmail: 'owner@example.com',
      privacyPolicyUrl: 'https://socialsizzle.herokuapp.com/privacy',
      platform: 'website',
      siteUrl: 'https://socialsizzle.herokuapp.com',
    });
    const basic = await follow(owner, saved);
    assert.equal(noticeText(basic), 'Changes saved.');
    assert.equal(inputValue(basic, 'siteUrl'), 'https://socialsizzle.herokuapp.com/');
    const stored = await server.services.apps.getFbApp(world.app.appId);
    assert.deepEqual([stored.name, stored.contactEmail, stored.privacyPolicyUrl, stored.siteUrl], ['Sizzle Renamed', 'owner@example.com', 'https://socialsizzle.herokuapp.com/privacy', 'https://socialsizzle.herokuapp.com/']);
    assert.match(basic.text, /<strong>Sizzle Renamed<\/strong>/);

    const advanced = await owner.get(app('settings/advanced/'));
    assert.match(advanced.text, /<label for="apiVersion">Upgrade All Calls<\/label>/);
    assert.match(advanced.text, /<option value="v21.0" selected>v21.0<\/option>/);
    const upgraded = await follow(owner, await owner.postForm(app('settings/advanced/'), { _csrf: owner.csrf(advanced), apiVersion: 'v15.0' }));
    assert.match(upgraded.text, /<option value="v15.0" selected>v15.0<\/option>/);
    assert.equal((await server.services.apps.getFbApp(world.app.appId)).apiVersion, 'v15.0');
  });

  it('switches the App Mode to Live once a Privacy Policy URL is saved, and back, returning to the page it came from', async () => {
    const world = await buildWorld(server.services);
    const owner = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    const app = (rest: string) => appPage(world.app.appId, rest);
    await submitFrom(owner, app('settings/basic/'), app('settings/basic/'), { name: 'Social Sizzle', contactEmail: 'dev@example.com', privacyPolicyUrl: 'https://socialsizzle.herokuapp.com/privacy/' });
    const roles = await owner.get(app('roles/roles/'));
    assert.match(roles.text, /<input type="hidden" name="next" value="\/apps\/\d+\/roles\/roles\/">/);
    const live = await owner.postForm(app('mode/'), { _csrf: owner.csrf(roles), mode: 'live', next: `/apps/${world.app.appId}/roles/roles/` });
    assert.equal(live.location, `${app('roles/roles/')}?done=live`);
    const after = await owner.get(live.location ?? '');
    assert.equal(noticeText(after), 'The app is now Live.');
    assert.match(after.text, /<button type="submit" name="mode" value="live" class="live" aria-pressed="true" disabled>Live<\/button>/);
    assert.equal((await server.services.apps.getFbApp(world.app.appId)).mode, 'live');
    // A Live app keeps its Privacy Policy URL.
    const cleared = await submitFrom(owner, app('settings/basic/'), app('settings/basic/'), { name: 'Social Sizzle', contactEmail: 'dev@example.com', privacyPolicyUrl: '' });
    assert.equal(cleared.status, 400);
    const back = await owner.postForm(app('mode/'), { _csrf: owner.csrf(after), mode: 'development', next: 'https://evil.example/' });
    assert.equal(back.location, `${app('dashboard/')}?done=development`);
    assert.equal((await server.services.apps.getFbApp(world.app.appId)).mode, 'development');
    // A next inside the app with a NUL or a tab in it, or beyond Latin-1, is no 500 (issue 7, point 12a).
    const cases: [next: string, location: string][] = [
      [`/apps/${world.app.appId}/\u0000/x`, app('dashboard/')],
      [`/apps/${world.app.appId}/\t/evil.test`, app('dashboard/')],
      [`/apps/${world.app.appId}/roles/roles/\u0100`, `${app('roles/roles/')}%C4%80`],
    ];
    for (const [next, location] of cases) {
      const again = await owner.postForm(app('mode/'), { _csrf: owner.csrf(after), mode: 'development', next });
      assert.equal(again.status, 303, JSON.stringify(next));
      assert.equal(again.location, `${location}?done=development`, JSON.stringify(next));
    }
  });
});
