// The User Token Generator over real HTTP (spec §1.2; src/oauth/token-generator.ts): Generate Token
// runs the real Authorization Window with a redirect back to the dashboard, which shows a long-lived
// token once. The window admits that redirect only for a pending request of the same app.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount, buildWorld, type TestAccount, type TestWorld } from '../support/builders.ts';
import { createWebSession, decodeEntities, type PageResponse, type WebSession } from '../support/browser.ts';
import { appPage, developerOf, noticeText, submitFrom } from '../support/dashboard.ts';
import { graphGet } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

/** An access token as igloo issues them (not just "IGQ", which a random CSRF token can contain). */
const ANY_TOKEN = /IGQWR[A-Za-z0-9]{150}ZD/;
const errorJson = (page: PageResponse) => decodeEntities(/<pre id="error">([^<]*)<\/pre>/.exec(page.text)?.[1] ?? '');

describe('dashboard User Token Generator', () => {
  let server: TestServer;
  let world: TestWorld;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { redirectUris: ['https://socialsizzle.herokuapp.com/auth/'] });
  });
  after(() => server.close());

  /** One browser: the developer signed in to the dashboard and `account` signed in to Instagram. */
  async function browserFor(account: TestAccount): Promise<WebSession> {
    const developer = await developerOf(server.services, world.developerId);
    const web = createWebSession(server.url);
    const login = await web.get('/developers/login/');
    assert.equal((await web.postForm('/developers/login/', { _csrf: web.csrf(login), email: developer.email, password: developer.password, next: '/apps/' })).status, 303);
    assert.equal((await web.signIn(account.username, account.password)).status, 303);
    return web;
  }

  /** Clicks Generate Token for the tester; returns the Authorization Window URL it redirects to. */
  async function generate(web: WebSession, accountId: string): Promise<URL> {
    const page = appPage(world.app.appId, 'instagram-basic-display/basic-display/');
    const started = await submitFrom(web, page, appPage(world.app.appId, 'instagram-basic-display/token-generator/'), { accountId });
    assert.equal(started.status, 303, started.text.slice(0, 300));
    return new URL(started.location ?? '');
  }

  /** Authorize in the window; returns the redirect's URL (the generator's callback). */
  async function authorize(web: WebSession, windowUrl: URL, decision = 'allow'): Promise<string> {
    const consent = await web.get(windowUrl.pathname + windowUrl.search);
    assert.equal(consent.status, 200, errorJson(consent));
    const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...Object.fromEntries(windowUrl.searchParams), decision });
    assert.equal(decided.status, 303);
    return decided.location ?? '';
  }

  it('lists accepted testers only, each with Generate Token', async () => {
    const pending = await buildAccount(server.services);
    await server.services.testers.invite(world.igApp.igAppId, pending.username);
    const web = await browserFor(world.tester);
    const page = await web.get(appPage(world.app.appId, 'instagram-basic-display/basic-display/'));
    const generator = /<div class="card" id="user-token-generator">[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '';
    assert.match(generator, new RegExp(`<td>${world.tester.username}</td>`));
    assert.doesNotMatch(generator, new RegExp(pending.username));
    assert.match(generator, /<button class="btn btn-secondary btn-small" type="submit">Generate Token<\/button>/);
    assert.match(generator, /Add or Remove Instagram Testers/);
  });

  it('runs the Authorization Window and shows a 60-day token that reads /me', async () => {
    const web = await browserFor(world.tester);
    const windowUrl = await generate(web, world.tester.id);
    assert.equal(windowUrl.origin + windowUrl.pathname, `${server.url}/oauth/authorize`);
    const callback = `${server.url}/developers/apps/${world.app.appId}/instagram-basic-display/token-generator/callback/`;
    assert.deepEqual(
      { ...Object.fromEntries(windowUrl.searchParams), state: 'S' },
      { client_id: world.igApp.igAppId, redirect_uri: callback, scope: 'user_profile,user_media', response_type: 'code', state: 'S' },
    );
    const redirect = await authorize(web, windowUrl);
    assert.match(redirect, new RegExp(`^${callback.replace(/[.?]/g, '\\$&')}\\?code=AQ[A-Za-z0-9_-]+&state=[A-Za-z0-9_-]+#_$`));

    const shown = await web.get(redirect.replace(/#_$/, ''));
    assert.equal(shown.status, 200, shown.text.slice(0, 400));
    assert.equal(shown.headers.get('cache-control'), 'no-store');
    assert.match(shown.text, new RegExp(`<h2>Access token for ${world.tester.username}</h2>`));
    assert.match(shown.text, /<dd>5184000 seconds<\/dd>/);
    const token = /<textarea class="token" id="generated-token" readonly rows="4">([^<]+)<\/textarea>/.exec(shown.text)?.[1] ?? '';
    const userId = /<dd class="mono" id="generated-user-id">(\d+)<\/dd>/.exec(shown.text)?.[1];
    const me = await graphGet(server.url, { path: 'me', fields: 'id,username', token });
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(JSON.parse(me.text), { id: userId, username: world.tester.username });

    // The token is shown once: the same callback again is refused.
    const again = await web.get(redirect.replace(/#_$/, ''));
    assert.equal(again.status, 400);
    assert.equal(noticeText(again), 'This token request has expired or was used already. Click Generate Token again.');
    assert.doesNotMatch(again.text, ANY_TOKEN);
    assert.doesNotMatch(again.text, /id="generated-token"/);
  });

  it('admits the generator callback as redirect_uri only for a pending request of that app with that state', async () => {
    const web = await browserFor(world.tester);
    const windowUrl = await generate(web, world.tester.id);
    const params = Object.fromEntries(windowUrl.searchParams);
    const other = await buildWorld(server.services);
    const tries: Record<string, string>[] = [
      { ...params, state: 'guessed' },
      { ...params, state: '' },
      { ...params, redirect_uri: `${params.redirect_uri}x` },
      { ...params, client_id: other.igApp.igAppId },
    ];
    for (const query of tries) {
      const page = await web.get(`/oauth/authorize?${new URLSearchParams(query).toString()}`);
      assert.equal(page.status, 400, JSON.stringify(query));
      assert.equal(errorJson(page), '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid redirect_uri"}');
    }
    // Once the callback has used the request, the window refuses it too.
    const redirect = await authorize(web, windowUrl);
    assert.equal((await web.get(redirect.replace(/#_$/, ''))).status, 200);
    const after = await web.get(windowUrl.pathname + windowUrl.search);
    assert.equal(errorJson(after), '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid redirect_uri"}');
  });

  it('forgets a request after 15 minutes', async () => {
    const web = await browserFor(world.tester);
    const windowUrl = await generate(web, world.tester.id);
    server.clock.advance(16 * 60 * 1000);
    const page = await web.get(windowUrl.pathname + windowUrl.search);
    assert.equal(errorJson(page), '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid redirect_uri"}');
  });

  it('shows no token when the tester cancels, or when the window was signed in as another account', async () => {
    const web = await browserFor(world.tester);
    const cancelled = await authorize(web, await generate(web, world.tester.id), 'deny');
    assert.match(cancelled, /\?error=access_denied&error_reason=user_denied/);
    const refused = await web.get(cancelled.replace(/#_$/, ''));
    assert.equal(refused.status, 400);
    assert.equal(noticeText(refused), 'The Authorization Window was cancelled, so no token was generated.');

    const second = await buildAccount(server.services);
    await server.services.testers.invite(world.igApp.igAppId, second.username);
    await server.services.testers.accept(world.igApp.igAppId, second.id);
    // Generate Token for `second`, while the window is signed in as the first tester.
    const wrong = await authorize(web, await generate(web, second.id));
    const page = await web.get(wrong.replace(/#_$/, ''));
    assert.equal(page.status, 400);
    assert.equal(noticeText(page), 'The Authorization Window was signed in as a different Instagram account than the tester you chose. Log in there as that tester and try again.');
    assert.doesNotMatch(page.text, ANY_TOKEN);
    assert.doesNotMatch(page.text, /id="generated-token"/);
  });
});
