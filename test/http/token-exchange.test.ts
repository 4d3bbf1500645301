// POST /oauth/access_token over real HTTP: encodings, field names, every refusal with its exact wire
// body, single use, lifetimes, and the unquoted big-integer user_id (spec §2.4, §3.1, §10; DESIGN.md §4–5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueCode, type TestWorld } from '../support/builders.ts';
import { graphGet, postAccessToken, withoutTrace, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const JSON_UTF8 = 'application/json; charset=UTF-8';
const SUCCESS = /^\{"access_token": "(IGQ[A-Za-z0-9]+)", "user_id": (\d+)\}$/;
const REDIRECT_MISMATCH = 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request';

/** The exact wire body of an OAuth error (spec §2.4): note the spaces after `:` and `,`. */
const oauthError = (message: string) => `{"error_type": "OAuthException", "code": 400, "error_message": ${JSON.stringify(message)}}`;

/** Token responses are never cached, refusals included (RFC 6749 §5.1). */
function assertRefused(response: WireResponse, message: string): void {
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('content-type'), JSON_UTF8);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.text, oauthError(message));
}

/** The token and the user_id digits of a success body, read from the raw text (never a JS number). */
function assertIssued(response: WireResponse): { token: string; userId: string } {
  assert.equal(response.status, 200, response.text);
  assert.equal(response.headers.get('content-type'), JSON_UTF8);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const match = SUCCESS.exec(response.text);
  assert.ok(match?.[1] && match[2], response.text);
  return { token: match[1], userId: match[2] };
}

describe('POST /oauth/access_token', () => {
  let server: TestServer;
  let world: TestWorld;

  const fieldsFor = async (w: TestWorld = world): Promise<Record<string, string>> => ({
    client_id: w.igApp.igAppId,
    client_secret: w.secret,
    grant_type: 'authorization_code',
    redirect_uri: w.redirectUri,
    code: await issueCode(server.services, w),
  });
  const me = (token: string, fields = 'id') => graphGet(server.url, { path: 'me', fields, token });
  const rawPost = (headers: Record<string, string>, body: string) => fetch(`${server.url}/oauth/access_token`, { method: 'POST', headers, body });

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  describe('exchanging a code', () => {
    for (const encoding of ['multipart', 'urlencoded'] as const) {
      it(`issues a short-lived token for a ${encoding} body`, async () => {
        const { token } = assertIssued(await postAccessToken(server.url, await fieldsFor(), encoding));
        assert.equal((await me(token)).status, 200);
      });
    }

    it('accepts the legacy app_id and app_secret names', async () => {
      const { client_id, client_secret, ...rest } = await fieldsFor();
      assertIssued(await postAccessToken(server.url, { app_id: client_id ?? '', app_secret: client_secret ?? '', ...rest }, 'urlencoded'));
    });

    it('writes user_id as an unquoted integer whose digits equal the id string of /me', async () => {
      const response = await postAccessToken(server.url, await fieldsFor());
      const { token, userId } = assertIssued(response);
      assert.ok(response.text.endsWith(`"user_id": ${userId}}`));
      const id = (JSON.parse((await me(token)).text) as { id: string }).id;
      assert.equal(typeof id, 'string');
      assert.equal(userId, id);
    });

    it('answers application/json; charset=UTF-8 on success and on refusal', async () => {
      const issued = await postAccessToken(server.url, await fieldsFor());
      const refused = await postAccessToken(server.url, {});
      assert.equal(issued.headers.get('content-type'), 'application/json; charset=UTF-8');
      assert.equal(refused.headers.get('content-type'), 'application/json; charset=UTF-8');
    });

    it('answers with Cache-Control no-store', async () => {
      const response = await postAccessToken(server.url, await fieldsFor());
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });
  });

  describe('missing and unsupported fields', () => {
    const ORDER = ['client_id', 'client_secret', 'grant_type', 'redirect_uri', 'code'] as const;

    it('answers Missing required field client_id for a JSON body', async () => {
      assertRefused(await postAccessToken(server.url, await fieldsFor(), 'json'), 'Missing required field client_id');
    });

    it('answers Missing required field client_id for an empty body', async () => {
      assertRefused(await postAccessToken(server.url, {}, 'urlencoded'), 'Missing required field client_id');
    });

    for (const [index, name] of ORDER.entries()) {
      it(`answers Missing required field ${name} when it alone is missing`, async () => {
        const fields = await fieldsFor();
        delete fields[name];
        assertRefused(await postAccessToken(server.url, fields), `Missing required field ${name}`);
      });

      it(`answers Missing required field ${name} first when it and every later field are missing`, async () => {
        const fields = await fieldsFor();
        for (const later of ORDER.slice(index)) delete fields[later];
        assertRefused(await postAccessToken(server.url, fields, 'urlencoded'), `Missing required field ${name}`);
      });
    }

    it('treats an empty value as missing', async () => {
      assertRefused(await postAccessToken(server.url, { ...(await fieldsFor()), code: '' }), 'Missing required field code');
    });

    it('answers Unsupported grant_type for grant_type=password', async () => {
      assertRefused(await postAccessToken(server.url, { ...(await fieldsFor()), grant_type: 'password' }), 'Unsupported grant_type');
    });
  });

  describe('refusals', () => {
    it('answers Invalid platform app for an unknown client_id and for a Facebook App ID', async () => {
      const fields = await fieldsFor();
      assertRefused(await postAccessToken(server.url, { ...fields, client_id: '990602627938098' }), 'Invalid platform app');
      assertRefused(await postAccessToken(server.url, { ...fields, client_id: world.app.appId }), 'Invalid platform app');
    });

    it('answers Invalid platform app when client_id and app_id differ', async () => {
      assertRefused(await postAccessToken(server.url, { ...(await fieldsFor()), app_id: world.app.appId }), 'Invalid platform app');
    });

    it('answers Invalid authorization code for a garbage code', async () => {
      assertRefused(await postAccessToken(server.url, { ...(await fieldsFor()), code: 'AQ-not-a-real-code' }), 'Invalid authorization code');
    });

    it('answers Invalid authorization code for a code issued to another app, which stays usable by its own app', async () => {
      const otherWorld = await buildWorld(server.services);
      const foreign = await fieldsFor(otherWorld);
      assertRefused(await postAccessToken(server.url, { ...(await fieldsFor()), code: foreign.code ?? '' }), 'Invalid authorization code');
      assertIssued(await postAccessToken(server.url, foreign));
    });

    it('answers This authorization code has been used on reuse, and revokes the token of the first use', async () => {
      const fields = await fieldsFor();
      const { token } = assertIssued(await postAccessToken(server.url, fields));
      assert.equal((await me(token)).status, 200);

      assertRefused(await postAccessToken(server.url, fields), 'This authorization code has been used');
      const revoked = await me(token);
      assert.equal(revoked.status, 400);
      assert.equal(withoutTrace(revoked.text), '{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}');
      assertRefused(await postAccessToken(server.url, fields), 'This authorization code has been used');
    });

    it('answers This authorization code has been used to a replay without the secret, and keeps the first token', async () => {
      const fields = await fieldsFor();
      const { token } = assertIssued(await postAccessToken(server.url, fields));
      assertRefused(await postAccessToken(server.url, { ...fields, client_secret: '0123456789abcdef0123456789abcdef' }), 'This authorization code has been used');
      assert.equal((await me(token)).status, 200);
    });

    it('lets exactly one of two simultaneous exchanges of a code succeed', async () => {
      const fields = await fieldsFor();
      const responses = await Promise.all([postAccessToken(server.url, fields), postAccessToken(server.url, fields, 'urlencoded')]);
      assert.deepEqual(responses.map((r) => r.status).sort(), [200, 400]);
      const refused = responses.find((r) => r.status === 400);
      assert.equal(refused?.text, oauthError('This authorization code has been used'));
    });

    it('answers the redirect_uri message when redirect_uri differs by a trailing slash', async () => {
      const fields = await fieldsFor();
      const withoutSlash = (fields.redirect_uri ?? '').replace(/\/$/, '');
      assertRefused(await postAccessToken(server.url, { ...fields, redirect_uri: withoutSlash }), REDIRECT_MISMATCH);
      assertRefused(await postAccessToken(server.url, { ...fields, redirect_uri: `${fields.redirect_uri ?? ''}/` }), REDIRECT_MISMATCH);
      assertIssued(await postAccessToken(server.url, fields));
    });

    it('answers the redirect_uri message for a wrong client_secret, and the code stays usable with the right one', async () => {
      const fields = await fieldsFor();
      assertRefused(await postAccessToken(server.url, { ...fields, client_secret: '0123456789abcdef0123456789abcdef' }), REDIRECT_MISMATCH);
      assertIssued(await postAccessToken(server.url, fields));
    });

    it('checks the code before the secret: a garbage code with a wrong secret is an invalid code', async () => {
      const fields = { ...(await fieldsFor()), client_secret: 'wrong', code: 'AQgarbage' };
      assertRefused(await postAccessToken(server.url, fields), 'Invalid authorization code');
    });
  });

  describe('lifetimes', () => {
    it('still exchanges a code 59 minutes after it was issued', async () => {
      const fields = await fieldsFor();
      server.clock.advance(59 * MINUTE);
      assertIssued(await postAccessToken(server.url, fields));
    });

    it('answers Invalid authorization code once the code is over an hour old', async () => {
      const fields = await fieldsFor();
      server.clock.advance(HOUR + 1000);
      assertRefused(await postAccessToken(server.url, fields), 'Invalid authorization code');
    });

    it('issues a token that expires after one hour with code 190 and no subcode', async () => {
      const { token } = assertIssued(await postAccessToken(server.url, await fieldsFor()));
      server.clock.advance(HOUR - 1000);
      assert.equal((await me(token)).status, 200);
      server.clock.advance(2000);
      const expired = await me(token);
      assert.equal(expired.status, 400);
      const { error } = JSON.parse(expired.text) as { error: Record<string, unknown> };
      assert.equal(error.type, 'OAuthException');
      assert.equal(error.code, 190);
      assert.equal('error_subcode' in error, false);
      const time = String.raw`(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d P[DS]T`;
      assert.match(String(error.message), new RegExp(`^Error validating access token: Session has expired on ${time}\\. The current time is ${time}\\.$`));
    });
  });

  describe('bodies it cannot read', () => {
    const assertClientError = async (response: Response) => {
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('content-type'), JSON_UTF8);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(await response.text(), /^\{"error_type": "OAuthException", "code": 400, "error_message": "[^"]+"\}$/);
    };

    it('answers 400, not 500, for a multipart body with a broken boundary', async () => {
      await assertClientError(await rawPost({ 'content-type': 'multipart/form-data; boundary=xyz' }, '--xyz\r\nContent-Disposition: form-data; name="client_id"\r\n\r\n123'));
    });

    it('answers Invalid request body, not a 500, for multipart without a boundary or with one too long to use', async () => {
      for (const contentType of ['multipart/form-data', 'multipart/form-data; charset=utf-8', `multipart/form-data; boundary=${'b'.repeat(300)}`]) {
        const response = await rawPost({ 'content-type': contentType }, 'client_id=1');
        assert.equal(response.status, 400, contentType);
        assert.equal(response.headers.get('cache-control'), 'no-store', contentType);
        assert.equal(await response.text(), oauthError('Invalid request body'));
      }
    });

    it('answers 400, not 500, for a multipart body with a file part', async () => {
      const form = new FormData();
      form.append('client_id', world.igApp.igAppId);
      form.append('code', new Blob([new Uint8Array(4096)]), 'code.bin');
      await assertClientError(await fetch(`${server.url}/oauth/access_token`, { method: 'POST', body: form }));
    });

    it('answers 400, not 500, for a huge multipart field', async () => {
      const form = new FormData();
      form.append('client_id', world.igApp.igAppId);
      form.append('code', 'A'.repeat(2 * 1024 * 1024));
      await assertClientError(await fetch(`${server.url}/oauth/access_token`, { method: 'POST', body: form }));
    });

    it('answers 400, not 500, for too many multipart fields', async () => {
      const form = new FormData();
      for (let i = 0; i < 100; i++) form.append(`f${i}`, 'x');
      await assertClientError(await fetch(`${server.url}/oauth/access_token`, { method: 'POST', body: form }));
    });

    it('answers 400, not 500, for a huge urlencoded body', async () => {
      await assertClientError(await rawPost({ 'content-type': 'application/x-www-form-urlencoded' }, `client_id=${'1'.repeat(1024 * 1024)}`));
    });

    it('answers 400, not 500, for a huge body of another type', async () => {
      await assertClientError(await rawPost({ 'content-type': 'application/octet-stream' }, '\0'.repeat(1024 * 1024)));
    });
  });
});
