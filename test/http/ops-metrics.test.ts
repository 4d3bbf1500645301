// GET /_igloo/metrics over real HTTP (issue 9, Operations): Prometheus text with requests and latency by
// surface and route template (never a raw URL: no token in a label), the callback outbox's depth, tokens
// issued by kind and Node's process metrics. Open in emulator mode; in service mode the admin token or
// IGLOO_METRICS_TOKEN; absent with IGLOO_METRICS=false.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

const ADMIN_TOKEN = 'ops-metrics-admin-token';
const METRICS_TOKEN = 'ops-metrics-scraper-token';

async function scrape(url: string, token?: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${url}/_igloo/metrics`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample line, e.g. `igloo_tokens_issued_total{kind="short"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const countOf = (surface: string, route: string, status: string) =>
  `igloo_http_request_duration_seconds_count{surface="${surface}",route="${route}",method="GET",status_class="${status}"}`;

describe('Prometheus metrics', () => {
  let server: TestServer;
  let world: TestWorld;
  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  it('answers in the text exposition format, with process metrics and igloo_info', async () => {
    const { status, type, text } = await scrape(server.url);
    assert.equal(status, 200);
    assert.equal(type, 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(text, /^# HELP process_cpu_user_seconds_total /m);
    assert.match(text, /^nodejs_eventloop_lag_seconds \d/m);
    assert.equal(sample(text, 'igloo_info{version="0.1.0",mode="emulator"}'), 1);
  });

  it('counts requests by surface and route template, never by raw URL, so no token or code reaches a label', async () => {
    const { accessToken } = await issueToken(server.services, world);
    const before = (await scrape(server.url)).text;
    assert.equal((await fetch(`${server.url}/graph/me?fields=id&access_token=${accessToken}`)).status, 200);
    assert.equal((await fetch(`${server.url}/graph/me?access_token=${accessToken}x`)).status, 400);
    assert.equal((await fetch(`${server.url}/no/such/${accessToken}`)).status, 404);
    assert.equal((await fetch(`${server.url}/graph/no/such/${accessToken}`)).status, 400);
    assert.equal((await fetch(`${server.url}/_igloo/healthz`, { method: 'HEAD' })).status, 200);
    const { text } = await scrape(server.url);
    const delta = (series: string) => (sample(text, series) ?? 0) - (sample(before, series) ?? 0);
    assert.equal(delta(countOf('graph', '/graph/*', '2xx')), 1);
    assert.equal(delta(countOf('graph', '/graph/*', '4xx')), 2);
    assert.equal(delta(countOf('www', '(unmatched)', '4xx')), 1);
    assert.equal(delta(countOf('control', '/_igloo/metrics', '2xx')), 1);
    // Fastify's HEAD route copies its GET route's hooks: still counted once.
    assert.equal(delta(countOf('control', '/_igloo/healthz', '2xx').replace('GET', 'HEAD')), 1);
    assert.ok(!text.includes(accessToken), 'the token is in no label');
    assert.ok(!text.includes('/no/such'), 'no raw path is a label');
    const sum = sample(text, countOf('graph', '/graph/*', '2xx').replace('_count', '_sum'));
    assert.ok(sum !== undefined && sum > 0);
  });

  it('counts tokens issued by kind', async () => {
    const before = (await scrape(server.url)).text;
    const { accessToken } = await issueToken(server.services, world);
    await server.services.longLivedTokens.exchange({ grantType: 'ig_exchange_token', clientSecret: world.secret, accessToken });
    const control = await fetch(`${server.url}/_igloo/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: world.igApp.igAppId, username: world.tester.username }) });
    assert.equal(control.status, 200);
    const { text } = await scrape(server.url);
    assert.equal(sample(text, 'igloo_tokens_issued_total{kind="short"}')! - sample(before, 'igloo_tokens_issued_total{kind="short"}')!, 2);
    assert.equal(sample(text, 'igloo_tokens_issued_total{kind="long"}')! - sample(before, 'igloo_tokens_issued_total{kind="long"}')!, 1);
  });

  it('gives the callback outbox depth: pending and failed deliveries', async () => {
    assert.equal(sample((await scrape(server.url)).text, 'igloo_callback_outbox_deliveries{status="pending"}'), 0);
    const row = (id: string, status: string) => ({
      id, ig_app_id: world.igApp.igAppId, kind: 'deauthorize', url: 'https://app.example/deauth', payload: '{}', status, attempts: 1,
      // Far ahead: the worker leaves the pending one alone.
      next_attempt_at: server.clock.now() + 86_400_000 * 365, claimed_until: 0, last_attempt_at: null, last_result: null, confirmation_code: null, status_url: null, created_at: server.clock.now(),
    });
    await server.services.db.insertInto('callback_outbox').values([row('p1', 'pending'), row('p2', 'pending'), row('f1', 'failed'), row('d1', 'delivered')]).execute();
    const { text } = await scrape(server.url);
    assert.equal(sample(text, 'igloo_callback_outbox_deliveries{status="pending"}'), 2);
    assert.equal(sample(text, 'igloo_callback_outbox_deliveries{status="failed"}'), 1);
  });

  it('needs the admin token or IGLOO_METRICS_TOKEN in service mode; the metrics token opens nothing else', async () => {
    const service = await startServiceModeServer(ADMIN_TOKEN, { IGLOO_METRICS_TOKEN: METRICS_TOKEN });
    try {
      const unauthorized = { error: { code: 'unauthorized', message: 'The control API needs the admin token in service mode.' } };
      for (const token of [undefined, 'wrong-token-of-some-length', `${METRICS_TOKEN}x`]) {
        const answer = await scrape(service.url, token);
        assert.equal(answer.status, 401, String(token));
        assert.deepEqual(JSON.parse(answer.text), unauthorized);
      }
      assert.equal((await scrape(service.url, ADMIN_TOKEN)).status, 200);
      const scraped = await scrape(service.url, METRICS_TOKEN);
      assert.equal(scraped.status, 200);
      assert.equal(sample(scraped.text, 'igloo_info{version="0.1.0",mode="service"}'), 1);
      const clock = await fetch(`${service.url}/_igloo/clock`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(clock.status, 401);
    } finally {
      await service.close();
    }
  });

  it('is not served, and nothing is measured, with IGLOO_METRICS=false', async () => {
    const off = await startTestServer({ IGLOO_METRICS: 'false' });
    try {
      assert.equal(off.services.metrics, undefined);
      const answer = await scrape(off.url);
      assert.equal(answer.status, 404);
    } finally {
      await off.close();
    }
  });
});
