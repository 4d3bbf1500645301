// No log line, at any level, carries an access token, an app secret, an authorization code, a signed
// request, an Authorization header or a cookie: a server logging at trace is called with all of them,
// on answers that succeed and on ones that fail (a 500 included). @see issue 7 point 13
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildWorld, issueCode, type TestWorld } from '../support/builders.ts';
import { postAccessToken } from '../support/http-clients.ts';
import { signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('log lines at trace level', () => {
  let server: TestServer;
  let world: TestWorld;
  const lines: string[] = [];
  /** Every secret value sent to the server. */
  const secrets: string[] = [];

  before(async () => {
    server = await startTestServer({ IGLOO_LOG_LEVEL: 'trace', IGLOO_READ_CACHE_SECONDS: '0' }, { logDestination: { write: (line: string) => lines.push(line) } });
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
    await response.text();
    return response.status;
  };
  const exchangeFields = (code: string) => ({ client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code });

  it('redact tokens, secrets, codes, signed requests, Authorization headers and cookies', async () => {
    const code = await issueCode(server.services, world);
    const usedCode = await issueCode(server.services, world);
    secrets.push(world.secret, code, usedCode);

    const exchanged = await postAccessToken(server.url, exchangeFields(code), 'urlencoded');
    assert.equal(exchanged.status, 200);
    const token = (JSON.parse(exchanged.text.replace(/"user_id": \d+/, '"user_id": 0')) as { access_token: string }).access_token;
    secrets.push(token);
    assert.equal((await postAccessToken(server.url, exchangeFields(usedCode))).status, 200);
    // Error paths: a used code, a wrong secret, a code in a GET's query string.
    assert.equal((await postAccessToken(server.url, exchangeFields(usedCode))).status, 400);
    assert.equal((await postAccessToken(server.url, { ...exchangeFields('AQ' + 'x'.repeat(20)), client_secret: 'f'.repeat(32) })).status, 400);
    secrets.push('AQ' + 'x'.repeat(20), 'f'.repeat(32));
    assert.equal(await get(`/oauth/access_token?client_secret=${world.secret}&code=${code}`), 404);

    // Graph: the token in the query (also with a percent-encoded name), in the header, and garbage.
    assert.equal(await get(`/graph/me?fields=id&access_token=${token}`), 200);
    assert.equal(await get(`/graph/me?fields=id&access%5Ftoken=${token}`), 200);
    assert.equal(await get('/graph/me?fields=id', { authorization: `Bearer ${token}` }), 200);
    assert.equal(await get('/graph/me?access_token=garbage-token-value-1234'), 400);
    secrets.push('garbage-token-value-1234');
    const long = await fetch(`${server.url}/graph/access_token?grant_type=ig_exchange_token&client_secret=${world.secret}&access_token=${token}`);
    const longToken = (JSON.parse(await long.text()) as { access_token: string }).access_token;
    secrets.push(longToken);
    assert.equal(await get(`/graph/refresh_access_token?grant_type=ig_refresh_token&access_token=${longToken}`), 200);
    assert.equal(await get(`/graph/me%zz?access_token=${longToken}`), 400);
    assert.equal(await get(`/graph/v21.0/me/media?fields=id,media_url&access_token=${longToken}&fb_exchange_token=${longToken}`), 200);

    // A signed request, a session cookie and a CSRF cookie.
    const signedRequest = 'c2lnbmF0dXJlLXZhbHVl.eyJ1c2VyX2lkIjoic2VjcmV0LXVzZXIifQ';
    secrets.push(signedRequest);
    assert.equal(await get(`/_igloo/callback?signed_request=${signedRequest}`), 200);
    const web = await signedIn(server.url, world.tester);
    const sessionId = web.cookies().get('sessionid') ?? assert.fail('no session');
    secrets.push(sessionId);
    assert.equal((await web.get('/accounts/edit/')).status, 200);
    // Multipart parsing logs every header at trace.
    const form = new FormData();
    for (const [name, value] of Object.entries(exchangeFields(code))) form.append(name, value);
    const withHeaders = await fetch(`${server.url}/oauth/access_token`, { method: 'POST', body: form, headers: { authorization: `Bearer ${longToken}`, cookie: `sessionid=${sessionId}` } });
    await withHeaders.text();
    assert.equal(withHeaders.status, 400);

    // A 500 with secrets in the URL: the database loses a table.
    await sql`ALTER TABLE ig_apps RENAME TO ig_apps_unavailable`.execute(server.services.db);
    try {
      const failed = await fetch(`${server.url}/oauth/access_token?client_secret=${world.secret}&code=${code}`, { method: 'POST', body: new URLSearchParams(exchangeFields(code)) });
      await failed.text();
      assert.equal(failed.status, 500);
      assert.equal(await get(`/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile&response_type=code&code=${code}`, { cookie: `sessionid=${sessionId}` }), 500);
    } finally {
      await sql`ALTER TABLE ig_apps_unavailable RENAME TO ig_apps`.execute(server.services.db);
    }

    const log = lines.join('');
    const levels = new Set(lines.map((line) => (JSON.parse(line) as { level: number }).level));
    assert.ok(levels.has(10) && levels.has(50), `trace and error lines were written: ${[...levels].join(', ')}`);
    for (const secret of secrets) {
      assert.equal(log.includes(secret), false, `${secret.slice(0, 12)}… is in the log`);
      assert.equal(log.includes(secret.slice(0, 16)), false, `the start of ${secret.slice(0, 12)}… is in the log`);
    }
    for (const marker of ['"authorization":"[REDACTED]"', '"cookie":"[REDACTED]"', 'access_token=[REDACTED]', 'access%5Ftoken=[REDACTED]', 'client_secret=[REDACTED]', 'code=[REDACTED]', 'fb_exchange_token=[REDACTED]', 'signed_request=[REDACTED]']) {
      assert.ok(log.includes(marker), `${marker} is not in the log`);
    }
  });
});
