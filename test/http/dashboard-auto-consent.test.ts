// The App Dashboard's Auto consent checkbox (issue 8) over real HTTP: on the Basic Display page in
// emulator mode only, a CSRF-guarded form that turns the Authorization Window's consent screen off and
// on again; hidden and refused in service mode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { createWebSession, type PageResponse, type WebSession } from '../support/browser.ts';
import { appPage, developerOf, follow, noticeText, signInDeveloper, submitFrom } from '../support/dashboard.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

const BASIC_DISPLAY = 'instagram-basic-display/basic-display/';
const AUTO_CONSENT = 'instagram-basic-display/auto-consent/';

const checkbox = (page: PageResponse) => /<input id="autoConsent" name="autoConsent" type="checkbox" value="on"( checked)? aria-describedby="autoConsent-hint">/.exec(page.text);

describe('dashboard auto consent in emulator mode', () => {
  let server: TestServer;
  let world: TestWorld;
  let web: WebSession;
  const windowPath = () =>
    `/oauth/authorize?${new URLSearchParams({ client_id: world.igApp.igAppId, redirect_uri: world.redirectUri, scope: 'user_profile', response_type: 'code', state: 'st' }).toString()}`;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { displayName: 'Sizzle CI' });
    web = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
  });
  after(() => server.close());

  it('shows the unchecked box in its own CSRF form on the Basic Display page', async () => {
    const page = await web.get(appPage(world.app.appId, BASIC_DISPLAY));
    assert.equal(page.status, 200);
    assert.equal(checkbox(page)?.[1], undefined);
    assert.ok(checkbox(page));
    assert.match(page.text, new RegExp(`<form method="post" action="/developers/apps/${world.app.appId}/instagram-basic-display/auto-consent/" id="auto-consent">\\n<input type="hidden" name="_csrf" value="[^"]+">`));
  });

  it('turns auto consent on: the box is checked and a signed-in tester goes straight to the redirect URI', async () => {
    const saved = await submitFrom(web, appPage(world.app.appId, BASIC_DISPLAY), appPage(world.app.appId, AUTO_CONSENT), { autoConsent: 'on' });
    const page = await follow(web, saved);
    assert.equal(noticeText(page), 'Auto consent is on: the Authorization Window sends testers straight back to your redirect URI.');
    assert.equal(checkbox(page)?.[1], ' checked');

    const tester = createWebSession(server.url);
    assert.equal((await tester.signIn(world.tester.username, world.tester.password)).status, 303);
    const window = await tester.get(windowPath());
    assert.equal(window.status, 302);
    assert.match(window.location ?? '', /^https:\/\/socialsizzle\.herokuapp\.com\/auth\/\?code=AQ[A-Za-z0-9_-]+&state=st#_$/);
  });

  it('turns it off again with the box unchecked (no field sent): the consent screen is back', async () => {
    const saved = await submitFrom(web, appPage(world.app.appId, BASIC_DISPLAY), appPage(world.app.appId, AUTO_CONSENT), {});
    const page = await follow(web, saved);
    assert.equal(noticeText(page), 'Auto consent is off: the Authorization Window asks for consent again.');
    assert.equal(checkbox(page)?.[1], undefined);
    const tester = createWebSession(server.url);
    assert.equal((await tester.signIn(world.tester.username, world.tester.password)).status, 303);
    assert.equal((await tester.get(windowPath())).status, 200);
  });

  it('refuses a POST without the CSRF token with 403 and changes nothing', async () => {
    const refused = await web.postForm(appPage(world.app.appId, AUTO_CONSENT), { autoConsent: 'on' });
    assert.equal(refused.status, 403);
    assert.equal((await server.services.apps.getInstagramApp(world.igApp.igAppId)).autoConsent, false);
  });
});

describe('dashboard auto consent in service mode', () => {
  let server: Awaited<ReturnType<typeof startServiceModeServer>>;
  let world: TestWorld;
  let web: WebSession;

  before(async () => {
    server = await startServiceModeServer('admin-token-dashboard-auto-consent');
    world = await buildWorld(server.services);
    web = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
  });
  after(() => server.close());

  it('hides the box and refuses the form on the page, with a 400 notice', async () => {
    const page = await web.get(appPage(world.app.appId, BASIC_DISPLAY));
    assert.equal(page.status, 200);
    assert.equal(checkbox(page), null);
    assert.doesNotMatch(page.text, /Auto consent/);
    const refused = await web.postForm(appPage(world.app.appId, AUTO_CONSENT), { _csrf: web.csrf(page), autoConsent: 'on' });
    assert.equal(refused.status, 400);
    assert.equal(noticeText(refused), 'Auto consent is an emulator feature: this igloo runs in service mode.');
    assert.equal((await server.services.apps.getInstagramApp(world.igApp.igAppId)).autoConsent, false);
  });
});
