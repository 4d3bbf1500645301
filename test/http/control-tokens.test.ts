// POST /_igloo/tokens over real HTTP (DESIGN.md §6): a token in one call that Graph accepts at once,
// with the user_id a real code exchange gives, recorded as a grant that Apps and Websites shows; the
// Authorization Window's checks for the account; and a 400 naming the field for every bad body.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount, buildWorld, type TestAccount, type TestWorld } from '../support/builders.ts';
import { createWebSession } from '../support/browser.ts';
import { PERMISSION_DENIED_BODY } from '../support/graph-fixtures.ts';
import { graphGet, postAccessToken, withoutTrace } from '../support/http-clients.ts';
import { signedIn } from '../support/instagram-web.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

interface TokenBody {
  access_token: string;
  user_id: string;
  expires_in: number;
}

interface ControlError {
  error: { code: string; message: string; field?: string };
}

describe('POST /_igloo/tokens', () => {
  let server: TestServer;
  let world: TestWorld;

  const postTokens = async (body: unknown) => {
    const response = await fetch(`${server.url}/_igloo/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: response.status, headers: response.headers, json: (await response.json()) as unknown };
  };
  const issue = async (body: Record<string, unknown>): Promise<TokenBody> => {
    const response = await postTokens(body);
    assert.equal(response.status, 200, JSON.stringify(response.json));
    return response.json as TokenBody;
  };
  const me = (token: string) => graphGet(server.url, { path: 'me', fields: 'id,username', token });

  /** The real flow over HTTP: sign in inside the window, Authorize, exchange the code. */
  async function authorizeInWindow(app: TestWorld, account: TestAccount): Promise<{ accessToken: string; userId: string }> {
    const params = { client_id: app.igApp.igAppId, redirect_uri: app.redirectUri, scope: 'user_profile,user_media', response_type: 'code' };
    const windowPath = `/oauth/authorize?${new URLSearchParams(params).toString()}`;
    const web = createWebSession(server.url);
    assert.equal((await web.signIn(account.username, account.password, windowPath)).status, 303);
    const consent = await web.get(windowPath);
    assert.equal(consent.status, 200);
    const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...params, decision: 'allow' });
    const code = new URL(decided.location ?? assert.fail('no redirect')).searchParams.get('code') ?? '';
    const exchanged = await postAccessToken(server.url, { client_id: app.igApp.igAppId, client_secret: app.secret, grant_type: 'authorization_code', redirect_uri: app.redirectUri, code });
    const [, accessToken = '', userId = ''] = /^\{"access_token": "([^"]+)", "user_id": (\d+)\}$/.exec(exchanged.text) ?? assert.fail(exchanged.text);
    return { accessToken, userId };
  }

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { displayName: 'Token Shop' });
  });
  after(() => server.close());

  it('issues a short-lived token by default (1 hour) that reads /graph/me at once', async () => {
    const response = await postTokens({ app_id: world.igApp.igAppId, username: world.tester.username });
    assert.equal(response.status, 200, JSON.stringify(response.json));
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const token = response.json as TokenBody;
    assert.deepEqual(Object.keys(token), ['access_token', 'user_id', 'expires_in']);
    assert.match(token.access_token, /^IGQ[A-Za-z0-9_-]+$/);
    assert.match(token.user_id, /^\d+$/);
    assert.equal(token.expires_in, 3600);
    const read = await me(token.access_token);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.text, `{"id":"${token.user_id}","username":"${world.tester.username}"}`);
  });

  it('issues a long-lived token (60 days) with {"kind":"long"}, which outlives a short one', async () => {
    const app = await buildWorld(server.services);
    const long = await issue({ app_id: app.igApp.igAppId, username: app.tester.username, kind: 'long', scopes: ['user_profile', 'user_media'] });
    const short = await issue({ app_id: app.igApp.igAppId, username: app.tester.username, kind: 'short' });
    assert.equal(long.expires_in, 5_184_000);
    assert.equal(short.expires_in, 3600);
    assert.equal(long.user_id, short.user_id);
    assert.equal((await me(long.access_token)).status, 200);

    server.clock.advance(2 * 3_600_000);
    assert.equal((await me(long.access_token)).status, 200);
    const expired = await me(short.access_token);
    assert.equal(expired.status, 400);
    assert.match(expired.text, /Session has expired/);
  });

  it('gives the user_id a real code exchange gives for the same app, whichever comes first, and another for another app', async () => {
    const first = await issue({ app_id: world.igApp.igAppId, username: world.tester.username });
    const flow = await authorizeInWindow(world, world.tester);
    assert.equal(flow.userId, first.user_id);

    const other = await buildWorld(server.services);
    const flowFirst = await authorizeInWindow(other, other.tester);
    const after = await issue({ app_id: other.igApp.igAppId, username: other.tester.username });
    assert.equal(after.user_id, flowFirst.userId);
    assert.equal((await me(after.access_token)).text, (await me(flowFirst.accessToken)).text);

    await server.services.testers.invite(other.igApp.igAppId, world.tester.username);
    await server.services.testers.accept(other.igApp.igAppId, world.tester.id);
    const elsewhere = await issue({ app_id: other.igApp.igAppId, username: world.tester.username });
    assert.notEqual(elsewhere.user_id, first.user_id);
  });

  it('records a grant: Apps and Websites lists the app under Active', async () => {
    const app = await buildWorld(server.services, { displayName: 'Granted Widget' });
    const web = await signedIn(server.url, app.tester);
    assert.doesNotMatch((await web.get('/accounts/manage_access/?tab=active')).text, /Granted Widget/);
    await issue({ app_id: app.igApp.igAppId, username: app.tester.username.toUpperCase() });
    const active = await web.get('/accounts/manage_access/?tab=active');
    assert.match(active.text, /<ul class="apps" aria-label="Active">[\s\S]*<span class="app-name">Granted Widget<\/span>/);
  });

  it('answers 400 naming the field for each bad body, and issues nothing', async () => {
    const app = await buildWorld(server.services);
    const base = { app_id: app.igApp.igAppId, username: app.tester.username };
    const scopesMessage = 'scopes must be a list of "user_profile" or "user_media" that includes "user_profile"';
    const cases: [unknown, string, string][] = [
      [{ username: base.username }, 'app_id', 'app_id is required: a non-empty string'],
      [{ ...base, app_id: 17841400000000000 }, 'app_id', 'app_id must be a non-empty string'],
      [{ app_id: base.app_id }, 'username', 'username is required: a non-empty string'],
      [{ ...base, username: 42 }, 'username', 'username must be a non-empty string'],
      [{ ...base, username: '' }, 'username', 'username must be a non-empty string'],
      [{ ...base, scopes: ['user_profile', 'basic'] }, 'scopes', scopesMessage],
      [{ ...base, scopes: ['user_media'] }, 'scopes', scopesMessage],
      [{ ...base, scopes: [] }, 'scopes', scopesMessage],
      [{ ...base, scopes: 'user_profile,user_media' }, 'scopes', scopesMessage],
      [{ ...base, kind: 'medium' }, 'kind', 'kind must be "short" or "long"'],
      [{ ...base, kind: null }, 'kind', 'kind must be "short" or "long"'],
      [{ ...base, expires_in: 60 }, 'expires_in', 'expires_in is not a field of this request (the fields are app_id, username, scopes and kind)'],
    ];
    for (const [body, field, message] of cases) {
      const response = await postTokens(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.deepEqual(response.json, { error: { code: 'invalid_field', message, field } }, JSON.stringify(body));
    }
    for (const body of ['[]', 'null', '"token"']) {
      const response = await postTokens(body);
      assert.equal(response.status, 400, body);
      assert.deepEqual(response.json, { error: { code: 'invalid_body', message: 'The body must be a JSON object with the fields app_id, username, scopes and kind.' } });
    }
    const grants = await server.services.db.selectFrom('grants').select('account_id').where('ig_app_id', '=', app.igApp.igAppId).execute();
    assert.deepEqual(grants, []);
  });

  it('answers 404 for an unknown app or username', async () => {
    for (const appId of ['999999999999999', 'not-an-id']) {
      const response = await postTokens({ app_id: appId, username: world.tester.username });
      assert.equal(response.status, 404, appId);
      assert.deepEqual(response.json, { error: { code: 'app_not_found', message: `No Instagram app has the Instagram App ID "${appId}".` } });
    }
    const response = await postTokens({ app_id: world.igApp.igAppId, username: 'nobody_here' });
    assert.equal(response.status, 404);
    assert.deepEqual(response.json, { error: { code: 'account_not_found', message: 'No Instagram account is called "nobody_here".' } });
  });

  it('refuses an account that is not an accepted tester of a Development-mode app with 409, as the window does', async () => {
    const invited = await buildAccount(server.services);
    await server.services.testers.invite(world.igApp.igAppId, invited.username);
    for (const account of [world.stranger, invited]) {
      const response = await postTokens({ app_id: world.igApp.igAppId, username: account.username });
      assert.equal(response.status, 409, account.username);
      const { error } = response.json as ControlError;
      assert.equal(error.code, 'not_a_tester');
      assert.equal(
        error.message,
        `${account.username} is not an accepted Instagram Tester of Token Shop, which is in Development mode, so the Authorization Window would refuse them ("Insufficient developer role"). Add them under Roles > Instagram Testers and accept the invitation under Apps and Websites > Tester Invites, or switch the app to Live.`,
      );
    }
  });

  it('gives a stranger of a Live app only what App Review approved, and refuses with 409 while nothing is', async () => {
    const live = await buildWorld(server.services, { mode: 'live', displayName: 'Live Frame' });
    const refused = await postTokens({ app_id: live.igApp.igAppId, username: live.stranger.username });
    assert.equal(refused.status, 409);
    assert.equal((refused.json as ControlError).error.code, 'permission_not_approved');
    assert.match((refused.json as ControlError).error.message, /^Live Frame is Live but App Review has not approved instagram_graph_user_profile/);

    await server.services.apps.approvePermission(live.igApp.igAppId, 'instagram_graph_user_profile');
    const token = await issue({ app_id: live.igApp.igAppId, username: live.stranger.username });
    assert.equal((await me(token.access_token)).status, 200);
    const media = await graphGet(server.url, { path: 'me', fields: 'media_count', token: token.access_token });
    assert.equal(withoutTrace(media.text), PERMISSION_DENIED_BODY);
  });
});

describe('POST /_igloo/tokens in service mode', () => {
  const ADMIN_TOKEN = 'igloo-admin-token-for-tests';
  let url: string;
  let close: () => Promise<void>;
  let world: TestWorld;

  before(async () => {
    const server = await startServiceModeServer(ADMIN_TOKEN);
    url = server.url;
    close = server.close;
    world = await buildWorld(server.services);
  });
  after(() => close());

  it('needs the admin token, like the rest of the control API', async () => {
    const body = JSON.stringify({ app_id: world.igApp.igAppId, username: world.tester.username, kind: 'long' });
    const post = (headers: Record<string, string>) => fetch(`${url}/_igloo/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    for (const headers of [{}, { authorization: 'Bearer wrong-token-of-some-length' }] as Record<string, string>[]) {
      const refused = await post(headers);
      assert.equal(refused.status, 401);
      assert.deepEqual(await refused.json(), { error: { code: 'unauthorized', message: 'The control API needs the admin token in service mode.' } });
    }
    const granted = await post({ authorization: `Bearer ${ADMIN_TOKEN}` });
    assert.equal(granted.status, 200);
    const token = (await granted.json()) as TokenBody;
    assert.equal(token.expires_in, 5_184_000);
    assert.equal((await graphGet(url, { path: 'me', fields: 'id,username', token: token.access_token })).text, `{"id":"${token.user_id}","username":"${world.tester.username}"}`);
  });
});
