// Developer accounts on the developers surface over real HTTP: Log in (Email, Password), Sign Up, Log
// out, the demo developer of `igloo seed --demo`, the way back to the page asked for, and the surface
// served at the root of developers.facebook.com.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DEMO_DEVELOPER_EMAIL, DEMO_PASSWORD, ensureDemoWorld } from '../../src/demo-world.ts';
import { createWebSession } from '../support/browser.ts';
import { appPage, buildDeveloper, fieldError, noticeText, signInDeveloper, type TestDeveloper } from '../support/dashboard.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

/** A GET with a Host header (fetch cannot set one). */
function getWithHost(baseUrl: string, host: string, path: string, cookie = ''): Promise<{ status: number; location?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(baseUrl).port, path, headers: { host, cookie } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Password checks that take a few milliseconds, as real ones do, so concurrent attempts overlap.
const SLOW_ENOUGH_HASHING = { IGLOO_ARGON2_MEMORY_KIB: '8192' };

describe('dashboard sign-in', () => {
  let server: TestServer;
  let developer: TestDeveloper;

  before(async () => {
    server = await startTestServer();
    developer = await buildDeveloper(server.services);
  });
  after(() => server.close());

  it('shows a Log in form with Email and Password fields, a Log in button and a CSRF token', async () => {
    const page = await createWebSession(server.url).get('/developers/login/');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.text, /<form method="post" action="\/developers\/login\/">\s*<input type="hidden" name="_csrf" value="[^"]+">/);
    assert.match(page.text, /<label for="email">Email<\/label>\s*<input id="email" name="email" type="email"/);
    assert.match(page.text, /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/);
    assert.match(page.text, /<button class="btn btn-primary" type="submit">Log in<\/button>/);
    assert.doesNotMatch(page.text, /<script/i);
  });

  it('sends a signed-out visitor of /developers/ to Log in, and a signed-in one to My Apps', async () => {
    const out = await createWebSession(server.url).get('/developers/');
    assert.equal(out.status, 303);
    assert.equal(out.location, '/developers/login/');
    const web = await signInDeveloper(server.url, developer);
    const landing = await web.get('/developers/');
    assert.equal(landing.location, '/developers/apps/');
    const apps = await web.get('/developers/apps/');
    assert.equal(apps.status, 200);
    assert.match(apps.text, /<h1>Apps<\/h1>/);
  });

  it('signs in the demo developer of igloo seed --demo, who sees the demo app', async () => {
    await ensureDemoWorld(server.services, server.url);
    const web = await signInDeveloper(server.url, { email: DEMO_DEVELOPER_EMAIL, password: DEMO_PASSWORD });
    const apps = await web.get('/developers/apps/');
    assert.match(apps.text, /<h2>Social Sizzle<\/h2>/);
  });

  it('refuses a wrong password with 401 and a message under Password, keeping the email', async () => {
    const web = createWebSession(server.url);
    const page = await web.get('/developers/login/');
    const refused = await web.postForm('/developers/login/', { _csrf: web.csrf(page), email: developer.email, password: 'wrong password', next: '/apps/' });
    assert.equal(refused.status, 401);
    assert.equal(fieldError(refused, 'password'), 'The email or password you entered is incorrect.');
    assert.match(refused.text, new RegExp(`name="email" type="email" value="${developer.email}"`));
    assert.ok(!refused.headers.getSetCookie().some((c) => c.startsWith('igloo_dev_session=')));
  });

  it('checks at most IGLOO_SIGNIN_MAX_PER_ACCOUNT passwords when 30 wrong ones arrive at once, then refuses with 429', async () => {
    // @see issue 7, point 10
    const throttled = await startTestServer({ IGLOO_SIGNIN_MAX_PER_ACCOUNT: '4', IGLOO_SIGNIN_MAX_PER_ADDRESS: '1000', ...SLOW_ENOUGH_HASHING });
    try {
      const target = await buildDeveloper(throttled.services);
      const web = createWebSession(throttled.url);
      const page = await web.get('/developers/login/');
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_v, i) => web.postForm('/developers/login/', { _csrf: web.csrf(page), email: target.email, password: `wrong ${i}`, next: '/apps/' })),
      );
      assert.equal(answers.filter((a) => a.status === 401 && fieldError(a, 'password') === 'The email or password you entered is incorrect.').length, 4);
      assert.equal(answers.filter((a) => a.status === 429 && fieldError(a, 'password') === 'Too many attempts. Please wait a few minutes before you try again.').length, 26);
    } finally {
      await throttled.close();
    }
  });

  it('signs up with Name, Email and Password and lands on My Apps signed in', async () => {
    const web = createWebSession(server.url);
    const page = await web.get('/developers/signup/');
    assert.match(page.text, /<label for="name">Name<\/label>/);
    assert.match(page.text, /<button class="btn btn-primary" type="submit">Sign Up<\/button>/);
    const created = await web.postForm('/developers/signup/', { _csrf: web.csrf(page), name: 'Ada', email: 'Ada.Signup@Example.com', password: 'long enough', next: '/apps/' });
    assert.equal(created.status, 303, created.text);
    assert.equal(created.location, '/developers/apps/');
    const cookie = created.headers.getSetCookie().find((c) => c.startsWith('igloo_dev_session='));
    assert.ok(cookie);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.equal((await web.get('/developers/apps/')).status, 200);
    // Emails are kept lower-case, so the address signs in however it is typed.
    await signInDeveloper(server.url, { email: 'ada.signup@example.com', password: 'long enough' });
  });

  it('answers each refused sign-up field with its message next to the field and keeps what was typed', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ name: 'A', email: 'not-an-email', password: 'long enough' }, 'email', 'Enter a valid email address.'],
      [{ name: 'A', email: developer.email, password: 'long enough' }, 'email', 'An account with this email already exists.'],
      [{ name: 'A', email: 'short@example.com', password: '123' }, 'password', 'Use a password at least 6 characters long.'],
      [{ name: 'x'.repeat(65), email: 'long@example.com', password: 'long enough' }, 'name', 'Enter a name of at most 64 characters.'],
    ];
    for (const [fields, field, message] of cases) {
      const web = createWebSession(server.url);
      const page = await web.get('/developers/signup/');
      const refused = await web.postForm('/developers/signup/', { _csrf: web.csrf(page), next: '/apps/', ...fields });
      assert.equal(refused.status, 400, field);
      assert.equal(fieldError(refused, field), message);
      assert.match(refused.text, new RegExp(`name="email" type="email" value="${(fields.email ?? '').replace(/[.+]/g, '\\$&')}"`));
    }
  });

  it('sends a signed-out visitor of an app page to Log in and back to that page afterwards', async () => {
    const app = await server.services.apps.createApp({ ownerId: developer.id, name: 'Back Again', appType: 'consumer', contactEmail: developer.email });
    const web = createWebSession(server.url);
    const wanted = `/apps/${app.appId}/settings/basic/`;
    const out = await web.get(`/developers${wanted}`);
    assert.equal(out.status, 303);
    assert.equal(out.location, `/developers/login/?next=${encodeURIComponent(wanted)}`);
    const page = await web.get(out.location ?? '');
    assert.match(page.text, new RegExp(`<input type="hidden" name="next" value="${wanted}">`));
    const signedIn = await web.postForm('/developers/login/', { _csrf: web.csrf(page), email: developer.email, password: developer.password, next: wanted });
    assert.equal(signedIn.location, `/developers${wanted}`);
  });

  it('continues to My Apps when next points off-site', async () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const web = createWebSession(server.url);
      const page = await web.get(`/developers/login/?next=${encodeURIComponent(next)}`);
      const signedIn = await web.postForm('/developers/login/', { _csrf: web.csrf(page), email: developer.email, password: developer.password, next });
      assert.equal(signedIn.location, '/developers/apps/', next);
    }
  });

  it('continues to My Apps for a next with a tab, backslash or NUL, and percent-encodes non-Latin-1, never with a 500', async () => {
    // @see issue 7, points 9 and 12a
    const cases: [query: string, location: string][] = [['/%09/evil.test/x', '/developers/apps/'], ['%09//evil.test', '/developers/apps/'], ['/%5Cevil.test', '/developers/apps/'], ['/.//evil.test', '/developers/apps/'], ['/%00/x', '/developers/apps/'], ['/apps/%C4%80/', '/developers/apps/%C4%80/']];
    for (const [query, location] of cases) {
      const web = createWebSession(server.url);
      const page = await web.get(`/developers/login/?next=${query}`);
      assert.equal(page.status, 200, query);
      const signedIn = await web.postForm('/developers/login/', { _csrf: web.csrf(page), email: developer.email, password: developer.password, next: decodeURIComponent(query) });
      assert.equal(signedIn.status, 303, `${query}: ${signedIn.text.slice(0, 200)}`);
      assert.equal(signedIn.location, location, query);
      const again = await web.get(`/developers/login/?next=${query}`);
      assert.equal(again.status, 303, query);
      assert.equal(again.location, location, query);
      const signUp = await web.get(`/developers/signup/?next=${query}`);
      assert.equal(signUp.status, 200, query);
    }
  });

  it('logs out: the session ends on the server and the old cookie no longer opens My Apps', async () => {
    const web = await signInDeveloper(server.url, developer);
    const old = web.cookies().get('igloo_dev_session');
    assert.ok(old);
    const apps = await web.get('/developers/apps/');
    const out = await web.postForm('/developers/logout/', { _csrf: web.csrf(apps) });
    assert.equal(out.status, 303);
    assert.equal(out.location, '/developers/login/?done=signed-out');
    assert.equal(noticeText(await web.get(out.location)), 'You have logged out.');
    const replay = await fetch(`${server.url}/developers/apps/`, { redirect: 'manual', headers: { cookie: `igloo_dev_session=${old}` } });
    await replay.text();
    assert.equal(replay.status, 303);
  });

  it('does not take an Instagram session for a developer session', async () => {
    const raw = await server.services.sessions.start('account', developer.id);
    const response = await fetch(`${server.url}/developers/apps/`, { redirect: 'manual', headers: { cookie: `igloo_dev_session=${raw}` } });
    await response.text();
    assert.equal(response.status, 303);
  });

  it('serves the dashboard at the root of developers.facebook.com, with links and redirects without /developers', async () => {
    const app = await server.services.apps.createApp({ ownerId: developer.id, name: 'Host Mode', appType: 'none', contactEmail: developer.email });
    const host = `developers.facebook.com:${new URL(server.url).port}`;
    const login = await getWithHost(server.url, host, '/login/');
    assert.equal(login.status, 200);
    assert.match(login.text, /<form method="post" action="\/login\/">/);
    const web = await signInDeveloper(server.url, developer);
    const cookie = `igloo_dev_session=${web.cookies().get('igloo_dev_session') ?? ''}`;
    const settings = await getWithHost(server.url, host, `/apps/${app.appId}/settings/basic/`, cookie);
    assert.equal(settings.status, 200);
    assert.match(settings.text, new RegExp(`<form method="post" action="/apps/${app.appId}/settings/basic/">`));
    assert.match(settings.text, new RegExp(`href="/apps/${app.appId}/roles/roles/"`));
    assert.doesNotMatch(settings.text, /"\/developers\//);
    const landing = await getWithHost(server.url, host, '/');
    assert.equal(landing.location, '/login/');
    assert.equal((await getWithHost(server.url, host, appPage(app.appId, 'dashboard/'), cookie)).status, 404);
  });
});
