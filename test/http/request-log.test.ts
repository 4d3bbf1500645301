// GET /_igloo/requests and /_igloo/requests.har over real HTTP (issue 8): Graph, OAuth and CDN requests
// with their surface, app, status and latency; nothing secret in either form; the filters, paging and
// their refusals; the ring buffer's bound, the log turned off, and the admin token in service mode.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.ts';
import { testConfig } from '../../src/config/load-config.ts';
import { createServices } from '../../src/services.ts';
import { buildWorld, issueCode, issueToken, type TestWorld } from '../support/builders.ts';
import { createWebSession } from '../support/browser.ts';
import { generateSampleFiles, at } from '../support/graph-fixtures.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface Entry {
  id: number;
  time: string;
  wall_ms: number;
  surface: string;
  method: string;
  path: string;
  app_id: string | null;
  status: number;
  latency_ms: number;
  error: { code: string | number | null; message: string } | null;
  request_size: number;
  response_size: number;
}

interface LogPage {
  data: Entry[];
  paging: { before?: string };
}

const ENTRY_KEYS = ['id', 'time', 'wall_ms', 'surface', 'method', 'path', 'app_id', 'status', 'latency_ms', 'error', 'request_size', 'response_size'];

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: unknown }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as unknown };
}

describe('GET /_igloo/requests', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;

  const requests = async (query: Record<string, string> = {}): Promise<LogPage> => {
    const response = await getJson(`${server.url}/_igloo/requests?${new URLSearchParams(query).toString()}`);
    assert.equal(response.status, 200, response.text);
    return response.json as LogPage;
  };
  /**
   * The entries a query finds once they number `count`: a request is logged when its response has gone
   * out, which for a streamed body (the CDN's) may be a moment after the client has read it.
   */
  const awaitEntries = async (query: Record<string, string>, count: number): Promise<Entry[]> => {
    for (let attempt = 0; ; attempt++) {
      const { data } = await requests(query);
      if (data.length >= count || attempt === 100) return data;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const me = (accessToken: string) => graphGet(server.url, { path: 'me', fields: 'id,username', token: accessToken });

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    token = (await issueToken(server.services, world)).accessToken;
  });
  after(() => server.close());

  it('records Graph calls, a code exchange and a CDN fetch, newest first, with surface, app, status and latency', async () => {
    const app = await buildWorld(server.services);
    const { photo } = await generateSampleFiles();
    const post = await server.services.media.createPost({ accountId: app.tester.id, files: [photo], takenAt: at(0) });
    const code = await issueCode(server.services, app);
    const exchanged = await postAccessToken(server.url, { client_id: app.igApp.igAppId, client_secret: app.secret, grant_type: 'authorization_code', redirect_uri: app.redirectUri, code });
    assert.equal(exchanged.status, 200, exchanged.text);
    const accessToken = (JSON.parse(exchanged.text.replace(/"user_id": (\d+)/, '"user_id": "$1"')) as { access_token: string }).access_token;
    const media = await graphGet(server.url, { path: post.id, fields: 'media_url', token: accessToken });
    const cdnUrl = (JSON.parse(media.text) as { media_url: string }).media_url;
    const cdn = await fetch(cdnUrl);
    assert.equal(cdn.status, 200);
    const bytes = (await cdn.arrayBuffer()).byteLength;
    const refused = await me('IGQWRnot-a-token');
    assert.equal(refused.status, 400);

    const appEntries = (await requests({ app_id: app.igApp.igAppId })).data;
    assert.deepEqual(appEntries.map((e) => [e.surface, e.method, e.status]), [['graph', 'GET', 200], ['api', 'POST', 200]]);
    const [graphEntry, tokenEntry] = appEntries as [Entry, Entry];
    assert.deepEqual(Object.keys(graphEntry), ENTRY_KEYS);
    assert.equal(graphEntry.path, `/graph/${post.id}?fields=media_url&access_token=[REDACTED]`);
    assert.equal(tokenEntry.path, '/oauth/access_token');
    assert.ok(tokenEntry.request_size > 0);
    assert.ok(graphEntry.id > tokenEntry.id);

    const [cdnEntry] = await awaitEntries({ surface: 'cdn' }, 1);
    const [bad] = (await requests({ status: '400', limit: '1' })).data;
    assert.ok(cdnEntry && bad);
    assert.deepEqual([cdnEntry.method, cdnEntry.status, cdnEntry.app_id], ['GET', 200, null]);
    assert.deepEqual([bad.surface, bad.app_id], ['graph', null]);
    assert.ok(bad.id > graphEntry.id && cdnEntry.id > graphEntry.id);
    assert.deepEqual(bad.error, { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    assert.equal(cdnEntry.response_size, bytes);
    assert.equal(cdnEntry.path, new URL(cdnUrl).pathname + new URL(cdnUrl).search);
    for (const entry of [...appEntries, cdnEntry, bad]) {
      assert.ok(entry.latency_ms >= 0);
      assert.equal(entry.time, new Date(Date.parse(entry.time)).toISOString());
      assert.ok(Number.isInteger(entry.wall_ms));
    }
    assert.equal(graphEntry.error, null);
  });

  it('keeps no raw token, app secret or code in the JSON or the HAR', async () => {
    const app = await buildWorld(server.services);
    const shortLived = (await issueToken(server.services, app)).accessToken;
    const code = await issueCode(server.services, app);
    // A code and a secret in the token endpoint's URL; the long-lived exchange with secret and token in the query.
    await fetch(`${server.url}/oauth/access_token?client_id=${app.igApp.igAppId}&code=${code}&client_secret=${app.secret}`, { method: 'POST' });
    await postAccessToken(server.url, { client_id: app.igApp.igAppId, client_secret: app.secret, grant_type: 'authorization_code', redirect_uri: app.redirectUri, code });
    const exchange = await graphGet(server.url, { path: 'access_token', query: { grant_type: 'ig_exchange_token', client_secret: app.secret }, token: shortLived });
    assert.equal(exchange.status, 200, exchange.text);
    const longLived = (JSON.parse(exchange.text) as { access_token: string }).access_token;
    await graphGet(server.url, { path: 'me', fields: 'id', token: longLived, bearer: true });
    await graphGet(server.url, { path: shortLived });
    await fetch(`${server.url}/graph/me?access_token=${shortLived}`, { headers: { cookie: `sessionid=${shortLived}` } });
    // The Authorization Window: its redirect to the app carries a fresh code.
    const params = { client_id: app.igApp.igAppId, redirect_uri: app.redirectUri, scope: 'user_profile', response_type: 'code' };
    const windowPath = `/oauth/authorize?${new URLSearchParams(params).toString()}`;
    const web = createWebSession(server.url);
    assert.equal((await web.signIn(app.tester.username, app.tester.password, windowPath)).status, 303);
    const consent = await web.get(windowPath);
    const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...params, decision: 'allow' });
    const windowCode = new URL(decided.location ?? assert.fail('no redirect')).searchParams.get('code') ?? assert.fail('no code');

    const json = (await getJson(`${server.url}/_igloo/requests?limit=1000`)).text;
    const har = (await getJson(`${server.url}/_igloo/requests.har?limit=1000`)).text;
    for (const secret of [token, shortLived, longLived, code, windowCode, app.secret]) {
      assert.ok(!json.includes(secret), 'a secret in the JSON log');
      assert.ok(!har.includes(secret), 'a secret in the HAR log');
    }
    assert.match(json, /"path":"\/graph\/access_token\?grant_type=ig_exchange_token&client_secret=\[REDACTED\]&access_token=\[REDACTED\]"/);
    assert.match(json, /"path":"\/oauth\/authorize\?client_id=\d+&redirect_uri=[^"]+","app_id":"\d+"/);
    assert.match(har, /"name":"location","value":"https:\/\/socialsizzle\.herokuapp\.com\/auth\/\?code=\[REDACTED\]/);
    assert.match(har, /"name":"authorization","value":"\[REDACTED\]"/);
    assert.match(har, /"name":"cookie","value":"\[REDACTED\]"/);
  });

  it('filters by app_id, surface and status (exact or a class)', async () => {
    const app = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, app);
    await me(accessToken);
    await graphGet(server.url, { path: 'me/nope', token: accessToken });
    await postAccessToken(server.url, { client_id: app.igApp.igAppId, client_secret: 'wrong', grant_type: 'authorization_code', redirect_uri: app.redirectUri, code: 'x' });
    await fetch(`${server.url}/cdn/v/t51.2885-15/m/1.jpg?oh=00&oe=00`);
    const [cdn] = await awaitEntries({ surface: 'cdn', status: '403' }, 1);

    const of = async (query: Record<string, string>) => (await requests({ app_id: app.igApp.igAppId, ...query })).data.map((e) => `${e.surface} ${e.status}`);
    assert.deepEqual(await of({}), ['api 400', 'graph 400', 'graph 200']);
    assert.deepEqual(await of({ surface: 'graph' }), ['graph 400', 'graph 200']);
    assert.deepEqual(await of({ surface: 'api' }), ['api 400']);
    assert.deepEqual(await of({ status: '200' }), ['graph 200']);
    assert.deepEqual(await of({ status: '4xx' }), ['api 400', 'graph 400']);
    assert.deepEqual(await of({ status: '5xx' }), []);
    assert.deepEqual(await of({ surface: 'graph', status: '4XX' }), ['graph 400']);
    assert.deepEqual(cdn?.error, { code: null, message: 'Bad URL hash' });
    const apiError = (await requests({ app_id: app.igApp.igAppId, surface: 'api' })).data[0];
    assert.deepEqual(apiError?.error, { code: 'OAuthException', message: 'Invalid authorization code' });
  });

  it('pages with limit and before, newest first, to the last entry', async () => {
    const app = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, app);
    for (let i = 0; i < 5; i++) await me(accessToken);
    const all = (await requests({ app_id: app.igApp.igAppId })).data.map((e) => e.id);
    assert.equal(all.length, 5);
    assert.deepEqual([...all].sort((a, b) => b - a), all);

    const first = await requests({ app_id: app.igApp.igAppId, limit: '2' });
    assert.deepEqual(first.data.map((e) => e.id), all.slice(0, 2));
    assert.equal(first.paging.before, String(all[1]));
    const second = await requests({ app_id: app.igApp.igAppId, limit: '2', before: first.paging.before ?? '' });
    assert.deepEqual(second.data.map((e) => e.id), all.slice(2, 4));
    const third = await requests({ app_id: app.igApp.igAppId, limit: '2', before: second.paging.before ?? '' });
    assert.deepEqual(third.data.map((e) => e.id), all.slice(4));
    assert.deepEqual(third.paging, {});
    assert.equal((await requests({ limit: '1000' })).data.length <= 1000, true);
    assert.deepEqual((await requests({ before: '1' })).data, []);
  });

  it('answers 400 naming the field for a bad filter', async () => {
    const cases: [string, string][] = [
      ['app_id=abc', 'app_id'],
      ['surface=www', 'surface'],
      ['status=200x', 'status'],
      ['status=600', 'status'],
      ['status=4xx&status=5xx', 'status'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['before=-3', 'before'],
      ['before=', 'before'],
      ['apps=1', 'apps'],
    ];
    for (const [query, field] of cases) {
      for (const path of ['/_igloo/requests', '/_igloo/requests.har']) {
        const response = await getJson(`${server.url}${path}?${query}`);
        assert.equal(response.status, 400, `${path}?${query}: ${response.text}`);
        const { error } = response.json as { error: { code: string; field?: string; message: string } };
        assert.equal(error.code, 'invalid_field', query);
        assert.equal(error.field, field, query);
        assert.match(error.message, new RegExp(`^${field}`));
      }
    }
  });

  it('serves the same entries as a valid HAR 1.2 log', async () => {
    const app = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, app);
    await me(accessToken);
    await graphGet(server.url, { path: 'me', fields: 'id', token: accessToken, bearer: true });
    const response = await fetch(`${server.url}/_igloo/requests.har?app_id=${app.igApp.igAppId}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const har = (await response.json()) as { log: Record<string, unknown> & { entries: Record<string, unknown>[] } };
    assert.equal(har.log.version, '1.2');
    assert.deepEqual(Object.keys(har.log.creator as object), ['name', 'version']);
    assert.equal(har.log.entries.length, 2);
    const nameValues = (list: unknown) => Array.isArray(list) && list.every((item: { name?: unknown; value?: unknown }) => typeof item.name === 'string' && typeof item.value === 'string');
    for (const entry of har.log.entries) {
      assert.ok(Number.isFinite(Date.parse(entry.startedDateTime as string)));
      assert.ok((entry.time as number) >= 0);
      const request = entry.request as Record<string, unknown>;
      const reply = entry.response as Record<string, unknown>;
      const timings = entry.timings as Record<string, number>;
      assert.equal(request.method, 'GET');
      assert.match(request.url as string, /^http:\/\/127\.0\.0\.1:\d+\/graph\/me\?fields=id/);
      assert.equal(request.httpVersion, 'HTTP/1.1');
      for (const list of [request.cookies, request.headers, request.queryString, reply.cookies, reply.headers]) assert.ok(nameValues(list));
      assert.equal(typeof request.headersSize, 'number');
      assert.equal(typeof request.bodySize, 'number');
      assert.equal(reply.status, 200);
      assert.equal(reply.statusText, 'OK');
      assert.equal((reply.content as { mimeType: string }).mimeType, 'application/json; charset=UTF-8');
      assert.equal(typeof (reply.content as { size: number }).size, 'number');
      assert.equal(reply.redirectURL, '');
      assert.deepEqual(entry.cache, {});
      for (const phase of ['send', 'wait', 'receive']) assert.ok(timings[phase] !== undefined && timings[phase] >= 0);
      assert.equal(entry._app_id, app.igApp.igAppId);
    }
    const [bearer, query] = har.log.entries as [{ request: { headers: { name: string; value: string }[]; queryString: unknown[] } }, { request: { queryString: unknown[] } }];
    assert.deepEqual(bearer.request.headers.find((h) => h.name === 'authorization'), { name: 'authorization', value: '[REDACTED]' });
    assert.deepEqual(query.request.queryString, [{ name: 'fields', value: 'id,username' }, { name: 'access_token', value: '[REDACTED]' }]);
  });
});

describe('the request log bound (IGLOO_REQUEST_LOG_SIZE)', () => {
  it('keeps only the configured number of entries, the newest', async () => {
    const server = await startTestServer({ IGLOO_REQUEST_LOG_SIZE: '3' });
    try {
      for (let i = 0; i < 7; i++) await fetch(`${server.url}/graph/me?n=${i}`);
      const { data } = (await getJson(`${server.url}/_igloo/requests`)).json as LogPage;
      assert.deepEqual(data.map((e) => e.path), ['/graph/me?n=6', '/graph/me?n=5', '/graph/me?n=4']);
      assert.deepEqual(data.map((e) => e.id), [7, 6, 5]);
      assert.deepEqual(((await getJson(`${server.url}/_igloo/requests?before=5`)).json as LogPage).data, []);
    } finally {
      await server.close();
    }
  });

  it('names the app of a call the rate limits refused', async () => {
    const server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1' });
    try {
      const world = await buildWorld(server.services);
      const { accessToken } = await issueToken(server.services, world);
      const call = () => graphGet(server.url, { path: 'me', fields: 'id', token: accessToken });
      assert.equal((await call()).status, 200);
      assert.equal((await call()).status, 400);
      const { data } = (await getJson(`${server.url}/_igloo/requests?surface=graph`)).json as LogPage;
      assert.deepEqual(data.map((e) => [e.status, e.app_id]), [[400, world.igApp.igAppId], [200, world.igApp.igAppId]]);
    } finally {
      await server.close();
    }
  });

  it('records nothing with size 0', async () => {
    const server = await startTestServer({ IGLOO_REQUEST_LOG_SIZE: '0' });
    try {
      await fetch(`${server.url}/graph/me`);
      await fetch(`${server.url}/oauth/access_token`, { method: 'POST' });
      const response = await getJson(`${server.url}/_igloo/requests`);
      assert.equal(response.status, 200);
      assert.deepEqual(response.json, { data: [], paging: {} });
      assert.deepEqual(((await getJson(`${server.url}/_igloo/requests.har`)).json as { log: { entries: unknown[] } }).log.entries, []);
    } finally {
      await server.close();
    }
  });
});

describe('GET /_igloo/requests in service mode', () => {
  it('needs the admin token', async () => {
    const ADMIN_TOKEN = 'igloo-admin-token-for-tests';
    const dataDir = mkdtempSync(join(tmpdir(), 'igloo-test-'));
    const built = await createServices(testConfig({ IGLOO_DATA_DIR: dataDir, IGLOO_MODE: 'service', IGLOO_ADMIN_TOKEN: ADMIN_TOKEN }));
    const app = await createApp(built.services);
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      await fetch(`${url}/graph/me`);
      for (const path of ['/_igloo/requests', '/_igloo/requests.har']) {
        for (const headers of [{}, { authorization: 'Bearer wrong-token-of-some-length' }] as Record<string, string>[]) {
          const refused = await getJson(`${url}${path}`, headers);
          assert.equal(refused.status, 401);
          assert.deepEqual(refused.json, { error: { code: 'unauthorized', message: 'The control API needs the admin token in service mode.' } });
        }
        const granted = await getJson(`${url}${path}`, { authorization: `Bearer ${ADMIN_TOKEN}` });
        assert.equal(granted.status, 200, granted.text);
        assert.match(granted.text, /\/graph\/me/);
      }
    } finally {
      await app.close();
      await built.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
