// The emulator's control surface over real HTTP: /_igloo/health, the virtual clock (DESIGN.md §6) and
// the /_igloo/callback page that lets the tutorial be followed without a website.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueToken } from '../support/builders.ts';
import { decodeEntities } from '../support/browser.ts';
import { graphGet } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface ClockBody {
  now: string;
  now_ms: number;
  offset_ms: number;
  virtual: boolean;
}

const INVALID_ADVANCE = {
  error: { code: 'invalid_field', message: 'advance must be a duration like "90s", "61m", "25h" or "2d" (units ms, s, m, h, d), or a whole number of milliseconds', field: 'advance' },
};

interface ControlError {
  error: { code: string; message: string; field?: string };
}

describe('the control API (/_igloo)', () => {
  let server: TestServer;

  const postClock = async (body: string, contentType = 'application/json') => {
    const response = await fetch(`${server.url}/_igloo/clock`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, contentType: response.headers.get('content-type'), json: (await response.json()) as unknown };
  };
  const getClock = async (): Promise<ClockBody> => {
    const response = await fetch(`${server.url}/_igloo/clock`);
    assert.equal(response.status, 200);
    return (await response.json()) as ClockBody;
  };

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('reports health as {"status":"ok","mode":"emulator"}', async () => {
    const response = await fetch(`${server.url}/_igloo/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(await response.text(), '{"status":"ok","mode":"emulator"}');
  });

  it('shows the virtual time, its offset from the wall clock and that it is virtual', async () => {
    const before = Date.now();
    const clock = await getClock();
    assert.deepEqual(Object.keys(clock), ['now', 'now_ms', 'offset_ms', 'virtual']);
    assert.equal(clock.virtual, true);
    assert.equal(clock.now, new Date(clock.now_ms).toISOString());
    assert.ok(clock.now_ms >= before + clock.offset_ms && clock.now_ms <= Date.now() + clock.offset_ms);
    assert.equal(clock.offset_ms, server.clock.offset());
  });

  it('moves virtual time forward by {"advance":"1h"} and by other units or plain milliseconds', async () => {
    const start = server.clock.offset();
    const cases: [unknown, number][] = [['1h', 3_600_000], ['90s', 90_000], ['5m', 300_000], ['250ms', 250], ['2d', 172_800_000], [1500, 1500], [0, 0]];
    let expected = start;
    for (const [advance, ms] of cases) {
      const response = await postClock(JSON.stringify({ advance }));
      expected += ms;
      assert.equal(response.status, 200, String(advance));
      assert.equal((response.json as ClockBody).offset_ms, expected, String(advance));
      assert.equal(server.clock.offset(), expected);
    }
    assert.equal((await getClock()).offset_ms, expected);
  });

  it('expires tokens when the clock is moved through the control API', async () => {
    const world = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, world);
    assert.equal((await graphGet(server.url, { path: 'me', token: accessToken })).status, 200);
    assert.equal((await postClock('{"advance":"3601s"}')).status, 200);
    const expired = await graphGet(server.url, { path: 'me', token: accessToken });
    assert.equal(expired.status, 400);
    assert.match(expired.text, /"type":"OAuthException","code":190,"fbtrace_id"/);
  });

  it('answers 400 naming advance for negative, fractional, unknown or mistyped durations and leaves the clock alone', async () => {
    const start = server.clock.offset();
    for (const body of ['{"advance":"-1h"}', '{"advance":"1.5h"}', '{"advance":"1y"}', '{"advance":"abc"}', '{"advance":""}']) {
      const response = await postClock(body);
      assert.equal(response.status, 400, body);
      assert.deepEqual(response.json, INVALID_ADVANCE, body);
    }
    for (const body of ['{"advance":-5}', '{"advance":1.5}', '{"advance":null}', '{"advance":{}}', '{"advance":[1]}', '{"advance":true}']) {
      const response = await postClock(body);
      assert.equal(response.status, 400, body);
      assert.deepEqual(response.json, { error: { code: 'invalid_field', message: 'advance must be a string or a whole number of at least 0', field: 'advance' } }, body);
    }
    assert.equal(server.clock.offset(), start);
  });

  it('answers 400 invalid_body for a body that names neither advance nor set, both, or is no object', async () => {
    const start = server.clock.offset();
    const neither = { error: { code: 'invalid_body', message: 'Send either {"advance": "<n><ms|s|m|h|d>"} or {"set": "<ISO 8601 instant>"}.' } };
    const notObject = { error: { code: 'invalid_body', message: 'The body must be a JSON object with the fields advance and set.' } };
    for (const [body, expected] of [['{}', neither], ['{"advance":"1h","set":"2099-01-01T00:00:00Z"}', neither], ['[1]', notObject], ['null', notObject], ['"1h"', notObject]] as const) {
      const response = await postClock(body);
      assert.equal(response.status, 400, body);
      assert.deepEqual(response.json, expected, body);
    }
    const plain = await postClock('1h', 'text/plain');
    assert.equal(plain.status, 400);
    assert.deepEqual(plain.json, notObject);
    const empty = await fetch(`${server.url}/_igloo/clock`, { method: 'POST' });
    assert.equal(empty.status, 400);
    assert.deepEqual(await empty.json(), notObject);
    assert.equal(server.clock.offset(), start);
  });

  it('refuses unknown fields with 400 naming the field', async () => {
    const response = await postClock('{"advance":"1h","forward":true}');
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { error: { code: 'invalid_field', message: 'forward is not a field of this request (the fields are advance and set)', field: 'forward' } });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await postClock('{"advance":');
    assert.equal(response.status, 400);
    assert.equal((response.json as ControlError).error.code, 'bad_request');
  });

  it('refuses durations that would carry the clock past the last representable date with 400, never 500', async () => {
    const start = server.clock.offset();
    for (const body of ['{"advance":1e300}', '{"advance":"999999999d"}', `{"advance":${Number.MAX_SAFE_INTEGER}}`, '{"advance":8640000000000000}']) {
      const response = await postClock(body);
      assert.equal(response.status, 400, body);
      assert.deepEqual(response.json, { error: { code: 'invalid_field', message: 'advance would move the clock past the last date igloo can represent', field: 'advance' } }, body);
    }
    assert.equal(server.clock.offset(), start);
    const clock = await getClock();
    assert.equal(clock.offset_ms, start);
  });

  it('moves virtual time forward to the instant {"set": …} names, in UTC or with an offset, and keeps it', async () => {
    const target = new Date(Math.ceil((server.clock.now() + 400 * 86_400_000) / 1000) * 1000);
    const response = await postClock(JSON.stringify({ set: target.toISOString().replace('.000Z', 'Z') }));
    assert.equal(response.status, 200, JSON.stringify(response.json));
    const moved = response.json as ClockBody;
    assert.ok(moved.now_ms >= target.getTime() && moved.now_ms < target.getTime() + 60_000, moved.now);
    assert.equal(moved.offset_ms, server.clock.offset());
    assert.ok((await getClock()).now_ms >= target.getTime());

    // 02:00 at +01:00 is 01:00 UTC: a day and an hour after the previous target.
    const day = target.toISOString().slice(0, 10);
    const next = Date.parse(`${day}T00:00:00Z`) + 25 * 3_600_000;
    const withOffset = `${new Date(next + 3_600_000).toISOString().slice(0, 19)}+01:00`;
    const second = await postClock(JSON.stringify({ set: withOffset }));
    assert.equal(second.status, 200, JSON.stringify(second.json));
    assert.ok((second.json as ClockBody).now_ms >= next && (second.json as ClockBody).now_ms < next + 60_000, withOffset);
  });

  it('refuses {"set": …} before the current virtual time with 400 naming set: the clock only moves forward', async () => {
    const start = server.clock.offset();
    const response = await postClock(JSON.stringify({ set: new Date(server.clock.now() - 86_400_000).toISOString() }));
    assert.equal(response.status, 400);
    const { error } = response.json as ControlError;
    assert.equal(error.code, 'invalid_field');
    assert.equal(error.field, 'set');
    assert.match(error.message, /^set must not be before the current virtual time, \d{4}-\d{2}-\d{2}T[\d:.]+Z: the clock only moves forward$/);
    assert.equal(server.clock.offset(), start);
  });

  it('answers 400 naming set for anything but an ISO 8601 instant with a zone', async () => {
    const start = server.clock.offset();
    const garbage = ['tomorrow', '', '2099-01-01', '2099-01-01T00:00:00', '2099-02-30T00:00:00Z', '2099-13-01T00:00:00Z', '2099-01-01T24:00:00Z', '2099-01-01 00:00:00Z', 'Jan 1 2099', '2099-01-01T00:00:00+25:00'];
    for (const set of garbage) {
      const response = await postClock(JSON.stringify({ set }));
      assert.equal(response.status, 400, set);
      assert.deepEqual(response.json, { error: { code: 'invalid_field', message: 'set must be an ISO 8601 instant with a zone, like "2026-01-01T00:00:00Z"', field: 'set' } }, set);
    }
    for (const set of [4102444800000, null, ['2099-01-01T00:00:00Z']]) {
      const response = await postClock(JSON.stringify({ set }));
      assert.equal(response.status, 400, JSON.stringify(set));
      assert.deepEqual(response.json, { error: { code: 'invalid_field', message: 'set must be a string', field: 'set' } });
    }
    assert.equal(server.clock.offset(), start);
  });
});

describe('the callback page (/_igloo/callback)', () => {
  let server: TestServer;

  const page = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/_igloo/callback${query}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const preOf = (html: string, id: string): string | undefined => {
    const match = new RegExp(`<pre id="${id}">([^<]*)</pre>`).exec(html);
    return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
  };

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('shows the code, explains the #_ fragment and gives the curl command for the exchange', async () => {
    const response = await page('?code=AQx&state=s');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(response.text, /<pre id="code">AQx<\/pre>/);
    assert.match(response.text, /<code>#_<\/code>/);
    assert.match(response.text, /it is\s+not part of the code/);
    assert.match(response.text, /<code id="state">s<\/code>/);
    assert.equal(
      preOf(response.text, 'curl'),
      [
        'curl -X POST \\',
        `  ${server.url}/oauth/access_token \\`,
        '  -F client_id={app-id} \\',
        '  -F client_secret={app-secret} \\',
        '  -F grant_type=authorization_code \\',
        `  -F redirect_uri=${server.url}/_igloo/callback \\`,
        '  -F code=AQx',
      ].join('\n'),
    );
    assert.equal(preOf(response.text, 'error'), undefined);
  });

  it('builds the URLs in the curl command for the origin a trusted proxy reports', async () => {
    const response = await page('?code=AQx', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'igloo.example' });
    const curl = preOf(response.text, 'curl') ?? '';
    assert.match(curl, /^ {2}https:\/\/igloo\.example\/oauth\/access_token \\$/m);
    assert.match(curl, /^ {2}-F redirect_uri=https:\/\/igloo\.example\/_igloo\/callback \\$/m);
  });

  it('shows the error parameters of a denied authorization, and no code', async () => {
    const response = await page('?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=s');
    assert.equal(response.status, 200);
    assert.equal(preOf(response.text, 'error'), 'error=access_denied\nerror_reason=user_denied\nerror_description=The user denied your request');
    assert.equal(preOf(response.text, 'code'), undefined);
    assert.equal(preOf(response.text, 'curl'), undefined);
    assert.match(response.text, /<code id="state">s<\/code>/);
  });

  it('says that nothing was received when called without parameters', async () => {
    const response = await page('');
    assert.equal(response.status, 200);
    assert.match(response.text, /No authorization code or error was received/);
  });

  it('escapes HTML in every parameter and forbids scripts', async () => {
    const hostile = '<script>alert(1)</script>';
    const attribute = '"><img src=x onerror=alert(1)>';
    const query = new URLSearchParams({ code: hostile, state: attribute, error: hostile, error_reason: attribute, error_description: '<b>bold</b>' });
    const response = await page(`?${query.toString()}`);
    assert.equal(response.status, 200);
    assert.doesNotMatch(response.text, /<script/i);
    assert.doesNotMatch(response.text, /<img/i);
    assert.doesNotMatch(response.text, /<b>bold/);
    assert.match(response.text, /<pre id="code">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/pre>/);
    assert.equal(preOf(response.text, 'code'), hostile);
    assert.match(preOf(response.text, 'curl') ?? '', /-F code=<script>alert\(1\)<\/script>$/);
    assert.equal(preOf(response.text, 'error'), `error=${hostile}\nerror_reason=${attribute}\nerror_description=<b>bold</b>`);
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'none'/);
  });
});
