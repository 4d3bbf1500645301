// App Review and the App Mode over real HTTP (spec §1.4, DESIGN.md §6): "Add to Submission" approves at
// once in emulator mode and waits for an operator in service mode; non-testers are refused in
// Development mode, and in Live mode may grant only approved permissions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.ts';
import { testConfig } from '../../src/config/load-config.ts';
import { createServices, type Services } from '../../src/services.ts';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { decodeEntities, type PageResponse, type WebSession } from '../support/browser.ts';
import { appPage, developerOf, follow, noticeText, signInDeveloper, submitFrom } from '../support/dashboard.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const statusOf = (page: PageResponse, permission: string) =>
  new RegExp(`<li class="item" data-permission="${permission}">[\\s\\S]*?<span class="badge[^"]*">([^<]+)</span>`).exec(page.text)?.[1];

const submitButtonOf = (page: PageResponse, permission: string) =>
  new RegExp(`<li class="item" data-permission="${permission}">[\\s\\S]*?</li>`).exec(page.text)?.[0].includes('Add to Submission');

describe('dashboard App Review in emulator mode', () => {
  let server: TestServer;
  let world: TestWorld;
  let web: WebSession;
  const app = (rest: string) => appPage(world.app.appId, rest);

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { redirectUris: ['https://socialsizzle.herokuapp.com/auth/'] });
    web = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
  });
  after(() => server.close());

  const windowAs = async (account: { username: string; password: string }, scope: string) => {
    const query = `client_id=${world.igApp.igAppId}&redirect_uri=https://socialsizzle.herokuapp.com/auth/&scope=${scope}&response_type=code`;
    const browser = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    await browser.signIn(account.username, account.password);
    const page = await browser.get(`/oauth/authorize?${query}`);
    return { status: page.status, error: decodeEntities(/<pre id="error">([^<]*)<\/pre>/.exec(page.text)?.[1] ?? ''), scopes: [...page.text.matchAll(/data-scope="([a-z_]+)"/g)].map((m) => m[1]) };
  };

  it('lists both permissions as Not submitted, each with Add to Submission', async () => {
    const page = await web.get(app('app-review/permissions/'));
    assert.match(page.text, /<h1>Permissions and Features<\/h1>/);
    for (const permission of ['instagram_graph_user_profile', 'instagram_graph_user_media']) {
      assert.equal(statusOf(page, permission), 'Not submitted');
      assert.equal(submitButtonOf(page, permission), true);
    }
  });

  it('refuses a non-tester in Development mode with Insufficient developer role', async () => {
    const refused = await windowAs(world.stranger, 'user_profile');
    assert.equal(refused.status, 400);
    assert.equal(refused.error, '{"error_type": "OAuthException", "code": 400, "error_message": "Insufficient developer role"}');
  });

  it('gates Live mode by App Review: no approved permission means Invalid scope: [], an approved one is granted alone', async () => {
    await submitFrom(web, app('settings/basic/'), app('settings/basic/'), { name: 'Social Sizzle', contactEmail: 'dev@example.com', privacyPolicyUrl: 'https://socialsizzle.herokuapp.com/privacy/' });
    assert.equal((await submitFrom(web, app('dashboard/'), app('mode/'), { mode: 'live', next: app('dashboard/') })).status, 303);
    const unapproved = await windowAs(world.stranger, 'user_profile,user_media');
    assert.equal(unapproved.error, '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid scope: []"}');

    const submitted = await submitFrom(web, app('app-review/permissions/'), app('app-review/submit/'), { permission: 'instagram_graph_user_profile', next: 'app-review' });
    assert.equal(submitted.location, `${app('app-review/permissions/')}?done=review-approved`);
    const page = await follow(web, submitted);
    assert.equal(noticeText(page), 'Approved: the permission is available to everyone who authorizes the app in Live mode.');
    assert.equal(statusOf(page, 'instagram_graph_user_profile'), 'Approved');
    assert.equal(submitButtonOf(page, 'instagram_graph_user_profile'), false);
    assert.equal(statusOf(page, 'instagram_graph_user_media'), 'Not submitted');

    const approved = await windowAs(world.stranger, 'user_profile,user_media');
    assert.equal(approved.status, 200, approved.error);
    assert.deepEqual(approved.scopes, ['user_profile']);
    // Testers keep every scope.
    assert.deepEqual((await windowAs(world.tester, 'user_profile,user_media')).scopes, ['user_profile', 'user_media']);
  });

  it('submits from the Basic Display page too, returning there', async () => {
    const submitted = await submitFrom(web, app('instagram-basic-display/basic-display/'), app('app-review/submit/'), { permission: 'instagram_graph_user_media', next: 'basic-display' });
    assert.equal(submitted.location, `${app('instagram-basic-display/basic-display/')}?done=review-approved`);
    assert.equal(statusOf(await follow(web, submitted), 'instagram_graph_user_media'), 'Approved');
  });
});

describe('dashboard App Review in service mode', () => {
  let services: Services;
  let close: () => Promise<void>;
  let url: string;
  let world: TestWorld;

  before(async () => {
    const built = await createServices(testConfig({ IGLOO_MODE: 'service' }));
    services = built.services;
    const server = await createApp(services);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    close = async () => {
      await server.close();
      await built.close();
    };
    world = await buildWorld(services);
  });
  after(() => close());

  it('keeps a submission In review until an operator approves it', async () => {
    const web = await signInDeveloper(url, await developerOf(services, world.developerId));
    const page = appPage(world.app.appId, 'instagram-basic-display/basic-display/');
    const submitted = await submitFrom(web, page, appPage(world.app.appId, 'app-review/submit/'), { permission: 'instagram_graph_user_profile', next: 'basic-display' });
    const shown = await follow(web, submitted);
    assert.equal(noticeText(shown), 'Added to submission. A reviewer will approve it.');
    assert.equal(statusOf(shown, 'instagram_graph_user_profile'), 'In review');
    assert.equal(submitButtonOf(shown, 'instagram_graph_user_profile'), false);
    assert.deepEqual(await services.apps.approvedPermissions(world.igApp.igAppId), []);
    assert.deepEqual((await services.reviews.listSubmitted()).map((s) => [s.igAppId, s.permission]), [[world.igApp.igAppId, 'instagram_graph_user_profile']]);

    await services.reviews.approve(world.igApp.igAppId, 'instagram_graph_user_profile');
    assert.equal(statusOf(await web.get(page), 'instagram_graph_user_profile'), 'Approved');
    assert.deepEqual(await services.reviews.listSubmitted(), []);
  });
});
