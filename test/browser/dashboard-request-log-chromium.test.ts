// The App Dashboard's Request Log in Chromium (issue 8): the app's Graph and OAuth requests under
// Instagram Basic Display › Request Log, filtered with the GET form, each with a detail page, with no
// token or secret on the page; another developer's app's log, and another app's entry, are refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { buildDeveloper, developerOf } from '../support/dashboard.ts';
import { appMenu, browserPool, logInToDashboard } from '../support/dashboard-browser.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { screenshot } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('the Request Log in Chromium', () => {
  let server: TestServer;
  let world: TestWorld;
  let other: TestWorld;
  let token: string;
  const browsers = browserPool();
  let dashboard: Page;

  const rows = () => dashboard.locator('#request-log tbody tr');
  const logPath = (app: TestWorld, rest = '') => `${server.url}/developers/apps/${app.app.appId}/request-log/${rest}`;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services, { displayName: 'Log Viewer' });
    await server.services.apps.addBasicDisplayProduct(world.app.appId);
    other = await buildWorld(server.services);
    token = (await issueToken(server.services, world)).accessToken;
    await graphGet(server.url, { path: 'me', fields: 'id,username', token });
    await graphGet(server.url, { path: 'me/tags', token });
    await postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: 'not-the-secret', grant_type: 'authorization_code', redirect_uri: world.redirectUri, code: 'AQnope' });
    await graphGet(server.url, { path: 'me', fields: 'id', token: (await issueToken(server.services, other)).accessToken });
    dashboard = await browsers.newPage();
    await logInToDashboard(dashboard, server.url, await developerOf(server.services, world.developerId));
    await dashboard.getByRole('link', { name: world.app.name }).click();
  });
  after(async () => {
    await browsers.close();
    await server.close();
  });

  it("lists the app's requests, newest first, from the app menu, with nothing secret on the page", async () => {
    await appMenu(dashboard).getByRole('link', { name: 'Request Log' }).click();
    assert.equal(await dashboard.getByRole('heading', { level: 1 }).textContent(), 'Request Log');
    assert.deepEqual(await rows().locator('.method').allTextContents(), ['POST', 'GET', 'GET']);
    assert.deepEqual(await rows().locator('.badge').allTextContents(), ['400', '400', '200']);
    assert.deepEqual(await rows().locator('code').allTextContents(), ['/oauth/access_token', '/graph/me/tags?access_token=[REDACTED]', '/graph/me?fields=id%2Cusername&access_token=[REDACTED]']);
    assert.equal(await rows().nth(0).locator('.hint').textContent(), 'Invalid authorization code');
    const page = await dashboard.content();
    assert.ok(!page.includes(token) && !page.includes(world.secret));
    await screenshot(dashboard, 'dashboard-request-log');
  });

  it('filters by surface and status class with a plain GET form', async () => {
    await dashboard.goto(logPath(world));
    await dashboard.getByLabel('Surface').selectOption('graph');
    await dashboard.getByRole('button', { name: 'Filter' }).click();
    await dashboard.waitForURL((url) => url.searchParams.get('surface') === 'graph');
    assert.deepEqual(await rows().locator('.badge').allTextContents(), ['400', '200']);
    await dashboard.getByLabel('Status').selectOption('4xx');
    await dashboard.getByRole('button', { name: 'Filter' }).click();
    await dashboard.waitForURL((url) => url.searchParams.get('status') === '4xx');
    assert.deepEqual(await rows().locator('code').allTextContents(), ['/graph/me/tags?access_token=[REDACTED]']);
    assert.equal(await dashboard.getByLabel('Surface').inputValue(), 'graph');
    await dashboard.getByLabel('Surface').selectOption('cdn');
    await dashboard.getByRole('button', { name: 'Filter' }).click();
    await dashboard.waitForURL((url) => url.searchParams.get('surface') === 'cdn');
    assert.equal(await dashboard.locator('#no-requests').textContent(), 'No requests yet match these filters.');
  });

  it('shows one request: method, redacted URL, status, latency and the error', async () => {
    await dashboard.goto(logPath(world));
    await rows().nth(1).getByRole('link').click();
    await dashboard.waitForURL((url) => /\/request-log\/\d+\/$/.test(url.pathname));
    const detail = dashboard.locator('#request-detail');
    assert.equal(await dashboard.getByRole('heading', { level: 1 }).textContent(), 'GET /graph/me/tags');
    assert.equal(await dashboard.locator('#request-url').textContent(), `${server.url}/graph/me/tags?access_token=[REDACTED]`);
    assert.match((await detail.textContent()) ?? '', /Status\s*400 Bad Request/);
    assert.match((await detail.textContent()) ?? '', /Latency\s*\d+(\.\d+)? ms/);
    assert.match((await dashboard.locator('#request-error').textContent()) ?? '', /^100 Unsupported request - method type: get$/);
    assert.ok(!(await dashboard.content()).includes(token));
    await screenshot(dashboard, 'dashboard-request-log-detail');
  });

  it("refuses another developer's app's log, and another app's entry in one's own", async () => {
    const [otherEntry] = server.services.requestLog.list({ appId: other.igApp.igAppId, limit: 1 }).entries;
    assert.ok(otherEntry);
    const ownResponse = await dashboard.goto(logPath(world, `${otherEntry.id}/`));
    assert.equal(ownResponse?.status(), 404);
    assert.equal(await dashboard.getByRole('heading', { level: 1 }).textContent(), "This request isn't in the log");

    const stranger = await browsers.newPage();
    await logInToDashboard(stranger, server.url, await buildDeveloper(server.services));
    const [ownEntry] = server.services.requestLog.list({ appId: world.igApp.igAppId, limit: 1 }).entries;
    for (const path of [logPath(world), logPath(world, `${ownEntry?.id ?? 0}/`)]) {
      const response = await stranger.goto(path);
      assert.equal(response?.status(), 404, path);
      assert.equal(await stranger.getByRole('heading', { level: 1 }).textContent(), "This page isn't available");
      assert.ok(!(await stranger.content()).includes('/graph/me'));
    }
  });
});
