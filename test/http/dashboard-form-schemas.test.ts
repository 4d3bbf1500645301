// The App Dashboard's route schemas over real HTTP: a form field sent twice or far too long gets the
// dashboard's own error page (400, never Fastify's JSON) and changes nothing; a field left out still
// counts as empty, answered on the form; an id in the URL that does not fit is not found.
// @see issue 9, point 5
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { createWebSession, decodeEntities, type PageResponse, type WebSession } from '../support/browser.ts';
import { appPage, developerOf, fieldError, signInDeveloper } from '../support/dashboard.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

/** The heading and first paragraph of the dashboard's error page. */
function errorPageOf(page: PageResponse): { title: string; message: string } | undefined {
  const match = /<div class="card"><h1>([^<]*)<\/h1><p>([^<]*)<\/p><p><a href="\/developers\/apps\/">Go to My Apps<\/a><\/p><\/div>/.exec(page.text);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { title: decodeEntities(match[1]), message: decodeEntities(match[2]) };
}

function assertBadRequest(response: PageResponse, message: string): void {
  assert.equal(response.status, 400, response.text.slice(0, 300));
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.deepEqual(errorPageOf(response), { title: 'Bad request', message: `${message} Go back and try again.` });
}

describe('App Dashboard route schemas', () => {
  let server: TestServer;
  let world: TestWorld;
  let web: WebSession;
  const app = (rest: string) => appPage(world.app.appId, rest);

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    web = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
  });
  after(() => server.close());

  it('Create App: a name sent twice is refused on the error page, and no app is made', async () => {
    const before = (await server.services.appDashboard.listApps(world.developerId)).length;
    const csrf = web.csrf(await web.get('/developers/apps/create/'));
    const twice = await web.postFields('/developers/apps/create/', [['_csrf', csrf], ['appType', 'consumer'], ['name', 'One'], ['name', 'Two'], ['contactEmail', 'dev@example.com']]);
    assertBadRequest(twice, 'The form sent "name" more than once, or not as text.');
    assert.equal((await server.services.appDashboard.listApps(world.developerId)).length, before);
  });

  it('Basic Display: a Deauthorize Callback URL past 2048 characters is refused as too long, changing nothing', async () => {
    const page = app('instagram-basic-display/basic-display/');
    const csrf = web.csrf(await web.get(page));
    const long = await web.postForm(page, { _csrf: csrf, displayName: 'Social Sizzle', redirectUris: world.redirectUri, deauthorizeUrl: `https://example.com/${'d'.repeat(2048)}`, dataDeletionUrl: '' });
    assertBadRequest(long, '"deauthorizeUrl" is too long: it can be up to 2048 characters.');
    assert.equal((await server.services.apps.getInstagramApp(world.igApp.igAppId)).deauthorizeUrl, world.igApp.deauthorizeUrl);
  });

  it('Log in: an email past 1024 characters is refused as too long', async () => {
    const visitor = createWebSession(server.url);
    const csrf = visitor.csrf(await visitor.get('/developers/login/'));
    assertBadRequest(await visitor.postForm('/developers/login/', { _csrf: csrf, email: `${'e'.repeat(1020)}@example.com`, password: 'x' }), '"email" is too long: it can be up to 1024 characters.');
  });

  it('Settings > Advanced: a missing API version is shown under its field, as an empty one is', async () => {
    const page = app('settings/advanced/');
    const missing = await web.postForm(page, { _csrf: web.csrf(await web.get(page)) });
    assert.equal(missing.status, 400);
    assert.equal(fieldError(missing, 'apiVersion'), 'Choose one of the API versions v11.0 to v21.0.');
  });

  it('a notice named twice in the address is refused on the error page', async () => {
    assertBadRequest(await web.get(`${app('dashboard/')}?done=saved&done=live`), 'The address sent "done" more than once, or not as text.');
  });

  it('answers an app id, request id or delivery id that does not fit with the not-found page', async () => {
    for (const path of ['/developers/apps/abc/dashboard/', app('request-log/abc/'), app('request-log/12345678901234567890/')]) {
      const response = await web.get(path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(errorPageOf(response), { title: "This page isn't available", message: 'The link you followed may be broken, or the page may have been removed.' }, path);
    }
    const csrf = web.csrf(await web.get(app('instagram-basic-display/basic-display/')));
    const replay = await web.postForm(app('instagram-basic-display/callbacks/not.an.id/replay/'), { _csrf: csrf });
    assert.equal(replay.status, 404);
    assert.equal(errorPageOf(replay)?.title, "This page isn't available");
  });
});
