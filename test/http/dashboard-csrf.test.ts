// Every App Dashboard form carries a CSRF token, and every form POST refuses a missing or wrong one
// with 403 "Page expired", changing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { createWebSession, type WebSession } from '../support/browser.ts';
import { appPage, developerOf, signInDeveloper } from '../support/dashboard.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('dashboard CSRF protection', () => {
  let server: TestServer;
  let world: TestWorld;
  let web: WebSession;
  let bareAppId: string;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    web = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    bareAppId = (await server.services.apps.createApp({ ownerId: world.developerId, name: 'Bare', appType: 'consumer', contactEmail: 'dev@example.com' })).appId;
  });
  after(() => server.close());

  const forms = (): [string, Record<string, string>][] => {
    const app = (rest: string) => appPage(world.app.appId, rest);
    return [
      ['/developers/login/', { email: 'x@example.com', password: 'whatever1', next: '/apps/' }],
      ['/developers/signup/', { name: 'N', email: 'csrf-new@example.com', password: 'long enough', next: '/apps/' }],
      ['/developers/logout/', {}],
      ['/developers/apps/create/', { appType: 'consumer', name: 'Forged', contactEmail: 'dev@example.com' }],
      [app('settings/basic/'), { name: 'Forged', contactEmail: 'dev@example.com', privacyPolicyUrl: '' }],
      [app('settings/basic/show-secret/'), { password: 'developer password' }],
      [app('settings/advanced/'), { apiVersion: 'v11.0' }],
      [app('mode/'), { mode: 'live', next: '/' }],
      [appPage(bareAppId, 'products/instagram-basic-display/set-up/'), {}],
      [appPage(bareAppId, 'instagram-basic-display/basic-display/create/'), { displayName: 'Forged' }],
      [app('instagram-basic-display/basic-display/'), { displayName: 'Forged', redirectUris: 'https://evil.example/', deauthorizeUrl: '', dataDeletionUrl: '' }],
      [app('instagram-basic-display/basic-display/show-secret/'), { password: 'developer password' }],
      [app('instagram-basic-display/basic-display/reset-secret/'), { password: 'developer password' }],
      [app('instagram-basic-display/token-generator/'), { accountId: world.tester.id }],
      [app('instagram-basic-display/callbacks/some-delivery/replay/'), {}],
      [app('app-review/submit/'), { permission: 'instagram_graph_user_media', next: 'app-review' }],
      [app('roles/roles/add-instagram-testers/'), { username: world.stranger.username }],
      [app('roles/roles/remove-instagram-tester/'), { accountId: world.tester.id }],
    ];
  };

  it('puts a _csrf field in every POST form of every dashboard page', async () => {
    const app = (rest: string) => appPage(world.app.appId, rest);
    const visitor = createWebSession(server.url);
    for (const path of ['/developers/login/', '/developers/signup/']) {
      assert.match((await visitor.get(path)).text, /<form method="post"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]{20,}">/, path);
    }
    const pages = [
      '/developers/apps/',
      '/developers/apps/create/',
      app('dashboard/'),
      app('settings/basic/'),
      app('settings/basic/show-secret/'),
      app('settings/advanced/'),
      app('products/'),
      appPage(bareAppId, 'products/'),
      appPage(bareAppId, 'instagram-basic-display/basic-display/create/'),
      app('instagram-basic-display/basic-display/'),
      app('instagram-basic-display/basic-display/show-secret/'),
      app('instagram-basic-display/basic-display/reset-secret/'),
      app('app-review/permissions/'),
      app('roles/roles/'),
      app('roles/roles/add-instagram-testers/'),
    ];
    let formsSeen = 0;
    for (const path of pages) {
      const page = await web.get(path);
      assert.equal(page.status, 200, path);
      const postForms = page.text.match(/<form method="post"[^>]*>[\s\S]*?<\/form>/g) ?? [];
      for (const form of postForms) {
        formsSeen += 1;
        assert.match(form, /<input type="hidden" name="_csrf" value="[^"]{20,}">/, `${path}: ${form.slice(0, 200)}`);
      }
    }
    assert.ok(formsSeen >= 25, `only ${formsSeen} forms`);
  });

  it('refuses every form POST with 403 Page expired when _csrf is missing or wrong', async () => {
    const other = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    const foreignToken = other.csrf(await other.get('/developers/apps/'));
    for (const [path, fields] of forms()) {
      for (const token of [undefined, 'wrong', foreignToken]) {
        const body = token === undefined ? fields : { ...fields, _csrf: token };
        const response = await web.postForm(path, body);
        assert.equal(response.status, 403, `${path} with ${token === undefined ? 'no token' : token}`);
        assert.match(response.text, /<h1>Page expired<\/h1>/);
      }
    }
  });

  it('changed nothing while refusing them', async () => {
    const { services } = server;
    const app = await services.apps.getFbApp(world.app.appId);
    assert.equal(app.name, world.app.name);
    assert.equal(app.mode, 'development');
    assert.equal(app.apiVersion, world.app.apiVersion);
    assert.deepEqual((await services.apps.listAppsOf(world.developerId)).map((a) => a.name).sort(), ['Bare', world.app.name].sort());
    assert.equal(await services.apps.hasBasicDisplayProduct(bareAppId), false);
    assert.deepEqual((await services.apps.getInstagramApp(world.igApp.igAppId)).redirectUris, world.igApp.redirectUris);
    assert.equal(await services.apps.verifyInstagramAppSecret(world.igApp.igAppId, world.secret), true);
    assert.deepEqual(await services.reviews.statuses(world.igApp.igAppId), { instagram_graph_user_profile: 'not_submitted', instagram_graph_user_media: 'not_submitted' });
    assert.deepEqual((await services.testers.listTesters(world.igApp.igAppId)).map((t) => t.username), [world.tester.username]);
    assert.equal(await services.developers.findDeveloperByEmail('csrf-new@example.com'), undefined);
    // The session survived the forged log-out.
    assert.equal((await web.get('/developers/apps/')).status, 200);
  });
});
