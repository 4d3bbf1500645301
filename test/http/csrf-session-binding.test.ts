// CSRF tokens of the HTML surfaces are bound to the session they were made in, over real HTTP: a token
// taken from one signed-in session (even with the `_csrf` cookie that backs it) is refused in another,
// on www and on the dashboard. @see issue 7, point 13
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount, type TestAccount } from '../support/builders.ts';
import { createWebSession, type PageResponse, type WebSession } from '../support/browser.ts';
import { buildDeveloper, signInDeveloper, type TestDeveloper } from '../support/dashboard.ts';
import { assertCsrfRefused, signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

/** POSTs a form with exactly these cookies (what a browser holding planted cookies would send). */
async function postWithCookies(url: string, cookies: Record<string, string | undefined>, fields: Record<string, string>): Promise<PageResponse> {
  const cookie = Object.entries(cookies)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
}

describe('CSRF tokens bound to the session', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  describe('on www', () => {
    let alice: TestAccount;
    let bob: TestAccount;
    let aliceWeb: WebSession;
    let bobWeb: WebSession;

    before(async () => {
      alice = await buildAccount(server.services);
      bob = await buildAccount(server.services);
      aliceWeb = await signedIn(server.url, alice);
      bobWeb = await signedIn(server.url, bob);
    });

    const fullNameOf = async (account: TestAccount) => (await server.services.accounts.findAccount(account.id))?.fullName;

    it("refuses Alice's Edit Profile token, with Alice's _csrf cookie, in Bob's session", async () => {
      const token = aliceWeb.csrf(await aliceWeb.get('/accounts/edit/'));
      const bobBefore = await fullNameOf(bob);
      const fields = { _csrf: token, full_name: 'Forged Name', username: bob.username };
      const forged = await postWithCookies(`${server.url}/accounts/edit/`, { _csrf: aliceWeb.cookies().get('_csrf'), sessionid: bobWeb.cookies().get('sessionid') }, fields);
      assertCsrfRefused(forged, "Alice's token in Bob's session");
      assert.equal(await fullNameOf(bob), bobBefore);
      // The same token and cookies with Alice's own session pass.
      const own = await postWithCookies(`${server.url}/accounts/edit/`, { _csrf: aliceWeb.cookies().get('_csrf'), sessionid: aliceWeb.cookies().get('sessionid') }, { ...fields, username: alice.username });
      assert.equal(own.status, 303, own.text.slice(0, 300));
      assert.equal(await fullNameOf(alice), 'Forged Name');
    });

    it('refuses a token made before signing out and in again as somebody else in the same browser', async () => {
      const web = await signedIn(server.url, alice);
      const home = await web.get('/');
      const oldToken = web.csrf(home);
      assert.equal((await web.postForm('/accounts/logout/', { _csrf: oldToken })).status, 303);
      assert.equal((await web.signIn(bob.username, bob.password)).status, 303);
      assertCsrfRefused(await web.postForm('/accounts/logout/', { _csrf: oldToken }), "Alice's token in Bob's session");
      assert.match((await web.get('/')).text, new RegExp(`You are logged in as <strong>${bob.username}</strong>`));
      // A token of Bob's own session works.
      assert.equal((await web.postForm('/accounts/logout/', { _csrf: web.csrf(await web.get('/')) })).status, 303);
    });

    it('refuses a token of the signed-out Log in page on a signed-in form, and a signed-in token on Log in once signed out', async () => {
      const web = createWebSession(server.url);
      const anonymousToken = web.csrf(await web.get('/accounts/login/'));
      assert.equal((await web.signIn(alice.username, alice.password)).status, 303);
      assertCsrfRefused(await web.postForm('/accounts/logout/', { _csrf: anonymousToken }), 'a signed-out token');
      const signedInToken = web.csrf(await web.get('/'));
      assert.equal((await web.postForm('/accounts/logout/', { _csrf: signedInToken })).status, 303);
      const fields = { username: alice.username, password: alice.password, next: '/' };
      assertCsrfRefused(await web.postForm('/accounts/login/', { ...fields, _csrf: signedInToken }), 'a token of the ended session');
      assert.equal((await web.postForm('/accounts/login/', { ...fields, _csrf: web.csrf(await web.get('/accounts/login/')) })).status, 303);
    });
  });

  describe('on the dashboard', () => {
    let ada: TestDeveloper;
    let ben: TestDeveloper;
    let adaWeb: WebSession;
    let benWeb: WebSession;

    before(async () => {
      ada = await buildDeveloper(server.services);
      ben = await buildDeveloper(server.services);
      adaWeb = await signInDeveloper(server.url, ada);
      benWeb = await signInDeveloper(server.url, ben);
    });

    it("refuses Ada's Create App token, with Ada's _csrf cookie, in Ben's session", async () => {
      const token = adaWeb.csrf(await adaWeb.get('/developers/apps/create/'));
      const fields = { _csrf: token, appType: 'consumer', name: 'Forged App', contactEmail: 'forged@example.com' };
      const forged = await postWithCookies(`${server.url}/developers/apps/create/`, { _csrf: adaWeb.cookies().get('_csrf'), igloo_dev_session: benWeb.cookies().get('igloo_dev_session') }, fields);
      assert.equal(forged.status, 403, forged.text.slice(0, 300));
      assert.match(forged.text, /Page expired/);
      assert.doesNotMatch((await benWeb.get('/developers/apps/')).text, /Forged App/);
      // The same token and cookies with Ada's own session pass.
      const own = await postWithCookies(`${server.url}/developers/apps/create/`, { _csrf: adaWeb.cookies().get('_csrf'), igloo_dev_session: adaWeb.cookies().get('igloo_dev_session') }, fields);
      assert.equal(own.status, 303, own.text.slice(0, 300));
    });

    it('binds dashboard tokens to the developer session, not the Instagram one, and Instagram tokens the other way round', async () => {
      const both = await signInDeveloper(server.url, ada);
      const account = await buildAccount(server.services);
      assert.equal((await both.signIn(account.username, account.password)).status, 303);
      const dashboardToken = both.csrf(await both.get('/developers/apps/create/'));
      const wwwToken = both.csrf(await both.get('/accounts/edit/'));
      // Each is made for its own surface's session: swapped, the sessions differ and both are refused.
      assertCsrfRefused(await both.postForm('/accounts/edit/', { _csrf: dashboardToken, full_name: 'Swapped', username: account.username }), 'a dashboard token on www');
      const swapped = await both.postForm('/developers/apps/create/', { _csrf: wwwToken, appType: 'consumer', name: 'Swapped', contactEmail: 'swapped@example.com' });
      assert.equal(swapped.status, 403);
    });
  });
});
