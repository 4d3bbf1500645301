// Removing an Instagram Tester (Roles > Roles > Remove) while the app is in Development mode ends what
// the account holds for the app: its tokens answer code 190 and its unused codes no longer exchange
// (spec §3.4, DESIGN.md §5). A Live app keeps serving the account, which needs no role there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueCode, issueToken, type TestWorld } from '../support/builders.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('removing an Instagram Tester', () => {
  let server: TestServer;

  before(async () => {
    // Token checks cached for the longest time: the removal must still act at once.
    server = await startTestServer({ IGLOO_READ_CACHE_SECONDS: '3600' });
  });
  after(() => server.close());

  const me = (token: string) => graphGet(server.url, { path: 'me', fields: 'id,username', token });
  const exchange = (world: TestWorld, code: string) =>
    postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code });

  it('ends the tester’s tokens and unused codes in Development mode', async () => {
    const world = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, world);
    const { accessToken: longLived } = await server.services.oauth.generateUserToken({ igAppId: world.igApp.igAppId, accountId: world.tester.id });
    const code = await issueCode(server.services, world);
    assert.equal((await me(accessToken)).status, 200);

    await server.services.testers.remove(world.igApp.igAppId, world.tester.id);

    for (const token of [accessToken, longLived]) {
      const refused = await me(token);
      assert.equal(refused.status, 400);
      assert.match(refused.text, /^\{"error":\{"message":"Invalid OAuth access token\.","type":"OAuthException","code":190,"fbtrace_id":"[\w-]+"\}\}$/);
    }
    const exchanged = await exchange(world, code);
    assert.equal(exchanged.status, 400);
    assert.equal(exchanged.text, '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"}');
  });

  it('leaves the account’s tokens working when the app is Live', async () => {
    const world = await buildWorld(server.services, { mode: 'live' });
    const { accessToken } = await issueToken(server.services, world);
    await server.services.testers.remove(world.igApp.igAppId, world.tester.id);
    const response = await me(accessToken);
    assert.equal(response.status, 200, response.text);
    assert.equal((JSON.parse(response.text) as { username: string }).username, world.tester.username);
  });
});
