// Edit Profile > Change Password on Instagram web (/accounts/password/change/): a signed-in form with a
// CSRF token and the old password; a change ends every token and unused code of the account (spec §1.5).
// @see issue 7 point 7
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWebSession, type WebSession } from '../support/browser.ts';
import { buildAccount, buildWorld, type TestAccount, type TestWorld } from '../support/builders.ts';
import { buildTester } from '../support/graph-fixtures.ts';
import { graphGet, postAccessToken, withoutTrace } from '../support/http-clients.ts';
import { assertCsrfRefused, bannerOf, fieldErrorOf, signedIn, submitPasswordChange } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const PAGE = '/accounts/password/change/';
const PASSWORD_CHANGED_BODY =
  '{"error":{"message":"Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}';

describe('Change Password on Instagram web', () => {
  let server: TestServer;
  let world: TestWorld;

  before(async () => {
    server = await startTestServer({ IGLOO_SIGNIN_MAX_PER_ACCOUNT: '3' });
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  /** The Authorization Window over HTTP: Authorize, then the code from the redirect. */
  const authorizeThroughWindow = async (web: WebSession): Promise<string> => {
    const query = new URLSearchParams({ client_id: world.igApp.igAppId, redirect_uri: world.redirectUri, scope: 'user_profile,user_media', response_type: 'code' });
    const consent = await web.get(`/oauth/authorize?${query.toString()}`);
    assert.equal(consent.status, 200, consent.text);
    const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...Object.fromEntries(query), decision: 'allow' });
    assert.equal(decided.status, 303, decided.text);
    const code = new URL(decided.location ?? '').searchParams.get('code');
    assert.ok(code, decided.location ?? '');
    return code;
  };
  const exchange = (code: string) =>
    postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code });
  const tokenOf = (text: string) => /"access_token": "([^"]+)"/.exec(text)?.[1] ?? assert.fail(text);
  const me = async (token: string) => {
    const response = await graphGet(server.url, { path: 'me', fields: 'id,username', token });
    return { status: response.status, text: withoutTrace(response.text) };
  };
  const signInStatus = async (account: TestAccount, password: string) => (await createWebSession(server.url).signIn(account.username, password)).status;

  it('is linked from Edit Profile and shows Old Password, New Password and Confirm New Password', async () => {
    const web = await signedIn(server.url, await buildAccount(server.services));
    const edit = await web.get('/accounts/edit/');
    assert.match(edit.text, /<a href="\/accounts\/password\/change\/">Change Password<\/a>/);
    const page = await web.get(PAGE);
    assert.equal(page.status, 200);
    assert.match(page.text, /<title>Change Password • Instagram<\/title>/);
    for (const [id, label] of [['old_password', 'Old Password'], ['new_password1', 'New Password'], ['new_password2', 'Confirm New Password']]) {
      assert.match(page.text, new RegExp(`<label for="${id}">${label}</label>\\s*<input id="${id}" type="password" name="${id}" value=""`));
    }
    assert.match(page.text, /<button class="primary" type="submit">Change Password<\/button>/);
    assert.match(page.text, /<a href="\/accounts\/password\/change\/" aria-current="page">Change Password<\/a>/);
  });

  it('sends a signed-out visitor to log in and back', async () => {
    const web = createWebSession(server.url);
    const page = await web.get(PAGE);
    assert.equal(page.status, 302);
    assert.equal(page.location, `/accounts/login/?next=${encodeURIComponent(PAGE)}`);
  });

  it('ends every token and unused code of the account with code 190 (no subcode); the new password signs in, the old does not', async () => {
    const tester = await buildTester(server.services, world);
    const web = await signedIn(server.url, tester);
    const token = tokenOf((await exchange(await authorizeThroughWindow(web))).text);
    assert.equal((await me(token)).status, 200);
    // A token used once is served from the in-memory cache after that: the change must reach it too.
    assert.equal((await me(token)).status, 200);
    const unusedCode = await authorizeThroughWindow(web);

    const changed = await submitPasswordChange(web, { old: tester.password, new: 'a brand new password' });
    assert.equal(changed.status, 303, changed.text);
    assert.equal(changed.location, `${PAGE}?changed=1`);

    assert.deepEqual(await me(token), { status: 400, text: PASSWORD_CHANGED_BODY });
    const late = await exchange(unusedCode);
    assert.equal(late.status, 400);
    assert.equal(late.text, '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"}');

    // This browser stays signed in and can authorize again; the new token works.
    const notice = await web.get(`${PAGE}?changed=1`);
    assert.equal(notice.status, 200);
    assert.equal(bannerOf(notice, 'status'), 'Password changed. Apps you had authorized need your permission again.');
    const fresh = tokenOf((await exchange(await authorizeThroughWindow(web))).text);
    assert.equal((await me(fresh)).status, 200);

    assert.equal(await signInStatus(tester, 'a brand new password'), 303);
    assert.equal(await signInStatus(tester, tester.password), 401);
  });

  it('ends the web sessions of other browsers and keeps this one', async () => {
    const account = await buildAccount(server.services);
    const other = await signedIn(server.url, account);
    const web = await signedIn(server.url, account);
    const before = web.cookies().get('sessionid');
    assert.equal((await submitPasswordChange(web, { old: account.password, new: 'a brand new password' })).status, 303);
    assert.notEqual(web.cookies().get('sessionid'), before);
    assert.match((await web.get('/')).text, /You are logged in as/);
    const home = await other.get('/');
    assert.doesNotMatch(home.text, /You are logged in as/);
    assert.match(home.text, /<button class="primary" type="submit">Log in<\/button>/);
    // The session cookie from before the change is dead too.
    const replayed = await fetch(`${server.url}/`, { headers: { cookie: `sessionid=${before}` } });
    assert.doesNotMatch(await replayed.text(), /You are logged in as/);
  });

  it('re-shows the form with 400 and the reason under its field, and changes nothing', async () => {
    const tester = await buildTester(server.services, world);
    const web = await signedIn(server.url, tester);
    const token = tokenOf((await exchange(await authorizeThroughWindow(web))).text);
    const cases: { fields: { old: string; new: string; confirm?: string }; field: string; message: string }[] = [
      { fields: { old: 'not my password', new: 'a brand new password' }, field: 'old_password', message: 'Your old password was entered incorrectly. Please enter it again.' },
      { fields: { old: tester.password, new: 'short' }, field: 'new_password1', message: 'Create a password at least 6 characters long.' },
      { fields: { old: tester.password, new: '' }, field: 'new_password1', message: 'Create a password at least 6 characters long.' },
      { fields: { old: tester.password, new: 'a brand new password', confirm: 'a brand new passw0rd' }, field: 'new_password2', message: 'Please make sure both passwords match.' },
    ];
    for (const { fields, field, message } of cases) {
      const response = await submitPasswordChange(web, fields);
      assert.equal(response.status, 400, JSON.stringify(fields));
      assert.equal(fieldErrorOf(response, field), message);
      assert.match(response.text, /<button class="primary" type="submit">Change Password<\/button>/);
    }
    // Missing fields are empty fields, never a 500.
    const page = await web.get(PAGE);
    const bare = await web.postForm(PAGE, { _csrf: web.csrf(page) });
    assert.equal(bare.status, 400);
    assert.equal(fieldErrorOf(bare, 'new_password1'), 'Create a password at least 6 characters long.');

    assert.equal((await me(token)).status, 200);
    assert.equal(await signInStatus(tester, tester.password), 303);
  });

  it('refuses a POST without a valid CSRF token with 403, and one without a session by sending it to log in', async () => {
    const account = await buildAccount(server.services);
    const web = await signedIn(server.url, account);
    const fields = { old_password: account.password, new_password1: 'a brand new password', new_password2: 'a brand new password' };
    for (const csrf of [undefined, 'wrong']) {
      assertCsrfRefused(await web.postForm(PAGE, csrf === undefined ? fields : { ...fields, _csrf: csrf }), `csrf ${String(csrf)}`);
    }
    const signedOut = createWebSession(server.url);
    const login = await signedOut.get('/accounts/login/');
    const refused = await signedOut.postForm(PAGE, { ...fields, _csrf: signedOut.csrf(login) });
    assert.equal(refused.status, 303);
    assert.equal(refused.location, `/accounts/login/?next=${encodeURIComponent(PAGE)}`);
    assert.equal(await signInStatus(account, account.password), 303);
  });

  it('counts wrong old passwords against the sign-in throttle', async () => {
    const account = await buildAccount(server.services);
    const web = await signedIn(server.url, account);
    for (let attempt = 1; attempt <= 3; attempt++) {
      assert.equal((await submitPasswordChange(web, { old: `wrong ${attempt}`, new: 'a brand new password' })).status, 400);
    }
    const throttled = await submitPasswordChange(web, { old: account.password, new: 'a brand new password' });
    assert.equal(throttled.status, 429);
    assert.equal(fieldErrorOf(throttled, 'old_password'), 'Please wait a few minutes before you try again.');
    // The same count throttles signing in to the account.
    assert.equal(await signInStatus(account, account.password), 429);
    // The password did not change.
    server.clock.advance(15 * 60 * 1000 + 1000);
    assert.equal(await signInStatus(account, account.password), 303);
  });
});
