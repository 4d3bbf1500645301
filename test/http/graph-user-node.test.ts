// The User node over real HTTP: GET /graph/me and /graph/{user-id}, unversioned, v10.0 and v21.0, with
// exact wire bodies and the Graph error envelopes (spec §4.1–4.3, §5; DESIGN.md §4–5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../../src/digests.ts';
import { formatPacificTime } from '../../src/oauth/pacific-time.ts';
import { buildAccount, buildWorld, issueToken, type TestAccount, type TestWorld } from '../support/builders.ts';
import { PERMISSION_DENIED_BODY } from '../support/graph-fixtures.ts';
import { graphGet, withoutTrace, type WireResponse } from '../support/http-clients.ts';
import { changePasswordThroughPage } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const GRAPH_CONTENT_TYPE = 'application/json; charset=UTF-8';
const TRACE_ID = /^[A-Za-z0-9_-]{20,23}$/;
const PACIFIC_TIME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\\d{2} \\d{2}:\\d{2}:\\d{2} (?:PDT|PST)';

const notFoundBody = (id: string) =>
  `{"error":{"message":"Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation","type":"IGApiException","code":100,"error_subcode":33,"fbtrace_id":"TRACE"}}`;

/** A Graph error: HTTP 400, the exact body (fbtrace_id neutralised), keys in wire order, trace id also in the header. */
function assertGraphError(response: WireResponse, expectedBody: string): void {
  assert.equal(response.status, 400, response.text);
  assert.equal(response.headers.get('content-type'), GRAPH_CONTENT_TYPE);
  assert.equal(withoutTrace(response.text), expectedBody);
  const { error } = JSON.parse(response.text) as { error: Record<string, unknown> };
  const expectedKeys = ['message', 'type', 'code', ...('error_subcode' in error ? ['error_subcode'] : []), 'fbtrace_id'];
  assert.deepEqual(Object.keys(error), expectedKeys);
  assert.match(String(error.fbtrace_id), TRACE_ID);
  assert.equal(response.headers.get('x-fb-trace-id'), error.fbtrace_id);
}

describe('the User node (GET /graph/me, /graph/{user-id})', () => {
  let server: TestServer;
  let world: TestWorld;

  /** A new accepted tester of the world's app, so a test can change the account without touching others. */
  const buildTester = async (accountType?: 'PERSONAL' | 'MEDIA_CREATOR' | 'BUSINESS'): Promise<TestAccount> => {
    const account = await buildAccount(server.services, { accountType });
    await server.services.testers.invite(world.igApp.igAppId, account.username);
    await server.services.testers.accept(world.igApp.igAppId, account.id);
    return account;
  };

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  it('answers only {"id":…} with the app-scoped id when no fields are asked', async () => {
    const { accessToken, userId } = await issueToken(server.services, world);
    assert.match(userId, /^[1-9]\d{15}$/);
    const me = await graphGet(server.url, { path: 'me', token: accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('content-type'), GRAPH_CONTENT_TYPE);
    assert.equal(me.text, `{"id":"${userId}"}`);
    const emptyFields = await graphGet(server.url, { path: 'me', fields: '', token: accessToken });
    assert.equal(emptyFields.text, `{"id":"${userId}"}`);
  });

  it('returns compact JSON with the fields in the order asked and id appended last when not asked', async () => {
    const { accessToken, userId } = await issueToken(server.services, world);
    const { username } = world.tester;
    const cases: [string, string][] = [
      ['id,username', `{"id":"${userId}","username":"${username}"}`],
      ['username,id', `{"username":"${username}","id":"${userId}"}`],
      ['username', `{"username":"${username}","id":"${userId}"}`],
      ['media_count,account_type,username', `{"media_count":0,"account_type":"PERSONAL","username":"${username}","id":"${userId}"}`],
      ['account_type,id,media_count', `{"account_type":"PERSONAL","id":"${userId}","media_count":0}`],
      [' username , id ', `{"username":"${username}","id":"${userId}"}`],
      ['username,username', `{"username":"${username}","id":"${userId}"}`],
    ];
    for (const [fields, body] of cases) {
      const response = await graphGet(server.url, { path: 'me', fields, token: accessToken });
      assert.equal(response.status, 200, fields);
      assert.equal(response.text, body, fields);
    }
  });

  it('reports each account type as PERSONAL, MEDIA_CREATOR or BUSINESS', async () => {
    for (const accountType of ['PERSONAL', 'MEDIA_CREATOR', 'BUSINESS'] as const) {
      const account = await buildTester(accountType);
      const { accessToken, userId } = await issueToken(server.services, world, { account });
      const me = await graphGet(server.url, { path: 'me', fields: 'id,username,account_type,media_count', token: accessToken });
      assert.equal(me.text, `{"id":"${userId}","username":"${account.username}","account_type":"${accountType}","media_count":0}`);
    }
  });

  it('returns the app-scoped id unversioned and on v21.0, the raw Instagram id on v10.0, accepting either id as input', async () => {
    const { accessToken, userId: asid } = await issueToken(server.services, world);
    const rawId = world.tester.id;
    assert.match(rawId, /^1784\d{13}$/);
    assert.notEqual(asid, rawId);
    for (const [prefix, expectedId] of [['', asid], ['v21.0/', asid], ['v10.0/', rawId]] as const) {
      for (const node of ['me', asid, rawId]) {
        const response = await graphGet(server.url, { path: `${prefix}${node}`, fields: 'id,username', token: accessToken });
        assert.equal(response.status, 200, `${prefix}${node}`);
        assert.equal(response.text, `{"id":"${expectedId}","username":"${world.tester.username}"}`, `${prefix}${node}`);
      }
    }
  });

  it('accepts the token as an Authorization: Bearer header', async () => {
    const { accessToken, userId } = await issueToken(server.services, world);
    const me = await graphGet(server.url, { path: 'v21.0/me', fields: 'username', token: accessToken, bearer: true });
    assert.equal(me.status, 200);
    assert.equal(me.text, `{"username":"${world.tester.username}","id":"${userId}"}`);
  });

  it('indents the body with pretty=1', async () => {
    const { accessToken, userId } = await issueToken(server.services, world);
    const me = await graphGet(server.url, { path: 'me', fields: 'username,media_count', token: accessToken, query: { pretty: '1' } });
    assert.equal(me.status, 200);
    assert.equal(me.text, JSON.stringify({ username: world.tester.username, media_count: 0, id: userId }, null, 2));
  });

  it('refuses media_count with code 10 when the token lacks user_media, but serves the profile fields', async () => {
    const { accessToken, userId } = await issueToken(server.services, world, { scopes: ['user_profile'] });
    const profile = await graphGet(server.url, { path: 'me', fields: 'id,username,account_type', token: accessToken });
    assert.equal(profile.text, `{"id":"${userId}","username":"${world.tester.username}","account_type":"PERSONAL"}`);
    const count = await graphGet(server.url, { path: 'me', fields: 'username,media_count', token: accessToken });
    assertGraphError(count, PERMISSION_DENIED_BODY);
  });

  it('answers code 2500 when no access token is sent', async () => {
    for (const request of [{ path: 'me' }, { path: 'me', token: '' }, { path: 'v21.0/me', fields: 'bogus' }]) {
      assertGraphError(
        await graphGet(server.url, request),
        '{"error":{"message":"An active access token must be used to query information about the current user.","type":"OAuthException","code":2500,"fbtrace_id":"TRACE"}}',
      );
    }
  });

  it('answers code 190 "Cannot parse access token" for a garbage token, in the query or the header', async () => {
    const body = '{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}';
    assertGraphError(await graphGet(server.url, { path: 'me', token: 'garbage' }), body);
    assertGraphError(await graphGet(server.url, { path: 'me', token: `IGQWR${'A'.repeat(150)}ZD` }), body);
    assertGraphError(await graphGet(server.url, { path: 'v10.0/me', token: 'garbage', bearer: true }), body);
  });

  it('keeps a short-lived token valid for just under an hour', async () => {
    const { accessToken, userId } = await issueToken(server.services, world);
    server.clock.advance(59 * 60_000 + 59_000);
    const me = await graphGet(server.url, { path: 'me', token: accessToken });
    assert.equal(me.text, `{"id":"${userId}"}`);
  });

  it('answers code 190, without a subcode, with both times in Pacific time once the token has expired', async () => {
    const { accessToken } = await issueToken(server.services, world);
    const stored = await server.services.db.selectFrom('tokens').select(['issued_at', 'expires_at']).where('token_hash', '=', sha256Hex(accessToken)).executeTakeFirstOrThrow();
    const expiresAt = Number(stored.expires_at);
    assert.equal(expiresAt - Number(stored.issued_at), 3_600_000);

    server.clock.advance(3_600_000 + 1000);
    const before = server.clock.now();
    const response = await graphGet(server.url, { path: 'me', fields: 'id,username', token: accessToken });
    const afterRequest = server.clock.now();

    const { error } = JSON.parse(response.text) as { error: { message: string } };
    assert.match(error.message, new RegExp(`^Error validating access token: Session has expired on ${PACIFIC_TIME}\\. The current time is ${PACIFIC_TIME}\\.$`));
    // The current time is read during the request, so it lies between the two readings of the clock.
    const candidates = new Set([before, afterRequest].map((now) => `Error validating access token: Session has expired on ${formatPacificTime(expiresAt)}. The current time is ${formatPacificTime(now)}.`));
    assert.ok(candidates.has(error.message), error.message);
    assertGraphError(response, `{"error":{"message":${JSON.stringify(error.message)},"type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}`);
  });

  it('answers code 190, without a subcode, after the user changed their password', async () => {
    const account = await buildTester();
    const { accessToken } = await issueToken(server.services, world, { account });
    await changePasswordThroughPage(server.url, account, 'a brand new password');
    assertGraphError(
      await graphGet(server.url, { path: 'me', token: accessToken }),
      '{"error":{"message":"Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}',
    );
  });

  it("answers code 100 subcode 33, echoing the id verbatim, for another user's id or an unknown id", async () => {
    const { accessToken } = await issueToken(server.services, world);
    const other = await buildTester();
    const { userId: otherAsid } = await issueToken(server.services, world, { account: other });
    for (const id of [world.stranger.id, other.id, otherAsid, '17841400000000000', '0017841400000000000']) {
      for (const prefix of ['', 'v10.0/', 'v21.0/']) {
        assertGraphError(await graphGet(server.url, { path: `${prefix}${id}`, fields: 'id,username', token: accessToken }), notFoundBody(id));
      }
    }
  });

  it('answers code 100 "Tried accessing nonexisting field" for an unknown field, even next to valid ones', async () => {
    const { accessToken } = await issueToken(server.services, world);
    for (const fields of ['bogus', 'id,bogus', 'username,bogus,media_count']) {
      assertGraphError(
        await graphGet(server.url, { path: 'me', fields, token: accessToken }),
        '{"error":{"message":"Tried accessing nonexisting field (bogus) on node type (User)","type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}',
      );
    }
    for (const field of ['profile_picture_url', 'followers_count', 'name']) {
      const response = await graphGet(server.url, { path: 'me', fields: field, token: accessToken });
      assert.match(response.text, new RegExp(`"Tried accessing nonexisting field \\(${field}\\) on node type \\(User\\)"`));
    }
  });

  it('answers a malformed field list with a code 2500 syntax error, never a 500', async () => {
    const { accessToken } = await issueToken(server.services, world);
    assertGraphError(
      await graphGet(server.url, { path: 'me', fields: 'id,', token: accessToken }),
      '{"error":{"message":"Syntax error \\"Expected a field name instead of end of string.\\" at character 3: id,","type":"OAuthException","code":2500,"fbtrace_id":"TRACE"}}',
    );
    for (const fields of [',', 'id,,username', 'media{caption', 'id}', 'a b', '{id}', 'media.limit5', 'user-name']) {
      const response = await graphGet(server.url, { path: 'me', fields, token: accessToken });
      assert.equal(response.status, 400, fields);
      const { error } = JSON.parse(response.text) as { error: { code: number; type: string; message: string } };
      assert.equal(error.code, 2500, fields);
      assert.equal(error.type, 'OAuthException', fields);
      assert.match(error.message, /^Syntax error "Expected /, fields);
    }
  });


  it('answers a path with broken percent-encoding as an unknown object, in the Graph envelope', async () => {
    const { accessToken } = await issueToken(server.services, world);
    const cases: [string, string][] = [
      ['/graph/%E0%A4%A', '%E0%A4%A'],
      [`/graph/%E0%A4%A?access_token=${accessToken}`, '%E0%A4%A'],
      ['/graph/v21.0/%ZZ', '%ZZ'],
      ['/graph/%', '%'],
    ];
    for (const [path, echoed] of cases) {
      const response = await fetch(server.url + path);
      assertGraphError({ status: response.status, headers: response.headers, text: await response.text() }, notFoundBody(echoed));
    }
  });
});
