// Fault injection over real HTTP (issue 8, DESIGN.md §6): /_igloo/faults adds, lists and removes rules;
// the presets answer with igloo's own error bodies (the shutdown as callers saw it after 2024-12-04,
// spec §8); count, probability, app, path, method and latency decide which requests a rule catches.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { formatPacificTime } from '../../src/oauth/pacific-time.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { assertGraphError, GRAPH_CONTENT_TYPE, PERMISSION_DENIED_BODY, unsupportedRequestBody } from '../support/graph-fixtures.ts';
import { graphGet, postAccessToken, withoutTrace, type WireResponse } from '../support/http-clients.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

interface RuleBody {
  id: string;
  surface: string;
  path: string;
  method: string | null;
  app_id: string | null;
  error: unknown;
  probability: number;
  count: number | null;
  latency_ms: number;
  fired: number;
  remaining: number | null;
  preset: string | null;
  created_at: string;
}

interface ControlResponse {
  status: number;
  json: unknown;
}

const TRANSIENT_SERVER_ERROR =
  '{"error":{"message":"An unexpected error has occurred. Please retry your request later.","type":"OAuthException","is_transient":true,"code":2,"fbtrace_id":"TRACE"}}';
const APP_LIMIT_BODY = '{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"TRACE"}}';
const USER_LIMIT_BODY = '{"error":{"message":"(#17) User request limit reached","type":"OAuthException","is_transient":true,"code":17,"fbtrace_id":"TRACE"}}';
const SHUTDOWN_WINDOW_TEXT = 'Invalid request: Request parameters are invalid: Invalid scope: user_profile';

describe('fault injection (/_igloo/faults)', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;
  /** The numbers fault rules draw their probabilities from, in order; 0.99 once used up. */
  const draws: number[] = [];

  const control = async (method: string, path: string, body?: unknown): Promise<ControlResponse> => {
    const init: RequestInit = { method };
    if (body !== undefined) init.headers = { 'content-type': 'application/json' };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${server.url}/_igloo/faults${path}`, init);
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const addRules = async (body: unknown): Promise<RuleBody[]> => {
    const response = await control('POST', '', body);
    assert.equal(response.status, 201, JSON.stringify(response.json));
    return (response.json as { data: RuleBody[] }).data;
  };
  const listRules = async (): Promise<RuleBody[]> => {
    const response = await control('GET', '');
    assert.equal(response.status, 200);
    return (response.json as { data: RuleBody[] }).data;
  };
  const me = (accessToken = token, options: { path?: string; method?: string } = {}) => graphGet(server.url, { path: options.path ?? 'me', fields: 'id,username', token: accessToken, method: options.method });
  const assertReal = (response: WireResponse) => {
    assert.equal(response.status, 200, response.text);
    assert.match(response.text, new RegExp(`"username":"${world.tester.username}"`));
  };
  const windowPath = (app: TestWorld) =>
    `/oauth/authorize?${new URLSearchParams({ client_id: app.igApp.igAppId, redirect_uri: app.redirectUri, scope: 'user_profile,user_media', response_type: 'code' }).toString()}`;

  before(async () => {
    server = await startTestServer({}, {}, { random: () => draws.shift() ?? 0.99 });
    world = await buildWorld(server.services);
    token = (await issueToken(server.services, world)).accessToken;
  });
  afterEach(async () => {
    assert.equal((await control('DELETE', '')).status, 204);
    draws.length = 0;
  });
  after(() => server.close());

  it('answers every Graph call as after the 2024-12-04 shutdown with the "shutdown" preset, the method as called (spec §8)', async () => {
    const rules = await addRules({ preset: 'shutdown' });
    assert.deepEqual(
      rules.map((r) => [r.surface, r.path, r.error, r.preset]),
      [
        ['graph', '*', 'unsupported_request', 'shutdown'],
        ['api', '/oauth/authorize*', 'oauth_shutdown', 'shutdown'],
      ],
    );
    assertGraphError(await me(), unsupportedRequestBody('get'));
    assertGraphError(await graphGet(server.url, { path: 'v21.0/me/media', token, fields: 'id,caption' }), unsupportedRequestBody('get'));
    assertGraphError(await graphGet(server.url, { path: 'me/media', token, method: 'POST' }), unsupportedRequestBody('post'));
    const refreshRefused = await graphGet(server.url, { path: 'refresh_access_token', token, query: { grant_type: 'ig_refresh_token' } });
    assertGraphError(refreshRefused, unsupportedRequestBody('get'));
    // A faulted token answer is still a token answer: never cached.
    assert.equal(refreshRefused.headers.get('cache-control'), 'no-store');
    assertGraphError(await graphGet(server.url, { path: 'refresh_access_token', token, query: { grant_type: 'ig_refresh_token' }, method: 'POST' }), unsupportedRequestBody('post'));
  });

  it('shows the Authorization Window\'s post-shutdown error page with the "shutdown" preset (spec §8)', async () => {
    const before = await fetch(server.url + windowPath(world));
    assert.equal(before.status, 200);
    assert.doesNotMatch(await before.text(), /Invalid request/);
    await addRules({ preset: 'shutdown' });
    const page = await fetch(server.url + windowPath(world));
    assert.equal(page.status, 400);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), new RegExp(`<pre id="error">${SHUTDOWN_WINDOW_TEXT}</pre>`));
  });

  it('answers code 4, code 190 with Pacific times, and a transient code 2 (HTTP 500) with the other presets', async () => {
    await addRules({ preset: 'rate_limited' });
    assertGraphError(await me(), APP_LIMIT_BODY);
    await control('DELETE', '');

    await addRules({ preset: 'token_expired' });
    const from = Math.floor(server.clock.now() / 1000);
    const expired = await me();
    const to = Math.floor(server.clock.now() / 1000);
    const candidates: string[] = [];
    for (let second = from; second <= to; second++) {
      const when = formatPacificTime(second * 1000);
      candidates.push(`{"error":{"message":"Error validating access token: Session has expired on ${when}. The current time is ${when}.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}`);
    }
    assert.ok(candidates.includes(withoutTrace(expired.text)), expired.text);
    assertGraphError(expired, withoutTrace(expired.text));
    await control('DELETE', '');

    await addRules({ preset: 'server_error' });
    const failed = await me();
    assert.equal(failed.status, 500);
    assert.equal(failed.headers.get('content-type'), GRAPH_CONTENT_TYPE);
    assert.equal(withoutTrace(failed.text), TRANSIENT_SERVER_ERROR);
    assert.equal(failed.headers.get('x-fb-trace-id'), (JSON.parse(failed.text) as { error: { fbtrace_id: string } }).error.fbtrace_id);
  });

  it('answers catalogue entries with the bodies igloo itself sends', async () => {
    await addRules({ surface: 'graph', error: 'permission_denied', count: 1 });
    assertGraphError(await me(), PERMISSION_DENIED_BODY);
    await addRules({ surface: 'graph', error: 'rate_limited_user', count: 1 });
    assertGraphError(await me(), USER_LIMIT_BODY);
  });

  it('fires a rule with count 2 twice, then the real answer returns', async () => {
    const [rule] = await addRules({ surface: 'graph', path: '/me', error: 'rate_limited_app', count: 2 });
    assert.equal(rule?.remaining, 2);
    assertGraphError(await me(), APP_LIMIT_BODY);
    assertGraphError(await me(), APP_LIMIT_BODY);
    assertReal(await me());
    const [listed] = await listRules();
    assert.equal(listed?.fired, 2);
    assert.equal(listed?.remaining, 0);
  });

  it('never fires with probability 0, always with 1, and as the random draws say in between', async () => {
    await addRules({ surface: 'graph', error: 'permission_denied', probability: 0 });
    for (let i = 0; i < 5; i++) assertReal(await me());
    await control('DELETE', '');

    await addRules({ surface: 'graph', error: 'permission_denied', probability: 1 });
    draws.push(0.999, 0.999, 0.999);
    for (let i = 0; i < 3; i++) assertGraphError(await me(), PERMISSION_DENIED_BODY);
    assert.equal(draws.length, 3, 'probability 1 fires without a draw');
    draws.length = 0;
    await control('DELETE', '');

    await addRules({ surface: 'graph', error: 'permission_denied', probability: 0.5 });
    draws.push(0.1, 0.7, 0.49, 0.5, 0.9);
    const fired: boolean[] = [];
    for (let i = 0; i < 5; i++) fired.push((await me()).status === 400);
    assert.deepEqual(fired, [true, false, true, false, false]);
    assert.equal((await listRules())[0]?.fired, 2);
  });

  it("limits a rule to one app: another app's token, and another client_id, get the real answer", async () => {
    const other = await buildWorld(server.services);
    const otherToken = (await issueToken(server.services, other)).accessToken;
    await addRules({ surface: 'graph', app_id: world.igApp.igAppId, error: 'token_invalid' });
    assertGraphError(await me(), '{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}');
    const otherMe = await me(otherToken);
    assert.equal(otherMe.status, 200, otherMe.text);
    assertGraphError(await graphGet(server.url, { path: 'me', token, bearer: true }), '{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}');
    await control('DELETE', '');

    await addRules({ preset: 'shutdown', app_id: other.igApp.igAppId });
    assertReal(await me());
    assertGraphError(await me(otherToken), unsupportedRequestBody('get'));
    assert.equal((await fetch(server.url + windowPath(world))).status, 200);
    assert.equal((await fetch(server.url + windowPath(other))).status, 400);

    await addRules({ surface: 'api', path: '/oauth/access_token', app_id: other.igApp.igAppId, error: 'oauth_code_used' });
    const exchange = (app: TestWorld) => postAccessToken(server.url, { client_id: app.igApp.igAppId, client_secret: app.secret, grant_type: 'authorization_code', redirect_uri: app.redirectUri, code: 'AQnot-a-code' });
    assert.equal((await exchange(other)).text, '{"error_type": "OAuthException", "code": 400, "error_message": "This authorization code has been used"}');
    assert.equal((await exchange(world)).text, '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"}');
  });

  it('catches only the paths its glob matches and the method it names (GET also catching HEAD)', async () => {
    await addRules({ surface: 'graph', path: '/v*/me*', method: 'GET', error: 'permission_denied' });
    assertGraphError(await me(token, { path: 'v21.0/me' }), PERMISSION_DENIED_BODY);
    assertGraphError(await me(token, { path: 'v19.0/me/media' }), PERMISSION_DENIED_BODY);
    assertReal(await me());
    assertGraphError(await me(token, { path: 'v21.0/me', method: 'POST' }), unsupportedRequestBody('post'));
    const head = await me(token, { path: 'v21.0/me', method: 'HEAD' });
    assert.equal(head.status, 400);
    await control('DELETE', '');

    await addRules({ surface: 'graph', path: '/me/media', error: 'permission_denied' });
    assertReal(await me());
    assertGraphError(await graphGet(server.url, { path: 'me/media', token }), PERMISSION_DENIED_BODY);
    assert.equal((await graphGet(server.url, { path: 'v21.0/me/media', token })).status, 200);
  });

  it('delays the real answer by latency_ms with a rule that has no error, and the fault with one', async () => {
    await addRules({ surface: 'graph', latency_ms: 300, count: 1 });
    let started = performance.now();
    assertReal(await me());
    assert.ok(performance.now() - started >= 300, 'the real answer came before the latency');

    await addRules({ surface: 'graph', error: 'permission_denied', latency_ms: 250, count: 1 });
    started = performance.now();
    assertGraphError(await me(), PERMISSION_DENIED_BODY);
    assert.ok(performance.now() - started >= 250, 'the fault came before the latency');
  });

  it('answers a literal status, body and headers, JSON in the surface content type and text as text/plain', async () => {
    await addRules({ surface: 'graph', path: '/me', error: { status: 503, body: { maintenance: true }, headers: { 'retry-after': '30' } }, count: 1 });
    const literal = await me();
    assert.equal(literal.status, 503);
    assert.equal(literal.text, '{"maintenance":true}');
    assert.equal(literal.headers.get('content-type'), GRAPH_CONTENT_TYPE);
    assert.equal(literal.headers.get('retry-after'), '30');
    assert.match(literal.headers.get('x-fb-trace-id') ?? '', /^[A-Za-z0-9_-]{20,23}$/);

    await addRules({ surface: 'graph', error: { status: 502, body: '<html>Bad Gateway</html>' }, count: 1 });
    const text = await me();
    assert.equal(text.status, 502);
    assert.equal(text.text, '<html>Bad Gateway</html>');
    assert.equal(text.headers.get('content-type'), 'text/plain; charset=utf-8');
  });

  it('answers CDN requests with the CDN refusals or a literal answer', async () => {
    const real = await fetch(`${server.url}/cdn/v/t51.2885-15/nothing.jpg`);
    assert.equal(real.status, 403);
    assert.equal(await real.text(), 'Bad URL hash');
    await addRules({ surface: 'cdn', path: '/v/*.jpg', error: 'cdn_url_expired' });
    const expired = await fetch(`${server.url}/cdn/v/t51.2885-15/nothing.jpg?oh=00&oe=00`);
    assert.equal(expired.status, 403);
    assert.equal(expired.headers.get('cache-control'), 'no-store');
    assert.equal(await expired.text(), 'URL signature expired');
    assert.equal((await fetch(`${server.url}/cdn/v/t51.2885-15/nothing.mp4`)).status, 403);
  });

  it('lists rules with how often each fired and how many remain, and deletes one or all', async () => {
    const [first] = await addRules({ surface: 'graph', path: '/me', method: 'GET', error: 'permission_denied', count: 3 });
    const [second] = await addRules({ surface: 'api', app_id: world.igApp.igAppId, latency_ms: 10, probability: 0.25 });
    assertGraphError(await me(), PERMISSION_DENIED_BODY);
    const listed = await listRules();
    assert.deepEqual(
      listed.map(({ created_at: createdAt, ...rule }) => {
        assert.ok(!Number.isNaN(Date.parse(createdAt)));
        return rule;
      }),
      [
        { id: first?.id, surface: 'graph', path: '/me', method: 'GET', app_id: null, error: 'permission_denied', probability: 1, count: 3, latency_ms: 0, fired: 1, remaining: 2, preset: null },
        { id: second?.id, surface: 'api', path: '*', method: null, app_id: world.igApp.igAppId, error: null, probability: 0.25, count: null, latency_ms: 10, fired: 0, remaining: null, preset: null },
      ],
    );
    assert.equal((await control('DELETE', `/${first?.id}`)).status, 204);
    assert.deepEqual((await listRules()).map((r) => r.id), [second?.id]);
    assertReal(await me());
    const missing = await control('DELETE', `/${first?.id}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: { code: 'fault_not_found', message: `No fault rule has the id "${first?.id}".` } });

    await addRules({ preset: 'shutdown' });
    assert.equal((await control('DELETE', '')).status, 204);
    assert.deepEqual(await listRules(), []);
    assertReal(await me());
  });

  it('answers 400 naming the field for every body it cannot take, and adds nothing', async () => {
    const cases: [unknown, string][] = [
      [{ surface: 'www', error: 'permission_denied' }, 'surface'],
      [{ error: 'permission_denied' }, 'surface'],
      [{ surface: 'graph', path: 'me/media', error: 'permission_denied' }, 'path'],
      [{ surface: 'graph', path: '/me?fields=id', error: 'permission_denied' }, 'path'],
      [{ surface: 'graph', path: '/me media', error: 'permission_denied' }, 'path'],
      [{ surface: 'graph', path: 42, error: 'permission_denied' }, 'path'],
      [{ surface: 'graph', method: 'FETCH', error: 'permission_denied' }, 'method'],
      [{ surface: 'graph', error: 'no_such_error' }, 'error'],
      [{ surface: 'graph', error: 'oauth_invalid_code' }, 'error'],
      [{ surface: 'graph', error: { status: 700 } }, 'error'],
      [{ surface: 'graph', error: { status: 503, headers: { 'bad name': 'x' } } }, 'error'],
      [{ surface: 'graph', error: { status: 503, headers: { 'x-a': 'line\r\nbreak' } } }, 'error'],
      [{ surface: 'graph', error: { status: 503, headers: { 'x-a': 'five €' } } }, 'error'],
      [{ surface: 'graph', error: { status: 503, headers: { 'content-length': '5' } } }, 'error'],
      [{ surface: 'graph', error: { status: 503, extra: 1 } }, 'error'],
      [{ surface: 'graph', error: 42 }, 'error'],
      [{ surface: 'graph' }, 'error'],
      [{ surface: 'graph', error: 'permission_denied', probability: 1.5 }, 'probability'],
      [{ surface: 'graph', error: 'permission_denied', probability: -0.1 }, 'probability'],
      [{ surface: 'graph', error: 'permission_denied', probability: '0.5' }, 'probability'],
      [{ surface: 'graph', error: 'permission_denied', count: 0 }, 'count'],
      [{ surface: 'graph', error: 'permission_denied', count: 1.5 }, 'count'],
      [{ surface: 'graph', error: 'permission_denied', latency_ms: 60_001 }, 'latency_ms'],
      [{ surface: 'graph', error: 'permission_denied', latency_ms: -1 }, 'latency_ms'],
      [{ surface: 'graph', error: 'permission_denied', app_id: '' }, 'app_id'],
      [{ surface: 'cdn', error: 'cdn_not_found', app_id: world.igApp.igAppId }, 'app_id'],
      [{ preset: 'meltdown' }, 'preset'],
      [{ preset: 'shutdown', surface: 'graph' }, 'surface'],
      [{ preset: 'shutdown', error: 'permission_denied' }, 'error'],
      [{ preset: 'shutdown', path: '/me' }, 'path'],
      [{ surface: 'graph', error: 'permission_denied', fault: 'yes' }, 'fault'],
    ];
    for (const [body, field] of cases) {
      const response = await control('POST', '', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const { error } = response.json as { error: { code: string; message: string; field?: string } };
      assert.equal(error.code, 'invalid_field', JSON.stringify(body));
      assert.equal(error.field, field, `${JSON.stringify(body)}: ${error.message}`);
      assert.ok(error.message.startsWith(field === 'error' ? 'error' : field), error.message);
    }
    assert.deepEqual((await control('POST', '', { surface: 'graph', error: 'oauth_invalid_code' })).json, {
      error: {
        code: 'invalid_field',
        message: 'error must be one of the graph catalogue\'s rate_limited_user, rate_limited_app, token_expired, token_invalid, token_password_changed, permission_denied, unsupported_request, server_error, or {"status", "body", "headers"}',
        field: 'error',
      },
    });
    assert.deepEqual((await control('POST', '', { surface: 'graph', error: 'permission_denied', probability: 2 })).json, {
      error: { code: 'invalid_field', message: 'probability must be a number from 0 to 1', field: 'probability' },
    });
    for (const body of ['[1]', 'null', '{"surface":']) assert.equal((await control('POST', '', body)).status, 400, body);
    assert.deepEqual(await listRules(), []);
    assertReal(await me());
  });
});

describe('/_igloo/faults in service mode', () => {
  const ADMIN_TOKEN = 'igloo-admin-token-for-fault-tests';
  let url: string;
  let close: () => Promise<void>;

  before(async () => {
    const server = await startServiceModeServer(ADMIN_TOKEN);
    url = server.url;
    close = server.close;
  });
  after(() => close());

  it('needs the admin token for every route, like the rest of the control API', async () => {
    const requests: [string, string, string | undefined][] = [
      ['GET', '/_igloo/faults', undefined],
      ['POST', '/_igloo/faults', '{"preset":"shutdown"}'],
      ['DELETE', '/_igloo/faults', undefined],
      ['DELETE', '/_igloo/faults/1', undefined],
    ];
    for (const [method, path, body] of requests) {
      for (const authorization of [undefined, 'Bearer wrong-token-of-some-length']) {
        const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
        if (authorization) headers.authorization = authorization;
        const refused = await fetch(url + path, { method, headers, body });
        assert.equal(refused.status, 401, `${method} ${path}`);
        assert.deepEqual(await refused.json(), { error: { code: 'unauthorized', message: 'The control API needs the admin token in service mode.' } });
      }
    }
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const added = await fetch(`${url}/_igloo/faults`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"preset":"shutdown"}' });
    assert.equal(added.status, 201);
    assertGraphError(await graphGet(url, { path: 'me', token: 'IGQWRanything-at-all-long-enough' }), unsupportedRequestBody('get'));
    assert.equal((await fetch(`${url}/_igloo/faults`, { headers: auth }).then((r) => r.json() as Promise<{ data: unknown[] }>)).data.length, 2);
    assert.equal((await fetch(`${url}/_igloo/faults`, { method: 'DELETE', headers: auth })).status, 204);
  });
});
