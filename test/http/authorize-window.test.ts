// The Authorization Window on api.instagram.com over real HTTP: sign-in inside the window, consent,
// the redirects back to the app, and every gate's error page (spec §2.1–2.3, §1.4; DESIGN.md §5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount, buildWorld, type TestAccount, type TestWorld } from '../support/builders.ts';
import { createWebSession, decodeEntities, type PageResponse, type WebSession } from '../support/browser.ts';
import { graphGet, postAccessToken, withoutTrace } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

type Params = Record<string, string | undefined>;

const CODE = 'AQ[A-Za-z0-9_-]+';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The exact wire body of an OAuth error (spec §2.3): note the spaces after `:` and `,`. */
const oauthError = (message: string) => `{"error_type": "OAuthException", "code": 400, "error_message": ${JSON.stringify(message)}}`;

/** An error page: HTTP 400, never a redirect, the JSON shown in <pre id="error"> (DESIGN.md §5). */
function assertErrorPage(page: PageResponse, message: string): void {
  assert.equal(page.status, 400, page.text);
  assert.equal(page.location, null);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const shown = /<pre id="error">([^<]*)<\/pre>/.exec(page.text)?.[1];
  assert.equal(decodeEntities(shown ?? ''), oauthError(message));
}

function assertNotFramable(page: PageResponse): void {
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  assert.match(page.headers.get('content-security-policy') ?? '', /(^|;)\s*frame-ancestors 'none'/);
}

const scopesShown = (page: PageResponse) => [...page.text.matchAll(/<li data-scope="([a-z_]+)">/g)].map((m) => m[1]);

describe('the Authorization Window', () => {
  let server: TestServer;
  let world: TestWorld;
  /** A second app whose redirect URIs have no trailing slash, and a query. */
  let other: TestWorld;

  const request = (w: TestWorld, overrides: Params = {}): Record<string, string> => {
    const all: Params = { client_id: w.igApp.igAppId, redirect_uri: w.redirectUri, scope: 'user_profile,user_media', response_type: 'code', ...overrides };
    return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  };
  const windowPath = (w: TestWorld, overrides: Params = {}, path = '/oauth/authorize') => `${path}?${new URLSearchParams(request(w, overrides)).toString()}`;

  const signedIn = async (account: TestAccount): Promise<WebSession> => {
    const web = createWebSession(server.url);
    assert.equal((await web.signIn(account.username, account.password)).status, 303);
    return web;
  };

  /** Opens the consent screen and presses a button on it, posting the form back as the page wrote it. */
  const decide = async (web: WebSession, w: TestWorld, decision: 'allow' | 'deny', overrides: Params = {}, path = '/oauth/authorize') => {
    const consent = await web.get(windowPath(w, overrides, path));
    assert.equal(consent.status, 200, consent.text);
    return web.postForm(path, { _csrf: web.csrf(consent), ...request(w, overrides), decision });
  };

  const codeCount = async (igAppId: string) => (await server.services.db.selectFrom('auth_codes').select('code_hash').where('ig_app_id', '=', igAppId).execute()).length;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { displayName: 'Pixel Postcards' });
    other = await buildWorld(server.services, { redirectUris: ['https://app.example.com/cb?source=ig', 'https://app.example.com/callback'] });
  });
  after(() => server.close());

  describe('signing in and consenting', () => {
    it('shows the sign-in form inside the window to a signed-out user and comes back to it after signing in', async () => {
      const web = createWebSession(server.url);
      const path = windowPath(world, { state: 's1' });
      const page = await web.get(path);
      assert.equal(page.status, 200);
      assert.equal(page.location, null);
      assert.match(page.text, /<form method="post" action="\/accounts\/login\/">/);
      assert.match(page.text, /<label for="username">Username<\/label>/);
      assert.match(page.text, /<label for="password">Password<\/label>/);
      assert.match(page.text, /<button class="primary" type="submit">Log in<\/button>/);
      assert.match(page.text, /Log in to continue to Pixel Postcards\./);
      assertNotFramable(page);

      const next = decodeEntities(/name="next" value="([^"]*)"/.exec(page.text)?.[1] ?? '');
      assert.equal(next, path);
      const signIn = await web.postForm('/accounts/login/', { _csrf: web.csrf(page), username: world.tester.username, password: world.tester.password, next });
      assert.equal(signIn.status, 303);
      assert.equal(signIn.location, path);
      const consent = await web.get(path);
      assert.match(consent.text, /<button class="primary" type="submit" name="decision" value="allow">Authorize<\/button>/);
    });

    it("shows the username, the app's Display Name and the permissions asked for, with Authorize and Cancel", async () => {
      const web = await signedIn(world.tester);
      const consent = await web.get(windowPath(world));
      assert.equal(consent.status, 200);
      assert.match(consent.text, new RegExp(`<strong id="username">${world.tester.username}</strong>`));
      assert.match(consent.text, /<h1>Pixel Postcards would like to access your Instagram account<\/h1>/);
      assert.deepEqual(scopesShown(consent), ['user_profile', 'user_media']);
      assert.match(consent.text, />Authorize<\/button>/);
      assert.match(consent.text, /<button class="secondary" type="submit" name="decision" value="deny">Cancel<\/button>/);

      const profileOnly = await web.get(windowPath(world, { scope: 'user_profile' }));
      assert.deepEqual(scopesShown(profileOnly), ['user_profile']);
    });

    it("forbids framing the window with X-Frame-Options DENY and CSP frame-ancestors 'none'", async () => {
      const web = await signedIn(world.tester);
      assertNotFramable(await web.get(windowPath(world)));
      assertNotFramable(await web.get(windowPath(world, { scope: 'basic' })));
    });

    it('accepts a space-separated scope (user_profile%20user_media)', async () => {
      const web = await signedIn(world.tester);
      const path = `/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${encodeURIComponent(world.redirectUri)}&scope=user_profile%20user_media&response_type=code`;
      const consent = await web.get(path);
      assert.equal(consent.status, 200);
      assert.deepEqual(scopesShown(consent), ['user_profile', 'user_media']);
    });
  });

  describe('redirects back to the app', () => {
    it('redirects Authorize with 303 to {redirect_uri}?code=AQ…&state=…#_, echoing state', async () => {
      const web = await signedIn(world.tester);
      const decided = await decide(web, world, 'allow', { state: 'xyz-123' });
      assert.equal(decided.status, 303);
      assert.match(decided.location ?? '', new RegExp(`^${escapeRegExp(world.redirectUri)}\\?code=${CODE}&state=xyz-123#_$`));
    });

    it('echoes a state with reserved characters so that it decodes to the same value', async () => {
      const web = await signedIn(world.tester);
      const state = 'a b&c=d/é';
      const decided = await decide(web, world, 'allow', { state });
      assert.equal(new URL(decided.location ?? '').searchParams.get('state'), state);
    });

    it('leaves state out of the redirect when the request had none', async () => {
      const web = await signedIn(world.tester);
      const decided = await decide(web, world, 'allow');
      assert.match(decided.location ?? '', new RegExp(`^${escapeRegExp(world.redirectUri)}\\?code=${CODE}#_$`));
    });

    it('joins with & when the redirect URI already has a query', async () => {
      const web = await signedIn(other.tester);
      const decided = await decide(web, other, 'allow', { redirect_uri: 'https://app.example.com/cb?source=ig', state: 'q' });
      assert.match(decided.location ?? '', new RegExp(`^https://app\\.example\\.com/cb\\?source=ig&code=${CODE}&state=q#_$`));
    });

    it('redirects Cancel to access_denied / user_denied with state and #_', async () => {
      const web = await signedIn(world.tester);
      const before = await codeCount(world.igApp.igAppId);
      const cancelled = await decide(web, world, 'deny', { state: 'xyz' });
      assert.equal(cancelled.status, 303);
      assert.equal(cancelled.location, `${world.redirectUri}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=xyz#_`);
      assert.equal(await codeCount(world.igApp.igAppId), before);

      const withoutState = await decide(web, world, 'deny');
      assert.equal(withoutState.location, `${world.redirectUri}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request#_`);
    });

    it('refuses a POST without a _csrf or with a wrong one with 403, and issues no code', async () => {
      const web = await signedIn(world.tester);
      await web.get(windowPath(world));
      const before = await codeCount(world.igApp.igAppId);
      for (const csrf of [undefined, 'not-the-token']) {
        const form = { ...request(world), decision: 'allow', ...(csrf === undefined ? {} : { _csrf: csrf }) };
        const refused = await web.postForm('/oauth/authorize', form);
        assert.equal(refused.status, 403);
        assert.equal(refused.location, null);
      }
      assert.equal(await codeCount(world.igApp.igAppId), before);
    });

    it('accepts the legacy app_id in place of client_id', async () => {
      const web = await signedIn(world.tester);
      const decided = await decide(web, world, 'allow', { client_id: undefined, app_id: world.igApp.igAppId });
      assert.match(decided.location ?? '', new RegExp(`^${escapeRegExp(world.redirectUri)}\\?code=${CODE}#_$`));
    });

    it('accepts client_id and app_id together when they agree', async () => {
      const web = await signedIn(world.tester);
      const decided = await decide(web, world, 'allow', { app_id: world.igApp.igAppId });
      assert.equal(decided.status, 303);
    });

    it('serves /oauth/authorize/ with a trailing slash, posting back to it', async () => {
      const web = await signedIn(world.tester);
      const consent = await web.get(windowPath(world, {}, '/oauth/authorize/'));
      assert.match(consent.text, /<form method="post" action="\/oauth\/authorize\/">/);
      const decided = await decide(web, world, 'allow', { state: 'slash' }, '/oauth/authorize/');
      assert.match(decided.location ?? '', new RegExp(`\\?code=${CODE}&state=slash#_$`));
    });

    it('issues a code that the token endpoint exchanges for the account that consented', async () => {
      const web = await signedIn(world.tester);
      const code = new URL((await decide(web, world, 'allow')).location ?? '').searchParams.get('code') ?? '';
      const fields = { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code };
      const token = /"access_token": "([^"]+)"/.exec((await postAccessToken(server.url, fields)).text)?.[1] ?? '';
      const me = await graphGet(server.url, { path: 'me', fields: 'username', token });
      assert.match(me.text, new RegExp(`"username":"${world.tester.username}"`));
    });
  });

  describe('request gates, shown as error pages before signing in', () => {
    const cases: { name: string; overrides: (w: TestWorld) => Params; message: string }[] = [
      { name: 'an unknown client_id', overrides: () => ({ client_id: '990602627938098' }), message: 'Invalid platform app' },
      { name: 'a Facebook App ID', overrides: (w) => ({ client_id: w.app.appId }), message: 'Invalid platform app' },
      { name: 'client_id and app_id that differ', overrides: (w) => ({ app_id: w.app.appId }), message: 'Invalid platform app' },
      { name: 'a missing client_id', overrides: () => ({ client_id: undefined }), message: 'Missing required field client_id' },
      { name: 'an empty client_id', overrides: () => ({ client_id: '' }), message: 'Missing required field client_id' },
      { name: 'a missing redirect_uri', overrides: () => ({ redirect_uri: undefined }), message: 'Missing required field redirect_uri' },
      { name: 'an unregistered redirect_uri', overrides: () => ({ redirect_uri: 'https://evil.example.com/auth/' }), message: 'Invalid redirect_uri' },
      { name: 'the redirect_uri without its trailing slash', overrides: () => ({ redirect_uri: 'https://socialsizzle.herokuapp.com/auth' }), message: 'Invalid redirect_uri' },
      { name: 'the redirect_uri with a doubled slash', overrides: () => ({ redirect_uri: 'https://socialsizzle.herokuapp.com//auth/' }), message: 'Invalid redirect_uri' },
      { name: 'the redirect_uri with a second trailing slash', overrides: () => ({ redirect_uri: 'https://socialsizzle.herokuapp.com/auth//' }), message: 'Invalid redirect_uri' },
      { name: 'a missing scope', overrides: () => ({ scope: undefined }), message: 'Missing required field scope' },
      { name: 'scope=basic', overrides: () => ({ scope: 'basic' }), message: "Invalid scope: ['basic']" },
      { name: 'unknown scopes next to known ones', overrides: () => ({ scope: 'user_profile,basic,comments' }), message: "Invalid scope: ['basic', 'comments']" },
      { name: 'scope=user_media without user_profile', overrides: () => ({ scope: 'user_media' }), message: 'Invalid scope: user_profile is required' },
      { name: 'response_type=token', overrides: () => ({ response_type: 'token' }), message: 'Invalid response_type' },
      { name: 'a missing response_type', overrides: () => ({ response_type: undefined }), message: 'Missing required field response_type' },
      { name: 'a bad client_id before a bad scope', overrides: () => ({ client_id: '1', scope: 'basic' }), message: 'Invalid platform app' },
    ];
    for (const { name, overrides, message } of cases) {
      it(`answers ${message} for ${name}`, async () => {
        assertErrorPage(await createWebSession(server.url).get(windowPath(world, overrides(world))), message);
      });
    }

    it('answers Invalid redirect_uri for a registered URI requested with a trailing slash it lacks', async () => {
      assertErrorPage(await createWebSession(server.url).get(windowPath(other, { redirect_uri: 'https://app.example.com/callback/' })), 'Invalid redirect_uri');
    });

    it('shows the error page, not a redirect, when Cancel is posted with an unregistered redirect_uri', async () => {
      const web = await signedIn(world.tester);
      const consent = await web.get(windowPath(world));
      const cancelled = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...request(world, { redirect_uri: 'https://evil.example.com/' }), decision: 'deny' });
      assertErrorPage(cancelled, 'Invalid redirect_uri');
    });
  });

  describe('who may authorize', () => {
    it('answers Insufficient developer role to a signed-in stranger in Development mode, on the window and on Authorize', async () => {
      const web = await signedIn(world.stranger);
      assertErrorPage(await web.get(windowPath(world)), 'Insufficient developer role');
      const home = await web.get('/');
      const before = await codeCount(world.igApp.igAppId);
      const forged = await web.postForm('/oauth/authorize', { _csrf: web.csrf(home), ...request(world), decision: 'allow' });
      assertErrorPage(forged, 'Insufficient developer role');
      assert.equal(await codeCount(world.igApp.igAppId), before);
    });

    it('lets a refused stranger log in as someone else and come back to the same window', async () => {
      const web = await signedIn(world.stranger);
      const path = windowPath(world, { state: 'switch' });
      const refused = await web.get(path);
      assertErrorPage(refused, 'Insufficient developer role');
      assert.match(refused.text, new RegExp(`Logged in as <strong>${world.stranger.username}</strong>`));
      assert.match(refused.text, /<button class="secondary" type="submit">Log in as someone else<\/button>/);

      const out = await web.postForm('/accounts/logout/', { _csrf: web.csrf(refused), next: path });
      assert.equal(out.status, 303);
      assert.equal(out.location, path);
      const window = await web.get(path);
      assert.ok(window.text.includes(`Log in to continue to ${world.igApp.displayName}.`), window.text);
      const back = await web.postForm('/accounts/login/', { _csrf: web.csrf(window), username: world.tester.username, password: world.tester.password, next: path });
      assert.equal(back.location, path);
      assert.match((await web.get(path)).text, /would like to access your Instagram account/);
    });

    it('answers Insufficient developer role to a tester who was invited but has not accepted', async () => {
      const pending = await buildAccount(server.services);
      await server.services.testers.invite(world.igApp.igAppId, pending.username);
      assertErrorPage(await (await signedIn(pending)).get(windowPath(world)), 'Insufficient developer role');
    });

    it('answers Insufficient developer role to a tester who was removed', async () => {
      const removed = await buildAccount(server.services);
      await server.services.testers.invite(world.igApp.igAppId, removed.username);
      await server.services.testers.accept(world.igApp.igAppId, removed.id);
      const web = await signedIn(removed);
      assert.equal((await web.get(windowPath(world))).status, 200);
      await server.services.testers.remove(world.igApp.igAppId, removed.id);
      assertErrorPage(await web.get(windowPath(world)), 'Insufficient developer role');
    });

    it('answers Invalid scope: [] to a stranger of a Live app with no approved permissions', async () => {
      const live = await buildWorld(server.services, { mode: 'live' });
      assertErrorPage(await (await signedIn(live.stranger)).get(windowPath(live)), 'Invalid scope: []');
    });

    it('offers a stranger of a Live app only the approved user_profile, and the token cannot read media_count', async () => {
      const live = await buildWorld(server.services, { mode: 'live' });
      await server.services.apps.approvePermission(live.igApp.igAppId, 'instagram_graph_user_profile');
      const web = await signedIn(live.stranger);
      const consent = await web.get(windowPath(live));
      assert.equal(consent.status, 200);
      assert.deepEqual(scopesShown(consent), ['user_profile']);

      const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...request(live), decision: 'allow' });
      const code = new URL(decided.location ?? '').searchParams.get('code') ?? '';
      const exchanged = await postAccessToken(server.url, { client_id: live.igApp.igAppId, client_secret: live.secret, grant_type: 'authorization_code', redirect_uri: live.redirectUri, code });
      const token = /"access_token": "([^"]+)"/.exec(exchanged.text)?.[1] ?? '';
      assert.equal((await graphGet(server.url, { path: 'me', fields: 'id,username', token })).status, 200);
      const media = await graphGet(server.url, { path: 'me', fields: 'media_count', token });
      assert.equal(media.status, 400);
      assert.equal(withoutTrace(media.text), '{"error":{"message":"Application does not have permission for this action","type":"IGApiException","code":10,"fbtrace_id":"TRACE"}}');
    });

    it('answers Insufficient developer role to a stranger while the app stays in Development mode, even with approved permissions', async () => {
      const dev = await buildWorld(server.services);
      await server.services.apps.approvePermission(dev.igApp.igAppId, 'instagram_graph_user_profile');
      await server.services.apps.approvePermission(dev.igApp.igAppId, 'instagram_graph_user_media');
      assertErrorPage(await (await signedIn(dev.stranger)).get(windowPath(dev)), 'Insufficient developer role');
    });

    it('still lets an accepted tester of a Live app grant every scope asked for', async () => {
      const live = await buildWorld(server.services, { mode: 'live' });
      const consent = await (await signedIn(live.tester)).get(windowPath(live));
      assert.deepEqual(scopesShown(consent), ['user_profile', 'user_media']);
    });
  });
});
