// Tokens are served from an in-memory cache after their first check; every write that can change a
// token's fate must take effect on the very next call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueCode, type TestWorld } from '../support/builders.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { changePasswordThroughPage } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('the token cache', () => {
  let server: TestServer;
  let world: TestWorld;

  before(async () => {
    server = await startTestServer({ IGLOO_READ_CACHE_SECONDS: '3600' });
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  const exchange = async (code: string) => {
    const fields = { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code };
    return postAccessToken(server.url, fields);
  };
  const tokenOf = (text: string) => /"access_token": "([^"]+)"/.exec(text)?.[1] ?? assert.fail(text);
  const errorOf = async (token: string) => {
    const response = await graphGet(server.url, { path: 'me', fields: 'id', token });
    return response.status === 200 ? undefined : (JSON.parse(response.text) as { error: { code: number; message: string; error_subcode?: number } }).error;
  };

  it('stops a cached token at once when the code it came from is replayed by the app', async () => {
    const code = await issueCode(server.services, world);
    const token = tokenOf((await exchange(code)).text);
    assert.equal(await errorOf(token), undefined);
    assert.equal(await errorOf(token), undefined);
    assert.equal((await exchange(code)).status, 400);
    const error = await errorOf(token);
    assert.equal(error?.code, 190);
    assert.equal(error?.message, 'Invalid OAuth access token.');
  });

  it('stops a cached token at once when the user changes their password', async () => {
    const token = tokenOf((await exchange(await issueCode(server.services, world))).text);
    assert.equal(await errorOf(token), undefined);
    await changePasswordThroughPage(server.url, world.tester, 'another password');
    const error = await errorOf(token);
    assert.equal(error?.code, 190);
    assert.equal(error?.message.startsWith('Error validating access token: The session has been invalidated'), true);
    assert.equal(error && 'error_subcode' in error, false);
  });

  it('lets a cached token expire on time, by the virtual clock', async () => {
    const token = tokenOf((await exchange(await issueCode(server.services, world))).text);
    assert.equal(await errorOf(token), undefined);
    server.clock.advance(60 * 60 * 1000);
    const error = await errorOf(token);
    assert.equal(error?.code, 190);
    assert.match(error?.message ?? '', /^Error validating access token: Session has expired on /);
    assert.equal(error && 'error_subcode' in error, false);
  });
});
