// Signing up on Instagram's web (/accounts/emailsignup/) over real HTTP: the form, Instagram's username
// rules with each refusal under its field, the new account signed in, safe `next` targets and CSRF.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount } from '../support/builders.ts';
import { createWebSession, type PageResponse } from '../support/browser.ts';
import { assertCsrfRefused, fieldErrorOf } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('www sign-up', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  let counter = 0;
  const freshName = () => `new_user_${process.pid % 1000}_${++counter}`;

  /** Opens the form and posts it; returns the session and the answer. */
  async function signUp(fields: { full_name?: string; username?: string; password?: string; next?: string }, query = '') {
    const web = createWebSession(server.url);
    const form = await web.get(`/accounts/emailsignup/${query}`);
    const response = await web.postForm('/accounts/emailsignup/', { _csrf: web.csrf(form), full_name: 'New Person', password: 'a fine password', ...fields });
    return { web, response };
  }

  function assertRefused(response: PageResponse, status: number, field: string, message: string): void {
    assert.equal(response.status, status, response.text.slice(0, 300));
    assert.equal(fieldErrorOf(response, field), message);
    assert.match(response.text, new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="${field}-error"`));
    assert.ok(!response.headers.getSetCookie().some((c) => c.startsWith('sessionid=')), 'no session is started');
  }

  it('shows Full Name, Username and Password fields, a Sign up button and a CSRF token', async () => {
    const page = await createWebSession(server.url).get('/accounts/emailsignup/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<form method="post" action="\/accounts\/emailsignup\/">/);
    for (const [id, label] of [['full_name', 'Full Name'], ['username', 'Username'], ['password', 'Password']]) {
      assert.match(page.text, new RegExp(`<label for="${id}">${label}</label>\\s*<input id="${id}"`));
    }
    assert.match(page.text, /<input id="password" type="password"/);
    assert.match(page.text, /<button class="primary" type="submit">Sign up<\/button>/);
    assert.match(page.text, /<input type="hidden" name="_csrf" value="[^"]+">/);
  });

  it('creates the account, signs it in and shows its empty profile', async () => {
    const username = freshName();
    const { web, response } = await signUp({ username: username.toUpperCase(), full_name: 'Ada <Lovelace>' });
    assert.equal(response.status, 303, response.text);
    assert.equal(response.location, '/');
    assert.ok(web.cookies().get('sessionid'));
    assert.match((await web.get('/')).text, new RegExp(`You are logged in as <strong>${username}</strong>`));
    const account = await server.services.accounts.findAccountByUsername(username);
    assert.equal(account?.fullName, 'Ada <Lovelace>');
    const profile = await web.get(`/${username}/`);
    assert.equal(profile.status, 200);
    assert.match(profile.text, new RegExp(`<h1 class="profile-username">${username}</h1>`));
    assert.match(profile.text, /<p id="post-count"><strong>0<\/strong> posts<\/p>/);
    assert.match(profile.text, /<strong>Ada &lt;Lovelace&gt;<\/strong>/);
    // The new password works for signing in again.
    assert.equal((await createWebSession(server.url).signIn(username, 'a fine password')).status, 303);
  });

  it('refuses usernames that break Instagram’s rules, with the reason under the Username field', async () => {
    const cases: [string, string][] = [
      ['', 'Enter a username.'],
      ['has space', 'Usernames can only use letters, numbers, underscores and periods, up to 30 characters.'],
      ['émile', 'Usernames can only use letters, numbers, underscores and periods, up to 30 characters.'],
      ['x'.repeat(31), 'Usernames can only use letters, numbers, underscores and periods, up to 30 characters.'],
      ['.leading', "Usernames can't start or end with a period, or have two periods in a row."],
      ['trailing.', "Usernames can't start or end with a period, or have two periods in a row."],
      ['two..dots', "Usernames can't start or end with a period, or have two periods in a row."],
      ['accounts', "This username isn't available. Please try another."],
      ['create', "This username isn't available. Please try another."],
    ];
    for (const [username, message] of cases) {
      const { response } = await signUp({ username, full_name: 'Kept Name' });
      assertRefused(response, 400, 'username', message);
      // What was typed stays in the form; the password never comes back.
      assert.match(response.text, /id="full_name" type="text" name="full_name" value="Kept Name"/, username);
      assert.match(response.text, /id="password" type="password" name="password" value=""/, username);
    }
  });

  it('refuses a username that is taken, whatever its case, with 409 and Instagram’s message', async () => {
    const existing = await buildAccount(server.services);
    const { response } = await signUp({ username: existing.username.toUpperCase() });
    assertRefused(response, 409, 'username', 'A user with that username already exists.');
  });

  it('refuses a password under 6 characters and a full name over 64 under their own fields', async () => {
    assertRefused((await signUp({ username: freshName(), password: '12345' })).response, 400, 'password', 'Create a password at least 6 characters long.');
    assertRefused((await signUp({ username: freshName(), full_name: 'n'.repeat(65) })).response, 400, 'full_name', 'Enter a name under 64 characters.');
  });

  it('continues to a local next after signing up, and to / for an off-site one', async () => {
    const local = await signUp({ username: freshName(), next: '/accounts/manage_access/' }, '?next=%2Faccounts%2Fmanage_access%2F');
    assert.equal(local.response.location, '/accounts/manage_access/');
    const offSite = await signUp({ username: freshName(), next: '//evil.example/' });
    assert.equal(offSite.response.location, '/');
  });

  it('continues to / for a next with a tab, backslash or NUL, and percent-encodes non-Latin-1, never with a 500', async () => {
    // @see issue 7, points 9 and 12a
    const cases: [query: string, location: string][] = [['/%09/evil.test/x', '/'], ['/%5Cevil.test', '/'], ['/%00/x', '/'], ['/%C4%80/', '/%C4%80/']];
    for (const [query, location] of cases) {
      const { web, response } = await signUp({ username: freshName(), next: decodeURIComponent(query) }, `?next=${query}`);
      assert.equal(response.status, 303, `${query}: ${response.text.slice(0, 200)}`);
      assert.equal(response.location, location, query);
      const again = await web.get(`/accounts/emailsignup/?next=${query}`);
      assert.equal(again.status, 302, query);
      assert.equal(again.location, location, query);
    }
  });

  it('sends a signed-in visitor of the sign-up page on to next', async () => {
    const { web } = await signUp({ username: freshName() });
    const page = await web.get('/accounts/emailsignup/?next=%2Fcreate%2F');
    assert.equal(page.status, 302);
    assert.equal(page.location, '/create/');
  });

  it('refuses a sign-up POST with a missing or wrong CSRF token and creates no account', async () => {
    const web = createWebSession(server.url);
    const form = await web.get('/accounts/emailsignup/');
    const username = freshName();
    const fields = { username, full_name: 'X', password: 'a fine password' };
    for (const csrf of [undefined, 'wrong', `${web.csrf(form)}x`]) {
      assertCsrfRefused(await web.postForm('/accounts/emailsignup/', csrf === undefined ? fields : { ...fields, _csrf: csrf }), `csrf=${String(csrf)}`);
    }
    assert.equal(await server.services.accounts.findAccountByUsername(username), undefined);
  });

  it('links the sign-in page to sign-up and back', async () => {
    const login = await createWebSession(server.url).get('/accounts/login/');
    assert.match(login.text, /<a href="\/accounts\/emailsignup\/">Sign up<\/a>/);
    const signUpPage = await createWebSession(server.url).get('/accounts/emailsignup/');
    assert.match(signUpPage.text, /<a href="\/accounts\/login\/">Log in<\/a>/);
  });
});
