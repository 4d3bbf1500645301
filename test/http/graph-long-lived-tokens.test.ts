// Long-lived tokens over real HTTP: GET /graph/access_token (ig_exchange_token) and
// GET /graph/refresh_access_token (ig_refresh_token), their lifetimes on the virtual clock, every refusal
// with its exact body, and what revokes them (spec §3.2–3.4, §5.2; DESIGN.md §5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueCode, issueToken, type TestAccount, type TestWorld } from '../support/builders.ts';
import { assertGraphError, buildTester, GRAPH_CONTENT_TYPE, unsupportedRequestBody } from '../support/graph-fixtures.ts';
import { postAccessToken, type WireResponse } from '../support/http-clients.ts';
import { changePasswordThroughPage } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SIXTY_DAYS = 60 * DAY;
const GRANT = /^\{"access_token":"(IGQ[A-Za-z0-9]+)","token_type":"bearer","expires_in":(\d+)\}$/;
const PACIFIC_TIME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\\d{2} \\d{2}:\\d{2}:\\d{2} (?:PDT|PST)';

const unsupportedGrantType = '{"error":{"message":"Unsupported grant_type","type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}';
const revokedBody = '{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}';
const passwordChangedBody =
  '{"error":{"message":"Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}';

/** A 200 token grant: compact JSON in exactly this key order (spec §3.2). */
function assertGrant(response: WireResponse): { token: string; expiresIn: number } {
  assert.equal(response.status, 200, response.text);
  assert.equal(response.headers.get('content-type'), GRAPH_CONTENT_TYPE);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const match = GRANT.exec(response.text);
  assert.ok(match?.[1] && match[2], response.text);
  return { token: match[1], expiresIn: Number(match[2]) };
}

/** Code 190, no subcode (as captured 2021–22), with the Pacific-time message (spec §5.2). */
function assertExpired(response: WireResponse): void {
  const { error } = JSON.parse(response.text) as { error: { message: string } };
  assert.match(error.message, new RegExp(`^Error validating access token: Session has expired on ${PACIFIC_TIME}\\. The current time is ${PACIFIC_TIME}\\.$`));
  assertGraphError(response, `{"error":{"message":${JSON.stringify(error.message)},"type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}`);
}

describe('long-lived tokens (GET /graph/access_token, /graph/refresh_access_token)', () => {
  let server: TestServer;
  let world: TestWorld;

  const call = async (path: string, query: Record<string, string | undefined>, method = 'GET'): Promise<WireResponse> => {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const response = await fetch(`${server.url}/graph/${path}?${params.toString()}`, { method });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const exchange = (accessToken: string | undefined, extra: Record<string, string | undefined> = {}, path = 'access_token') =>
    call(path, { grant_type: 'ig_exchange_token', client_secret: world.secret, access_token: accessToken, ...extra });
  const refresh = (accessToken: string | undefined, extra: Record<string, string | undefined> = {}) => call('refresh_access_token', { grant_type: 'ig_refresh_token', access_token: accessToken, ...extra });
  const me = (accessToken: string) => call('me', { fields: 'id', access_token: accessToken });
  const shortToken = async (account?: TestAccount) => (await issueToken(server.services, world, { account })).accessToken;
  const longToken = async (account?: TestAccount) => assertGrant(await exchange(await shortToken(account))).token;
  /** Asserts /me answers 200 with this token. */
  const assertWorks = async (accessToken: string, label: string) => assert.equal((await me(accessToken)).status, 200, label);

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  describe('exchanging a short-lived token (ig_exchange_token)', () => {
    it('answers {"access_token","token_type":"bearer","expires_in":5184000} with a new token that reads /me', async () => {
      const { accessToken, userId } = await issueToken(server.services, world);
      const { token, expiresIn } = assertGrant(await exchange(accessToken));
      assert.equal(expiresIn, 5_184_000);
      assert.notEqual(token, accessToken);
      assert.equal((await me(token)).text, `{"id":"${userId}"}`);
    });

    it('is also served under a version, /graph/v21.0/access_token', async () => {
      const { token } = assertGrant(await exchange(await shortToken(), {}, 'v21.0/access_token'));
      await assertWorks(token, 'exchanged under v21.0');
    });

    it('gives a token that lives 60 days, while the short-lived one still ends with its hour', async () => {
      const short = await shortToken();
      const { token } = assertGrant(await exchange(short));
      server.clock.advance(59 * MINUTE);
      await assertWorks(short, 'the short-lived token within its hour');
      server.clock.advance(2 * MINUTE);
      assertExpired(await me(short));
      await assertWorks(token, 'the long-lived token after an hour');
      server.clock.advance(SIXTY_DAYS - 61 * MINUTE - 10 * SECOND);
      await assertWorks(token, 'the long-lived token just before 60 days');
      server.clock.advance(20 * SECOND);
      assertExpired(await me(token));
    });

    it('answers "Error validating client secret" (code 100) for a wrong secret', async () => {
      assertGraphError(
        await exchange(await shortToken(), { client_secret: 'f'.repeat(32) }),
        '{"error":{"message":"Error validating client secret","type":"OAuthException","code":100,"fbtrace_id":"TRACE"}}',
      );
    });

    it('answers code 101 "Missing client_secret parameter." when the secret is missing or empty', async () => {
      const body = '{"error":{"message":"Missing client_secret parameter.","type":"OAuthException","code":101,"fbtrace_id":"TRACE"}}';
      const short = await shortToken();
      assertGraphError(await exchange(short, { client_secret: undefined }), body);
      assertGraphError(await exchange(short, { client_secret: '' }), body);
    });

    it('answers code 100 "Unsupported grant_type" for a wrong or missing grant_type', async () => {
      const short = await shortToken();
      for (const grantType of [undefined, '', 'ig_refresh_token', 'authorization_code', 'IG_EXCHANGE_TOKEN']) {
        assertGraphError(await exchange(short, { grant_type: grantType }), unsupportedGrantType);
      }
    });

    it('refuses a long-lived token with code 100 (IGApiException)', async () => {
      assertGraphError(
        await exchange(await longToken()),
        '{"error":{"message":"(#100) Only short-lived access tokens can be exchanged for long-lived ones","type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}',
      );
    });

    it('refuses an expired short-lived token with code 190', async () => {
      const short = await shortToken();
      server.clock.advance(HOUR + SECOND);
      assertExpired(await exchange(short));
    });

    it('answers code 2500 without a token and 190 for a garbage one', async () => {
      assertGraphError(
        await exchange(undefined),
        '{"error":{"message":"An active access token must be used to query information about the current user.","type":"OAuthException","code":2500,"fbtrace_id":"TRACE"}}',
      );
      assertGraphError(await exchange('garbage'), '{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}');
    });

    it('answers POST with "Unsupported request - method type: post", not cached', async () => {
      const response = await call('access_token', { grant_type: 'ig_exchange_token', client_secret: world.secret, access_token: await shortToken() }, 'POST');
      assertGraphError(response, unsupportedRequestBody('post'));
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });
  });

  describe('refreshing a long-lived token (ig_refresh_token)', () => {
    it('returns the same token with its remaining lifetime when it is under 24 hours old', async () => {
      const token = await longToken();
      server.clock.advance(HOUR);
      const refreshed = assertGrant(await refresh(token));
      assert.equal(refreshed.token, token);
      assert.ok(refreshed.expiresIn < 5_184_000 && refreshed.expiresIn >= 5_184_000 - 3601, String(refreshed.expiresIn));
      server.clock.advance(22 * HOUR + 58 * MINUTE);
      const later = assertGrant(await refresh(token));
      assert.equal(later.token, token);
      // No extension: the remaining lifetime went down by the time that passed (give or take a second of wall time).
      assert.ok(Math.abs(later.expiresIn - (refreshed.expiresIn - (22 * 3600 + 58 * 60))) <= 1, String(later.expiresIn));
    });

    it('extends the same token to 60 days from the refresh once it is 24 hours old, served at once past the old expiry', async () => {
      // @see stevenschobert/instafeed.js#747, jsmrtn/craftagram#62: the token string does not change.
      const token = await longToken();
      server.clock.advance(DAY);
      // Checked (and so kept in the token cache) before the refresh.
      await assertWorks(token, 'the token before the refresh');
      const refreshed = assertGrant(await refresh(token));
      assert.deepEqual(refreshed, { token, expiresIn: 5_184_000 });
      await assertWorks(token, 'the token right after the refresh');
      server.clock.advance(59 * DAY + MINUTE);
      await assertWorks(token, 'the token past its old expiry');
      server.clock.advance(DAY - 2 * MINUTE);
      await assertWorks(token, 'the token just before 60 days from the refresh');
      server.clock.advance(2 * MINUTE);
      assertExpired(await me(token));
    });

    it('counts the 24 hours from the last refresh: a second refresh the same day changes nothing, the next day it extends again', async () => {
      const token = await longToken();
      server.clock.advance(DAY);
      assert.equal(assertGrant(await refresh(token)).expiresIn, 5_184_000);
      server.clock.advance(23 * HOUR);
      const sameDay = assertGrant(await refresh(token));
      assert.equal(sameDay.token, token);
      // The remaining lifetime, give or take a second of wall time.
      assert.ok(Math.abs(sameDay.expiresIn - (5_184_000 - 23 * 3600)) <= 1, String(sameDay.expiresIn));
      server.clock.advance(HOUR);
      assert.deepEqual(assertGrant(await refresh(token)), { token, expiresIn: 5_184_000 });
      server.clock.advance(SIXTY_DAYS - MINUTE);
      await assertWorks(token, 'the token 60 days after its second refresh, less a minute');
      server.clock.advance(2 * MINUTE);
      assertExpired(await me(token));
    });

    it('refuses a short-lived token with code 100', async () => {
      assertGraphError(
        await refresh(await shortToken()),
        '{"error":{"message":"(#100) Only long-lived access tokens can be refreshed","type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}',
      );
    });

    it('refuses an expired long-lived token with code 190', async () => {
      const token = await longToken();
      server.clock.advance(SIXTY_DAYS + SECOND);
      assertExpired(await refresh(token));
    });

    it('answers code 100 "Unsupported grant_type" for a wrong or missing grant_type', async () => {
      const token = await longToken();
      for (const grantType of [undefined, 'ig_exchange_token', 'refresh_token']) assertGraphError(await refresh(token, { grant_type: grantType }), unsupportedGrantType);
    });

    it('answers POST with "Unsupported request - method type: post" and leaves the token as it was', async () => {
      // Only GET refreshes (https://github.com/stevenschobert/instafeed.js/issues/654).
      const token = await longToken();
      server.clock.advance(DAY);
      const response = await call('refresh_access_token', { grant_type: 'ig_refresh_token', access_token: token }, 'POST');
      assertGraphError(response, unsupportedRequestBody('post'));
      assert.equal(response.headers.get('cache-control'), 'no-store');
      server.clock.advance(SIXTY_DAYS - DAY + SECOND);
      assertExpired(await me(token));
    });
  });

  it('answers every token response, refusals included, with Cache-Control: no-store', async () => {
    const short = await shortToken();
    const long = await longToken();
    const responses = {
      'exchange': await exchange(await shortToken()),
      'exchange, wrong secret': await exchange(short, { client_secret: 'f'.repeat(32) }),
      'exchange, no token': await exchange(undefined),
      'exchange, under v21.0': await exchange(await shortToken(), {}, 'v21.0/access_token'),
      'refresh': await refresh(long),
      'refresh, wrong grant_type': await refresh(long, { grant_type: 'refresh_token' }),
      'refresh, garbage token': await refresh('garbage'),
    };
    for (const [label, response] of Object.entries(responses)) assert.equal(response.headers.get('cache-control'), 'no-store', label);
  });

  describe('revocation', () => {
    it('revokes the long-lived tokens exchanged from a code when the app replays that code with its secret', async () => {
      const code = await issueCode(server.services, world);
      const fields = { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code };
      const issued = await postAccessToken(server.url, fields);
      const short = (JSON.parse(issued.text) as { access_token: string }).access_token;
      const long = assertGrant(await exchange(short)).token;
      server.clock.advance(DAY);
      assert.equal(assertGrant(await refresh(long)).token, long);
      const unrelated = await longToken();

      const replay = await postAccessToken(server.url, fields);
      assert.equal(replay.status, 400);
      assert.equal(replay.text, '{"error_type": "OAuthException", "code": 400, "error_message": "This authorization code has been used"}');
      assertGraphError(await me(long), revokedBody);
      assertGraphError(await refresh(long), revokedBody);
      await assertWorks(unrelated, 'a token from another code');
    });

    it('ends long-lived tokens, refreshed ones too, with code 190 when the user changes their password', async () => {
      const account = await buildTester(server.services, world);
      const long = await longToken(account);
      const other = await longToken(account);
      server.clock.advance(DAY);
      assert.equal(assertGrant(await refresh(long)).token, long);
      await changePasswordThroughPage(server.url, account, 'a brand new password');
      assertGraphError(await me(long), passwordChangedBody);
      assertGraphError(await me(other), passwordChangedBody);
      assertGraphError(await refresh(long), passwordChangedBody);
      assertGraphError(await exchange(long), passwordChangedBody);
      // A token issued after the change works.
      await assertWorks(await longToken(account), 'a token issued after the password change');
    });
  });
});
