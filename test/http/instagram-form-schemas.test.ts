// www.instagram.com's route schemas over real HTTP: a form field sent twice or far too long gets
// www's own error page (400, never Fastify's JSON), after the CSRF check and changing nothing; a field
// left out still counts as empty; a URL whose ids do not fit is not found. @see issue 9, point 5
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { createWebSession, decodeEntities, type PageResponse } from '../support/browser.ts';
import { fieldErrorOf, signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

/** The heading and first paragraph of www's error page. */
function errorPageOf(page: PageResponse): { title: string; message: string } | undefined {
  const match = /<div class="card"><h1>([^<]*)<\/h1><p>([^<]*)<\/p><p><a href="\/">Go back to Instagram<\/a><\/p><\/div>/.exec(page.text);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { title: decodeEntities(match[1]), message: decodeEntities(match[2]) };
}

function assertBadRequest(response: PageResponse, message: string): void {
  assert.equal(response.status, 400, response.text.slice(0, 300));
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.deepEqual(errorPageOf(response), { title: 'Bad request', message: `${message} Go back and try again.` });
}

describe('www route schemas', () => {
  let server: TestServer;
  let world: TestWorld;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
  });
  after(() => server.close());

  it('Log in: a username sent twice is refused on the error page, and nobody is signed in', async () => {
    const web = createWebSession(server.url);
    const csrf = web.csrf(await web.get('/accounts/login/'));
    const twice = await web.postFields('/accounts/login/', [['_csrf', csrf], ['username', world.tester.username], ['username', 'someone_else'], ['password', world.tester.password]]);
    assertBadRequest(twice, 'The form sent "username" more than once, or not as text.');
    assert.equal(web.cookies().has('sessionid'), false);
  });

  it('Log in: a username past 1024 characters is refused as too long', async () => {
    const web = createWebSession(server.url);
    const csrf = web.csrf(await web.get('/accounts/login/'));
    const long = await web.postForm('/accounts/login/', { _csrf: csrf, username: 'a'.repeat(1025), password: world.tester.password });
    assertBadRequest(long, '"username" is too long: it can be up to 1024 characters.');
  });

  it('Log in: a field left out counts as empty, answered on the form itself', async () => {
    const web = createWebSession(server.url);
    const csrf = web.csrf(await web.get('/accounts/login/'));
    const bare = await web.postForm('/accounts/login/', { _csrf: csrf, username: world.tester.username });
    assert.equal(bare.status, 401);
    assert.match(bare.text, /<form[^>]*action="\/accounts\/login\/"/);
    assert.equal(web.cookies().has('sessionid'), false);
  });

  it('checks the CSRF token before the fields: a forged form with a field sent twice is "Page expired"', async () => {
    const web = createWebSession(server.url);
    const forged = await web.postFields('/accounts/login/', [['username', 'a'], ['username', 'b'], ['password', 'x']]);
    assert.equal(forged.status, 403);
    assert.equal(errorPageOf(forged)?.title, 'Page expired');
  });

  it('Edit Profile: a name sent twice changes nothing', async () => {
    const web = await signedIn(server.url, world.tester);
    const csrf = web.csrf(await web.get('/accounts/edit/'));
    const twice = await web.postFields('/accounts/edit/', [['_csrf', csrf], ['full_name', 'First'], ['full_name', 'Second'], ['username', world.tester.username]]);
    assertBadRequest(twice, 'The form sent "full_name" more than once, or not as text.');
    assert.equal((await server.services.accounts.findAccount(world.tester.id))?.fullName, 'Test User');
  });

  it('Sign up: a missing username is shown under its field, as an empty one is', async () => {
    const web = createWebSession(server.url);
    const csrf = web.csrf(await web.get('/accounts/emailsignup/'));
    const missing = await web.postForm('/accounts/emailsignup/', { _csrf: csrf, full_name: 'No Name', password: 'a fine password' });
    assert.equal(missing.status, 400);
    assert.ok(fieldErrorOf(missing, 'username'));
  });

  it('Apps and Websites: a query parameter sent twice is refused on the error page', async () => {
    const web = await signedIn(server.url, world.tester);
    assertBadRequest(await web.get('/accounts/manage_access/?tab=active&tab=expired'), 'The address sent "tab" more than once, or not as text.');
  });

  it('answers a media index that is not a number, or a username past any length, with the not-found page', async () => {
    const web = createWebSession(server.url);
    for (const path of ['/media/AAAAAAAAAAA/abc', '/media/AAAAAAAAAAA/1x/thumbnail', `/${'a'.repeat(65)}/`]) {
      const response = await web.get(path);
      assert.equal(response.status, 404, path);
      assert.equal(errorPageOf(response)?.title, "Sorry, this page isn't available.", path);
    }
  });
});
