// Valid OAuth Redirect URIs with characters a Location header cannot carry (non-ASCII, DEL, control
// characters): refused when saved in the dashboard; one saved before that rule is percent-encoded
// when the Authorization Window redirects to it, never a 500.
// @see issue 7 point 12b
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWebSession, type WebSession } from '../support/browser.ts';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { appPage, developerOf, fieldError, signInDeveloper, submitFrom } from '../support/dashboard.ts';
import { postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('redirect URIs a Location header cannot carry', () => {
  let server: TestServer;
  let world: TestWorld;

  before(async () => {
    // No read cache: the test writes a stored URI straight into the table, as an older igloo did.
    server = await startTestServer({ IGLOO_READ_CACHE_SECONDS: '0' });
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  it('refuses them on the Basic Display form, naming the URI, and keeps what was saved', async () => {
    const web = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    const page = appPage(world.app.appId, 'instagram-basic-display/basic-display/');
    const save = (redirectUris: string) => submitFrom(web, page, page, { displayName: 'Social Sizzle', redirectUris, deauthorizeUrl: '', dataDeletionUrl: '' });
    const cases: [string, string][] = [
      ['https://example.com/café', 'https://example.com/café has characters a web address cannot carry as typed: enter it percent-encoded, as https://example.com/caf%C3%A9 (a domain name in its xn-- form).'],
      ['https://example.com/a\u007fb', 'https://example.com/a%7Fb has characters a web address cannot carry as typed: enter it percent-encoded, as https://example.com/a%7Fb (a domain name in its xn-- form).'],
      ['https://example.com/\u0001', 'https://example.com/%01 has characters a web address cannot carry as typed: enter it percent-encoded, as https://example.com/%01 (a domain name in its xn-- form).'],
      ['https://bücher.example/cb', 'https://bücher.example/cb has characters a web address cannot carry as typed: enter it percent-encoded, as https://b%C3%BCcher.example/cb (a domain name in its xn-- form).'],
    ];
    for (const [uri, message] of cases) {
      const refused = await save(`https://ok.example/cb\n${uri}`);
      assert.equal(refused.status, 400, JSON.stringify(uri));
      assert.equal(fieldError(refused, 'redirectUris'), message);
    }
    assert.deepEqual((await server.services.apps.getInstagramApp(world.igApp.igAppId)).redirectUris, world.igApp.redirectUris);
  });

  describe('a URI saved before the rule', () => {
    const stored = 'https://example.com/café/\u0001cb?x=日';
    const sent = 'https://example.com/caf%C3%A9/%01cb?x=%E6%97%A5';
    let web: WebSession;
    const query = () => new URLSearchParams({ client_id: world.igApp.igAppId, redirect_uri: stored, scope: 'user_profile', response_type: 'code', state: 'st ü' });

    before(async () => {
      await server.services.db.updateTable('redirect_uris').set({ uri: stored }).where('ig_app_id', '=', world.igApp.igAppId).execute();
      web = createWebSession(server.url);
      assert.equal((await web.signIn(world.tester.username, world.tester.password)).status, 303);
    });

    const decide = async (decision: 'allow' | 'deny') => {
      const consent = await web.get(`/oauth/authorize?${query().toString()}`);
      assert.equal(consent.status, 200, consent.text.slice(0, 300));
      return web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...Object.fromEntries(query()), decision });
    };

    it('redirects Authorize to it percent-encoded, and the code exchanges with the URI as stored', async () => {
      const allowed = await decide('allow');
      assert.equal(allowed.status, 303, allowed.text.slice(0, 300));
      const match = new RegExp(`^${sent.replace(/[?.]/g, '\\$&')}&code=(AQ[A-Za-z0-9_-]+)&state=st%20%C3%BC#_$`).exec(allowed.location ?? '');
      assert.ok(match?.[1], allowed.location ?? '');
      const exchanged = await postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: stored, code: match[1] });
      assert.equal(exchanged.status, 200, exchanged.text);
    });

    it('redirects Cancel to it percent-encoded', async () => {
      const denied = await decide('deny');
      assert.equal(denied.status, 303, denied.text.slice(0, 300));
      assert.equal(denied.location, `${sent}&error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=st%20%C3%BC#_`);
    });
  });
});
