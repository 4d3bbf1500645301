// Auto consent (issue 8) over real HTTP: `"auto_consent": true` in the world document makes the
// Authorization Window skip the consent screen in emulator mode (302 straight to redirect_uri with the
// code and state, the grant recorded as Authorize records it), for the signed-in user or, with nobody
// signed in, the app's only accepted tester; bad requests keep their error pages; service mode refuses it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWebSession, decodeEntities, type PageResponse } from '../support/browser.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

const REDIRECT = 'https://ci.example/auth/';
const PASSWORD = 'tester password';

interface AppliedApp {
  instagram_app_id: string;
  instagram_app_secret: string;
}

async function postJson(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Three apps: auto consent with two testers, auto consent with one, and an ordinary app. */
const WORLD = {
  developers: [{ email: 'ci@ci.example' }],
  apps: [
    { name: 'Two Testers', redirect_uris: [REDIRECT], testers: ['ana', 'bo'], auto_consent: true },
    { name: 'One Tester', redirect_uris: [REDIRECT], testers: ['ana'], auto_consent: true },
    { name: 'Asks First', redirect_uris: [REDIRECT], testers: ['ana'] },
  ],
  accounts: [
    { username: 'ana', password: PASSWORD },
    { username: 'bo', password: PASSWORD },
    { username: 'stranger', password: PASSWORD },
  ],
};

const oauthError = (message: string) => `{"error_type": "OAuthException", "code": 400, "error_message": ${JSON.stringify(message)}}`;

function assertErrorPage(page: PageResponse, message: string): void {
  assert.equal(page.status, 400, page.text);
  assert.equal(page.location, null);
  assert.equal(decodeEntities(/<pre id="error">([^<]*)<\/pre>/.exec(page.text)?.[1] ?? ''), oauthError(message));
}

describe('auto consent in emulator mode', () => {
  let server: TestServer;
  let twoTesters: AppliedApp;
  let oneTester: AppliedApp;
  let asksFirst: AppliedApp;

  const windowPath = (app: AppliedApp, overrides: Record<string, string | undefined> = {}) => {
    const params = { client_id: app.instagram_app_id, redirect_uri: REDIRECT, scope: 'user_profile,user_media', response_type: 'code', state: 'ci-42', ...overrides };
    return `/oauth/authorize?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString()}`;
  };

  const signedIn = async (username: string) => {
    const web = createWebSession(server.url);
    assert.equal((await web.signIn(username, PASSWORD)).status, 303);
    return web;
  };

  /** The code of a Location that must be exactly `{REDIRECT}?code=…&state=ci-42#_`. */
  const codeOf = (page: PageResponse): string => {
    assert.equal(page.status, 302, page.text);
    const code = /^https:\/\/ci\.example\/auth\/\?code=(AQ[A-Za-z0-9_-]+)&state=ci-42#_$/.exec(page.location ?? '')?.[1];
    return code ?? assert.fail(`unexpected Location ${page.location ?? '(none)'}`);
  };

  /** Exchanges a code and answers the username /me names. */
  const usernameOfCode = async (app: AppliedApp, code: string): Promise<string> => {
    const exchanged = await postAccessToken(server.url, { client_id: app.instagram_app_id, client_secret: app.instagram_app_secret, grant_type: 'authorization_code', redirect_uri: REDIRECT, code });
    assert.equal(exchanged.status, 200, exchanged.text);
    const token = /"access_token": "([^"]+)"/.exec(exchanged.text)?.[1] ?? assert.fail(exchanged.text);
    const me = await graphGet(server.url, { path: 'me', fields: 'username', token });
    return (JSON.parse(me.text) as { username: string }).username;
  };

  before(async () => {
    server = await startTestServer();
    const applied = await postJson(server.url, '/_igloo/world', WORLD);
    assert.equal(applied.status, 201, JSON.stringify(applied.json));
    [twoTesters, oneTester, asksFirst] = applied.json.apps as [AppliedApp, AppliedApp, AppliedApp];
  });
  after(() => server.close());

  it('sends a signed-in tester straight to redirect_uri with a code and the state, and records the grant', async () => {
    const web = await signedIn('bo');
    const code = codeOf(await web.get(windowPath(twoTesters)));
    const grant = await server.services.db.selectFrom('grants').select(['scopes', 'status']).where('ig_app_id', '=', twoTesters.instagram_app_id).execute();
    assert.deepEqual(grant, [{ scopes: 'user_profile,user_media', status: 'active' }]);
    assert.equal(await usernameOfCode(twoTesters, code), 'bo');
  });

  it('leaves out state when the request has none, as Authorize does', async () => {
    const web = await signedIn('ana');
    const page = await web.get(windowPath(twoTesters, { state: undefined }));
    assert.equal(page.status, 302);
    assert.match(page.location ?? '', /^https:\/\/ci\.example\/auth\/\?code=AQ[A-Za-z0-9_-]+#_$/);
  });

  it('still shows a signed-in user the error page of a bad redirect_uri, client_id or scope', async () => {
    const web = await signedIn('ana');
    assertErrorPage(await web.get(windowPath(twoTesters, { redirect_uri: 'https://evil.example/' })), 'Invalid redirect_uri');
    assertErrorPage(await web.get(windowPath(twoTesters, { client_id: '999999999999999' })), 'Invalid platform app');
    assertErrorPage(await web.get(windowPath(twoTesters, { scope: 'basic' })), "Invalid scope: ['basic']");
  });

  it('refuses a signed-in account that is no tester of the Development mode app, as the consent screen does', async () => {
    const web = await signedIn('stranger');
    assertErrorPage(await web.get(windowPath(twoTesters)), 'Insufficient developer role');
  });

  it('shows the sign-in form to nobody signed in when the app has two accepted testers', async () => {
    const page = await createWebSession(server.url).get(windowPath(twoTesters));
    assert.equal(page.status, 200);
    assert.match(page.text, /Log in to continue to Two Testers\./);
  });

  it("authorizes as the app's only accepted tester when nobody is signed in, so curl -L reaches the redirect", async () => {
    const code = codeOf(await createWebSession(server.url).get(windowPath(oneTester)));
    assert.equal(await usernameOfCode(oneTester, code), 'ana');
  });

  it('keeps the consent screen of an app without auto consent', async () => {
    const web = await signedIn('ana');
    const page = await web.get(windowPath(asksFirst));
    assert.equal(page.status, 200);
    assert.equal(page.location, null);
    assert.match(page.text, /name="decision" value="allow"/);
  });

  it('exports auto_consent with the world and refuses a value that is not a boolean', async () => {
    const exported = (await (await fetch(`${server.url}/_igloo/world`)).json()) as { apps: { name: string; auto_consent: boolean }[] };
    assert.deepEqual(exported.apps.map((app) => [app.name, app.auto_consent]), [['Two Testers', true], ['One Tester', true], ['Asks First', false]]);
    const refused = await postJson(server.url, '/_igloo/world', { developers: [{ email: 'x@ci.example' }], apps: [{ name: 'Bad', auto_consent: 'yes' }] });
    assert.deepEqual(refused, { status: 400, json: { error: { code: 'invalid_field', message: 'apps[0].auto_consent must be true or false', field: 'apps[0].auto_consent' } } });
  });
});

describe('auto consent in service mode', () => {
  const ADMIN = 'admin-token-for-auto-consent';
  let server: Awaited<ReturnType<typeof startServiceModeServer>>;
  const auth = { authorization: `Bearer ${ADMIN}` };

  before(async () => {
    server = await startServiceModeServer(ADMIN);
  });
  after(() => server.close());

  it('refuses auto_consent: true in a world document, naming the field, and creates nothing', async () => {
    const refused = await postJson(server.url, '/_igloo/world', { ...WORLD, apps: [{ name: 'Two Testers', redirect_uris: [REDIRECT], auto_consent: true }] }, auth);
    assert.deepEqual(refused, {
      status: 400,
      json: { error: { code: 'invalid_field', message: 'apps[0].auto_consent: auto consent is an emulator feature and this igloo runs in service mode', field: 'apps[0].auto_consent' } },
    });
    assert.equal((await server.services.db.selectFrom('accounts').select('id').execute()).length, 0);
  });

  it('ignores a setting left in the database from emulator mode: the consent screen shows', async () => {
    const applied = await postJson(server.url, '/_igloo/world', { ...WORLD, apps: [{ name: 'Left Over', redirect_uris: [REDIRECT], testers: ['ana'], auto_consent: false }] }, auth);
    assert.equal(applied.status, 201, JSON.stringify(applied.json));
    const [app] = applied.json.apps as [AppliedApp];
    await server.services.db.updateTable('ig_apps').set({ auto_consent: 1 }).where('ig_app_id', '=', app.instagram_app_id).execute();
    // Any write clears the read cache of Instagram apps.
    await server.services.apps.updateBasicDisplay(app.instagram_app_id, { redirectUris: [REDIRECT], deauthorizeUrl: '', dataDeletionUrl: '' });
    assert.equal((await server.services.apps.getInstagramApp(app.instagram_app_id)).autoConsent, true);

    const path = `/oauth/authorize?${new URLSearchParams({ client_id: app.instagram_app_id, redirect_uri: REDIRECT, scope: 'user_profile', response_type: 'code' }).toString()}`;
    const signedOut = await createWebSession(server.url).get(path);
    assert.equal(signedOut.status, 200);
    assert.match(signedOut.text, /Log in to continue to Left Over\./);
    const web = createWebSession(server.url);
    assert.equal((await web.signIn('ana', PASSWORD)).status, 303);
    const consent = await web.get(path);
    assert.equal(consent.status, 200);
    assert.match(consent.text, /name="decision" value="allow"/);
    const exported = (await (await fetch(`${server.url}/_igloo/world`, { headers: auth })).json()) as { apps: { auto_consent: boolean }[] };
    assert.equal(exported.apps[0]?.auto_consent, false);
  });
});
