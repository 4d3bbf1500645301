// Apps and Websites over real HTTP (spec §1.3, §1.5): the Active, Expired and Removed
// tabs, Remove cutting the app's tokens off at once, Tester Invites with Accept and Decline — each only
// for the signed-in account's own apps and invitations, each form behind its CSRF token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY } from '../../src/clock.ts';
import { buildAccount, buildWorld, issueCode, issueToken, type TestAccount, type TestWorld } from '../support/builders.ts';
import { createWebSession, type PageResponse, type WebSession } from '../support/browser.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { assertCsrfRefused, bannerOf, signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const PAGE = '/accounts/manage_access/';

/** The app names listed in the page's app list, in order. */
const appNames = (page: PageResponse): string[] => [...page.text.matchAll(/<span class="app-name">([^<]*)<\/span>/g)].map((m) => m[1] ?? '');

describe('Apps and Websites', () => {
  let server: TestServer;
  let world: TestWorld;

  before(async () => {
    // Tokens stay cached for an hour: Remove must still stop them at once.
    server = await startTestServer({ IGLOO_READ_CACHE_SECONDS: '3600' });
    world = await buildWorld(server.services, { displayName: 'Social Sizzle' });
  });
  after(() => server.close());

  const meError = async (token: string) => {
    const response = await graphGet(server.url, { path: 'me', fields: 'id,username', token });
    return response.status === 200 ? undefined : (JSON.parse(response.text) as { error: { code: number; message: string } }).error;
  };

  async function post(web: WebSession, action: string, fields: Record<string, string>, csrf?: string): Promise<PageResponse> {
    const token = csrf ?? web.csrf(await web.get(PAGE));
    return web.postForm(`${PAGE}${action}/`, { _csrf: token, ...fields });
  }

  /** A tester of a new app who authorized it through the real code exchange. */
  async function connectedTester(): Promise<{ account: TestAccount; web: WebSession; token: string; world: TestWorld }> {
    const app = await buildWorld(server.services, { displayName: 'Photo Frame' });
    const { accessToken } = await issueToken(server.services, app);
    return { account: app.tester, web: await signedIn(server.url, app.tester), token: accessToken, world: app };
  }

  it('sends signed-out visitors of Edit Profile and Apps and Websites to log in and come back', async () => {
    const visitor = createWebSession(server.url);
    for (const path of ['/accounts/edit/', `${PAGE}?tab=tester_invites`]) {
      const page = await visitor.get(path);
      assert.equal(page.status, 302, path);
      assert.equal(page.location, `/accounts/login/?next=${encodeURIComponent(path)}`);
    }
  });

  it('reaches Apps and Websites from the profile icon menu through Edit Profile', async () => {
    const web = await signedIn(server.url, world.tester);
    const home = await web.get('/');
    assert.match(home.text, /<details class="menu">\s*<summary aria-label="Profile">/);
    assert.match(home.text, /<a href="\/accounts\/edit\/">Edit Profile<\/a>/);
    const edit = await web.get('/accounts/edit/');
    assert.match(edit.text, /<nav class="settings-menu" aria-label="Settings">\s*<a href="\/accounts\/edit\/" aria-current="page">Edit Profile<\/a>\s*<a href="\/accounts\/password\/change\/">Change Password<\/a>\s*<a href="\/accounts\/manage_access\/">Apps and Websites<\/a>/);
    const apps = await web.get(PAGE);
    for (const [tab, label] of [['active', 'Active'], ['expired', 'Expired'], ['removed', 'Removed'], ['tester_invites', 'Tester Invites']]) {
      assert.match(apps.text, new RegExp(`<a href="/accounts/manage_access/\\?tab=${tab}"( aria-current="page")?>${label}</a>`));
    }
    assert.match(apps.text, /<a href="\/accounts\/manage_access\/\?tab=active" aria-current="page">Active<\/a>/);
  });

  it('lists an authorized app under Active with its Display Name, the date and Remove', async () => {
    const { web, world: app } = await connectedTester();
    const page = await web.get(`${PAGE}?tab=active`);
    assert.equal(page.status, 200);
    assert.deepEqual(appNames(page), ['Photo Frame']);
    const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(server.clock.now());
    assert.match(page.text, new RegExp(`Authorized on <time datetime="[^"]+">${date}</time>`));
    assert.match(page.text, new RegExp(`<input type="hidden" name="app_id" value="${app.igApp.igAppId}">\\s*<button class="secondary small" type="submit">Remove</button>`));
    assert.deepEqual(appNames(await web.get(`${PAGE}?tab=removed`)), []);
    assert.match((await web.get(`${PAGE}?tab=expired`)).text, /You have no expired applications/);
  });

  it('stops the app’s token with code 190 right after Remove, and keeps it dead after a new authorization', async () => {
    const { web, token, world: app } = await connectedTester();
    assert.equal(await meError(token), undefined);
    assert.equal(await meError(token), undefined);

    const removed = await post(web, 'remove', { app_id: app.igApp.igAppId });
    assert.equal(removed.status, 303);
    assert.equal(removed.location, `${PAGE}?tab=active&done=removed`);
    const error = await meError(token);
    assert.equal(error?.code, 190);
    assert.equal(error?.message, 'Invalid OAuth access token.');

    const after = await web.get(removed.location);
    assert.equal(bannerOf(after, 'status'), 'The app was removed. It can no longer use your account.');
    assert.deepEqual(appNames(after), []);
    const removedTab = await web.get(`${PAGE}?tab=removed`);
    assert.deepEqual(appNames(removedTab), ['Photo Frame']);
    assert.match(removedTab.text, /Removed on <time/);
    assert.doesNotMatch(removedTab.text, />Remove<\/button>/);

    // Authorizing again makes a new grant and token; the removed token stays refused.
    const { accessToken: fresh } = await issueToken(server.services, app);
    assert.equal(await meError(fresh), undefined);
    assert.equal((await meError(token))?.code, 190);
    assert.deepEqual(appNames(await web.get(`${PAGE}?tab=active`)), ['Photo Frame']);
  });

  it('refuses a code issued before Remove, even after the user authorizes the app again', async () => {
    const { web, world: app } = await connectedTester();
    const code = await issueCode(server.services, app);
    assert.equal((await post(web, 'remove', { app_id: app.igApp.igAppId })).status, 303);
    await issueToken(server.services, app);
    const exchanged = await postAccessToken(server.url, { client_id: app.igApp.igAppId, client_secret: app.secret, grant_type: 'authorization_code', redirect_uri: app.redirectUri, code });
    assert.equal(exchanged.status, 400);
    assert.equal(exchanged.text, '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"}');
  });

  it('keeps an app Active for 90 days after its last Graph call, not after its authorization', async () => {
    const local = await startTestServer();
    try {
      const app = await buildWorld(local.services, { displayName: 'Busy Widget' });
      const { accessToken } = await local.services.oauth.generateUserToken({ igAppId: app.igApp.igAppId, accountId: app.tester.id });
      local.clock.advance(59 * DAY);
      const me = await graphGet(local.url, { path: 'me', fields: 'id,username', token: accessToken });
      assert.equal(me.status, 200, me.text);
      local.clock.advance(90 * DAY - 60_000);
      const web = await signedIn(local.url, app.tester);
      assert.deepEqual(appNames(await web.get(`${PAGE}?tab=active`)), ['Busy Widget'], 'used on day 59: still Active a minute before day 149');
      local.clock.advance(60_000);
      assert.deepEqual(appNames(await web.get(`${PAGE}?tab=expired`)), ['Busy Widget'], 'expired 90 days after that use');
    } finally {
      await local.close();
    }
  });

  it('moves an app from Active to Expired once it has not been used for 90 days', async () => {
    const local = await startTestServer();
    try {
      const app = await buildWorld(local.services, { displayName: 'Old Widget' });
      await issueToken(local.services, app);
      local.clock.advance(90 * DAY - 60_000);
      // (Web sessions last 30 days: sign in after the clock moved.)
      const web = await signedIn(local.url, app.tester);
      assert.deepEqual(appNames(await web.get(`${PAGE}?tab=active`)), ['Old Widget']);
      local.clock.advance(60_000);
      assert.deepEqual(appNames(await web.get(`${PAGE}?tab=active`)), []);
      const expired = await web.get(`${PAGE}?tab=expired`);
      assert.deepEqual(appNames(expired), ['Old Widget']);
      assert.match(expired.text, /Expired on <time/);
    } finally {
      await local.close();
    }
  });

  it('lists pending Tester Invites with Accept and Decline; Accept makes the account an accepted tester', async () => {
    const invitee = await buildAccount(server.services);
    await server.services.testers.invite(world.igApp.igAppId, invitee.username);
    const web = await signedIn(server.url, invitee);
    const page = await web.get(`${PAGE}?tab=tester_invites`);
    assert.deepEqual(appNames(page), ['Social Sizzle']);
    assert.match(page.text, /<button class="primary small" type="submit">Accept<\/button>/);
    assert.match(page.text, /<button class="secondary small" type="submit">Decline<\/button>/);

    const accepted = await post(web, 'tester_invites/accept', { app_id: world.igApp.igAppId });
    assert.equal(accepted.status, 303);
    assert.equal(accepted.location, `${PAGE}?tab=tester_invites&done=accepted`);
    assert.equal(await server.services.testers.isAcceptedTester(world.igApp.igAppId, invitee.id), true);
    const after = await web.get(accepted.location);
    assert.deepEqual(appNames(after), []);
    assert.match(bannerOf(after, 'status') ?? '', /^Invitation accepted\./);
    // The Authorization Window now lets the account in (spec §1.4).
    assert.equal((await issueToken(server.services, world, { account: invitee })).accessToken.startsWith('IGQ'), true);
  });

  it('Decline removes the invitation without making the account a tester', async () => {
    const invitee = await buildAccount(server.services);
    await server.services.testers.invite(world.igApp.igAppId, invitee.username);
    const web = await signedIn(server.url, invitee);
    const declined = await post(web, 'tester_invites/decline', { app_id: world.igApp.igAppId });
    assert.equal(declined.location, `${PAGE}?tab=tester_invites&done=declined`);
    assert.equal(await server.services.testers.find(world.igApp.igAppId, invitee.id), undefined);
    assert.equal(bannerOf(await web.get(declined.location), 'status'), 'Invitation declined.');
  });

  it('refuses to remove another account’s app or answer another account’s invitation', async () => {
    const victim = await connectedTester();
    const invitee = await buildAccount(server.services);
    await server.services.testers.invite(world.igApp.igAppId, invitee.username);
    const intruder = await signedIn(server.url, await buildAccount(server.services));

    const remove = await post(intruder, 'remove', { app_id: victim.world.igApp.igAppId });
    assert.equal(remove.status, 404);
    assert.equal(bannerOf(remove, 'alert'), 'This app is not connected to your account.');
    assert.equal(await meError(victim.token), undefined);

    for (const action of ['tester_invites/accept', 'tester_invites/decline']) {
      const answer = await post(intruder, action, { app_id: world.igApp.igAppId });
      assert.equal(answer.status, 404, action);
      assert.equal(bannerOf(answer, 'alert'), 'There is no invitation from this app.');
    }
    assert.equal((await server.services.testers.find(world.igApp.igAppId, invitee.id))?.status, 'pending');
  });

  it('answers a missing or unknown app id on the page, and an unknown tab with Active', async () => {
    const { web } = await connectedTester();
    for (const fields of [{}, { app_id: '999' }, { app_id: '<script>' }] as Record<string, string>[]) {
      const response = await post(web, 'remove', fields);
      assert.equal(response.status, 404);
      assert.equal(bannerOf(response, 'alert'), 'This app is not connected to your account.');
      assert.doesNotMatch(response.text, /<script>/);
    }
    const odd = await web.get(`${PAGE}?tab=%3Cb%3E`);
    assert.equal(odd.status, 200);
    assert.match(odd.text, /aria-current="page">Active<\/a>/);
  });

  it('refuses Remove, Accept and Decline with a missing or wrong CSRF token, changing nothing', async () => {
    const { web, token, world: app, account } = await connectedTester();
    await server.services.testers.invite(world.igApp.igAppId, account.username);
    const forms: [string, string][] = [['remove', app.igApp.igAppId], ['tester_invites/accept', world.igApp.igAppId], ['tester_invites/decline', world.igApp.igAppId]];
    for (const [action, igAppId] of forms) {
      assertCsrfRefused(await web.postForm(`${PAGE}${action}/`, { app_id: igAppId }), `${action} without a token`);
      assertCsrfRefused(await post(web, action, { app_id: igAppId }, 'wrong'), `${action} with a wrong token`);
    }
    assert.equal(await meError(token), undefined);
    assert.equal((await server.services.testers.find(world.igApp.igAppId, account.id))?.status, 'pending');
  });

  it('sends a signed-out POST to log in, changing nothing', async () => {
    const visitor = createWebSession(server.url);
    const csrf = visitor.csrf(await visitor.get('/accounts/login/'));
    const response = await visitor.postForm(`${PAGE}remove/`, { _csrf: csrf, app_id: world.igApp.igAppId });
    assert.equal(response.status, 303);
    assert.equal(response.location, `/accounts/login/?next=${encodeURIComponent(`${PAGE}?tab=active`)}`);
  });
});
