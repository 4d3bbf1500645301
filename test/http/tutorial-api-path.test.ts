// The tutorial from "Construct the Authorization Window URL" to "query the Me node", over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { createWebSession } from '../support/browser.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('the tutorial, step by step', () => {
  let server: TestServer;
  let world: TestWorld;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  it('signs in inside the window, authorizes, exchanges the code and reads /me', async () => {
    const web = createWebSession(server.url);
    const windowPath = `/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile,user_media&response_type=code&state=abc`;

    const signInPage = await web.get(windowPath);
    assert.equal(signInPage.status, 200);
    assert.match(signInPage.text, /Log in to continue to Social Sizzle/);

    const signedIn = await web.postForm('/accounts/login/', { _csrf: web.csrf(signInPage), username: world.tester.username, password: world.tester.password, next: windowPath });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, windowPath);

    const consent = await web.get(windowPath);
    assert.equal(consent.status, 200);
    assert.match(consent.text, new RegExp(`<strong id="username">${world.tester.username}</strong>`));
    assert.match(consent.text, /Social Sizzle would like to access your Instagram account/);
    assert.equal(consent.headers.get('x-frame-options'), 'DENY');

    const decided = await web.postForm('/oauth/authorize', {
      _csrf: web.csrf(consent),
      client_id: world.igApp.igAppId,
      redirect_uri: world.redirectUri,
      scope: 'user_profile,user_media',
      response_type: 'code',
      state: 'abc',
      decision: 'allow',
    });
    assert.equal(decided.status, 303);
    const location = decided.location ?? '';
    assert.match(location, /^https:\/\/socialsizzle\.herokuapp\.com\/auth\/\?code=AQ[A-Za-z0-9_-]{200,}&state=abc#_$/);
    const code = new URL(location).searchParams.get('code') ?? '';

    const exchanged = await postAccessToken(server.url, {
      client_id: world.igApp.igAppId,
      client_secret: world.secret,
      grant_type: 'authorization_code',
      redirect_uri: world.redirectUri,
      code,
    });
    assert.equal(exchanged.status, 200);
    const match = /^\{"access_token": "(IGQ[A-Za-z0-9]+)", "user_id": (\d+)\}$/.exec(exchanged.text);
    assert.ok(match, exchanged.text);
    const [, accessToken, userIdDigits] = match as unknown as [string, string, string];

    const me = await graphGet(server.url, { path: 'me', fields: ['id', 'username'], token: accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.equal(me.text, `{"id":"${userIdDigits}","username":"${world.tester.username}"}`);

    const byId = await graphGet(server.url, { path: userIdDigits, fields: 'id,username', token: accessToken });
    assert.equal(byId.text, me.text);
  });
});
