// igloo/testing (issue 8), imported the way an app's tests import it: through the package's "exports"
// (a self-reference), which runs the bundle bin/testing.mjs builds. Every check goes over real HTTP
// with fetch, as the app under test would.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startIgloo, type Igloo, type WorldDocument } from 'igloo/testing';
import { sendWithHost } from '../support/graph-fixtures.ts';
import { withoutTrace } from '../support/http-clients.ts';

const WORLD: WorldDocument = {
  developers: [{ email: 'dev@shop.test' }],
  apps: [{ name: 'Shop', redirect_uris: ['https://shop.test/callback'], testers: ['tess'] }],
  accounts: [{ username: 'tess', password: 'tess-secret', media_count: 2 }, { username: 'outsider' }],
};

const PACIFIC_TIME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\\d{2} \\d{2}:\\d{2}:\\d{2} (?:PDT|PST)';

async function graph(igloo: Igloo, path: string, token: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${igloo.urls.graph}/${path}${path.includes('?') ? '&' : '?'}access_token=${token}`);
  return { status: response.status, text: withoutTrace(await response.text()) };
}

describe('startIgloo from igloo/testing', () => {
  let igloo: Igloo;
  before(async () => {
    igloo = await startIgloo({ world: WORLD });
  });
  after(() => igloo.stop());

  it('reports the world it created: the app with its secret and tester, the accounts with their passwords and posts', () => {
    const { developers, apps, accounts } = igloo.world;
    assert.deepEqual(developers, [{ email: 'dev@shop.test', name: 'dev@shop.test', password: 'igloo-demo' }]);
    assert.equal(apps.length, 1);
    const [app] = apps;
    assert.match(app?.app_id ?? '', /^\d+$/);
    assert.match(app?.instagram_app_id ?? '', /^\d+$/);
    assert.match(app?.instagram_app_secret ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual({ ...app, app_id: 'X', instagram_app_id: 'X', instagram_app_secret: 'X' }, {
      name: 'Shop', app_id: 'X', instagram_app_id: 'X', instagram_app_secret: 'X', display_name: 'Shop',
      redirect_uris: ['https://shop.test/callback'], mode: 'development', approved_permissions: [], testers: ['tess'],
    });
    assert.deepEqual(accounts.map(({ username, password, media_ids }) => ({ username, password, posts: media_ids.length })), [
      { username: 'tess', password: 'tess-secret', posts: 2 },
      { username: 'outsider', password: 'igloo-demo', posts: 0 },
    ]);
  });

  it('serves each surface under its own URL on one origin', () => {
    const { url, urls } = igloo;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(urls, { www: url, api: url, graph: `${url}/graph`, developers: `${url}/developers`, cdn: `${url}/cdn`, control: `${url}/_igloo` });
  });

  it("issues the first app's first tester a token that Graph accepts, by default", async () => {
    const token = await igloo.token();
    assert.equal(token.expires_in, 3600);
    const me = await graph(igloo, 'me?fields=id,username', token.access_token);
    assert.deepEqual(me, { status: 200, text: `{"id":"${token.user_id}","username":"tess"}` });
    const media = await graph(igloo, 'me/media?fields=id', token.access_token);
    assert.equal(media.status, 200);
    const ids = (JSON.parse(media.text) as { data: { id: string }[] }).data.map((post) => post.id);
    assert.deepEqual(ids.sort(), [...(igloo.world.accounts[0]?.media_ids ?? [])].sort());
  });

  it("reports the app's real secret: Graph exchanges the tester's token for a long-lived one with it", async () => {
    const token = await igloo.token();
    const secret = igloo.world.apps[0]?.instagram_app_secret ?? '';
    const exchanged = await graph(igloo, `access_token?grant_type=ig_exchange_token&client_secret=${secret}`, token.access_token);
    assert.equal(exchanged.status, 200);
    assert.match(exchanged.text, /^\{"access_token":"IG[A-Za-z0-9_-]+","token_type":"bearer","expires_in":5184000\}$/);
  });

  it('answers a Host header that names a surface at that surface’s root (drop-in mode)', async () => {
    const token = await igloo.token({ kind: 'long', scopes: ['user_profile'] });
    assert.equal(token.expires_in, 5_184_000);
    const me = await sendWithHost(igloo.url, { host: 'graph.instagram.com', path: `/me?fields=username&access_token=${token.access_token}` });
    assert.deepEqual({ status: me.status, text: me.text }, { status: 200, text: `{"username":"tess","id":"${token.user_id}"}` });
  });

  it('refuses a token the Authorization Window would refuse, saying why', async () => {
    await assert.rejects(igloo.token({ username: 'outsider' }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'not_a_tester');
      assert.match(error.message, /^outsider is not an accepted Instagram Tester of Shop/);
      return true;
    });
    await assert.rejects(igloo.token({ app_id: '404' }), { code: 'app_not_found' });
  });

  it('answers code 190 once the virtual clock has passed a short-lived token’s expiry', async () => {
    const token = await igloo.token();
    const before = igloo.clock.now().getTime();
    const moved = await igloo.clock.advance('61m');
    assert.ok(moved.getTime() >= before + 61 * 60_000);
    assert.ok(igloo.clock.now().getTime() >= moved.getTime());
    const me = await graph(igloo, 'me?fields=id', token.access_token);
    assert.equal(me.status, 400);
    assert.match(me.text, new RegExp(`^\\{"error":\\{"message":"Error validating access token: Session has expired on ${PACIFIC_TIME}\\. The current time is ${PACIFIC_TIME}\\.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"\\}\\}$`));
  });

  it('refuses a clock move the control API refuses, with its message', async () => {
    await assert.rejects(igloo.clock.advance('soon'), { name: 'RangeError', message: /^advance must be a duration like "90s"/ });
    await assert.rejects(igloo.clock.set('2001-01-01T00:00:00Z'), { name: 'RangeError', message: /^set must not be before the current virtual time/ });
    const target = new Date(igloo.clock.now().getTime() + 86_400_000).toISOString();
    assert.equal((await igloo.clock.set(target)).toISOString(), target);
  });

  it('resets to a new copy of its world: old tokens fail, the clock is back, the ids are new', async () => {
    const old = { token: await igloo.token(), world: igloo.world };
    await igloo.clock.advance('2d');
    const movedNow = igloo.clock.now().getTime();
    const world = await igloo.reset();
    assert.equal(igloo.world, world);
    assert.ok(igloo.clock.now().getTime() < movedNow, 'the clock offset is back to 0');
    assert.notEqual(world.apps[0]?.instagram_app_id, old.world.apps[0]?.instagram_app_id);
    assert.deepEqual(world.apps.map((app) => app.testers), [['tess']]);
    const stale = await graph(igloo, 'me?fields=id', old.token.access_token);
    assert.deepEqual(stale, { status: 400, text: '{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}' });
    const fresh = await igloo.token();
    assert.equal((await graph(igloo, 'me?fields=username', fresh.access_token)).text, `{"username":"tess","id":"${fresh.user_id}"}`);
  });

  it('resets to the demo world or to an empty one', async () => {
    const demo = await igloo.reset({ demo: true });
    assert.deepEqual(demo.apps.map((app) => ({ name: app.name, testers: app.testers, redirect_uris: app.redirect_uris })), [{ name: 'Social Sizzle', testers: ['jayposiris'], redirect_uris: [`${igloo.url}/_igloo/callback`] }]);
    const token = await igloo.token();
    assert.equal((await graph(igloo, 'me?fields=username', token.access_token)).text, `{"username":"jayposiris","id":"${token.user_id}"}`);

    assert.deepEqual(await igloo.reset({ demo: false }), { developers: [], apps: [], accounts: [] });
    await assert.rejects(igloo.token(), { message: 'token() needs an app_id: this world has no app' });
  });
});

describe('startIgloo options and stop()', () => {
  it('refuses the settings it decides itself', async () => {
    await assert.rejects(startIgloo({ config: { IGLOO_MODE: 'service', IGLOO_PORT: '8080' } }), { name: 'TypeError', message: 'startIgloo sets IGLOO_MODE, IGLOO_PORT itself: leave them out of config' });
  });

  it('refuses a bad setting, naming it', async () => {
    await assert.rejects(startIgloo({ config: { IGLOO_RATE_LIMIT_PER_HOUR: 'many' } }), { message: /^invalid configuration:\n {2}IGLOO_RATE_LIMIT_PER_HOUR/ });
  });

  it('refuses a bad world document, naming the field', async () => {
    await assert.rejects(startIgloo({ world: { accounts: [{ username: 'not a username!' }] } }), (error: Error & { code?: string; field?: string }) => {
      assert.equal(error.code, 'field_invalid');
      assert.equal(error.field, 'accounts[0].username');
      return true;
    });
  });

  it('applies IGLOO_* overrides from config', async () => {
    const igloo = await startIgloo({ world: WORLD, config: { IGLOO_RATE_LIMIT_PER_HOUR: '1' } });
    try {
      const token = await igloo.token();
      assert.equal((await graph(igloo, 'me?fields=id', token.access_token)).status, 200);
      const limited = await graph(igloo, 'me?fields=id', token.access_token);
      assert.deepEqual(limited, { status: 400, text: '{"error":{"message":"(#17) User request limit reached","type":"OAuthException","is_transient":true,"code":17,"fbtrace_id":"TRACE"}}' });
    } finally {
      await igloo.stop();
    }
  });

  it('keeps a data dir it was given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'igloo-testing-given-'));
    try {
      const igloo = await startIgloo({ world: { accounts: [{ username: 'keeper', media_count: 1 }] }, dataDir });
      await igloo.stop();
      assert.notDeepEqual(readdirSync(dataDir), [], 'the media files are still there');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('frees its port on stop(), and a second stop() does nothing', async () => {
    const igloo = await startIgloo({ world: 'empty' });
    const port = Number(new URL(igloo.url).port);
    assert.equal((await fetch(`${igloo.urls.control}/health`)).status, 200);
    await igloo.stop();
    await igloo.stop();
    await assert.rejects(fetch(`${igloo.urls.control}/health`), TypeError);
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve()));
    });
  });
});
