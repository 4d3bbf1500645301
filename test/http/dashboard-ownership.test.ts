// Every App Dashboard page and form of an app answers only its owner: another signed-in developer gets
// the same 404 as for an app that does not exist, and nothing changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import type { WebSession } from '../support/browser.ts';
import { appPage, buildDeveloper, developerOf, signInDeveloper } from '../support/dashboard.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const GET_PAGES = [
  '',
  'dashboard/',
  'settings/basic/',
  'settings/basic/add-platform/',
  'settings/basic/show-secret/',
  'settings/advanced/',
  'products/',
  'instagram-basic-display/basic-display/',
  'instagram-basic-display/basic-display/create/',
  'instagram-basic-display/basic-display/show-secret/',
  'instagram-basic-display/basic-display/reset-secret/',
  'instagram-basic-display/token-generator/callback/?code=AQx&state=y',
  'app-review/permissions/',
  'roles/roles/',
  'roles/roles/add-instagram-testers/',
];

describe('dashboard app ownership', () => {
  let server: TestServer;
  let world: TestWorld;
  let intruder: WebSession;
  let owner: WebSession;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    owner = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    intruder = await signInDeveloper(server.url, await buildDeveloper(server.services));
  });
  after(() => server.close());

  it("answers 404 to another developer on every page of the app, as for an app that does not exist", async () => {
    for (const rest of GET_PAGES) {
      for (const appId of [world.app.appId, '1234567890123456', 'not-a-number']) {
        const page = await intruder.get(appPage(appId, rest));
        assert.equal(page.status, 404, `${appId}/${rest}`);
        assert.match(page.text, /<h1>This page isn&#39;t available<\/h1>/);
        assert.doesNotMatch(page.text, new RegExp(world.igApp.igAppId));
      }
      assert.notEqual((await owner.get(appPage(world.app.appId, rest))).status, 404, rest);
    }
  });

  it('answers 404 to every form another developer posts, changing nothing', async () => {
    const token = intruder.csrf(await intruder.get('/developers/apps/'));
    const posts: [string, Record<string, string>][] = [
      ['settings/basic/', { name: 'Hijacked', contactEmail: 'evil@example.com', privacyPolicyUrl: 'https://evil.example/' }],
      ['settings/basic/show-secret/', { password: 'developer password' }],
      ['settings/advanced/', { apiVersion: 'v11.0' }],
      ['mode/', { mode: 'live' }],
      ['products/instagram-basic-display/set-up/', {}],
      ['instagram-basic-display/basic-display/', { displayName: 'Hijacked', redirectUris: 'https://evil.example/', deauthorizeUrl: '', dataDeletionUrl: '' }],
      ['instagram-basic-display/basic-display/create/', { displayName: 'Hijacked' }],
      ['instagram-basic-display/basic-display/show-secret/', { password: 'developer password' }],
      ['instagram-basic-display/basic-display/reset-secret/', { password: 'developer password' }],
      ['instagram-basic-display/token-generator/', { accountId: world.tester.id }],
      ['app-review/submit/', { permission: 'instagram_graph_user_profile' }],
      ['roles/roles/add-instagram-testers/', { username: world.stranger.username }],
      ['roles/roles/remove-instagram-tester/', { accountId: world.tester.id }],
    ];
    for (const [rest, fields] of posts) {
      const response = await intruder.postForm(appPage(world.app.appId, rest), { _csrf: token, ...fields });
      assert.equal(response.status, 404, rest);
      assert.doesNotMatch(response.text, /[0-9a-f]{32}/, `${rest} leaks a secret`);
    }
    const { services } = server;
    const app = await services.apps.getFbApp(world.app.appId);
    assert.deepEqual([app.name, app.mode, app.privacyPolicyUrl], [world.app.name, 'development', null]);
    assert.deepEqual((await services.apps.getInstagramApp(world.igApp.igAppId)).redirectUris, world.igApp.redirectUris);
    assert.equal(await services.apps.verifyInstagramAppSecret(world.igApp.igAppId, world.secret), true);
    assert.deepEqual((await services.testers.listTesters(world.igApp.igAppId)).map((t) => t.username), [world.tester.username]);
    assert.equal((await services.reviews.statuses(world.igApp.igAppId)).instagram_graph_user_profile, 'not_submitted');
  });

  it("does not list another developer's apps in My Apps", async () => {
    const apps = await intruder.get('/developers/apps/');
    assert.doesNotMatch(apps.text, new RegExp(world.app.appId));
    assert.match(apps.text, /You have no apps yet\./);
  });

  it('answers 404 with the dashboard page for an unknown dashboard path', async () => {
    const page = await owner.get('/developers/no/such/page/');
    assert.equal(page.status, 404);
    assert.match(page.text, /igloo <b>for Developers<\/b>/);
  });
});
