// POST and GET /_igloo/world and POST /_igloo/reset over real HTTP (DESIGN.md §6, issue 8): a world in
// one call that the real OAuth flow works against, its export round trip, every refusal (and that a
// refused document creates nothing), and resets that leave old tokens failing with code 190.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApp } from '../../src/app.ts';
import { testConfig } from '../../src/config/load-config.ts';
import { createServices } from '../../src/services.ts';
import { createWebSession } from '../support/browser.ts';
import { freshDataDir, removeTempDirs } from '../support/igloo-cli.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

after(removeTempDirs);

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

interface Applied {
  developers: { email: string }[];
  apps: { name: string; app_id: string; instagram_app_id: string; instagram_app_secret: string; display_name: string }[];
  accounts: { id: string; username: string; media_ids: string[] }[];
  media: { id: string; username: string; media_type: string }[];
}

interface WorldDoc {
  developers: Record<string, unknown>[];
  apps: Record<string, unknown>[];
  accounts: Record<string, unknown>[];
  media: Record<string, unknown>[];
}

async function control(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) };
  const response = await fetch(`${url}${path}`, init);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const REDIRECT = 'https://frames.example/auth/';

/** Two apps (one Live), three accounts, generated and explicit media. */
const WORLD = {
  developers: [{ email: 'owner@frames.example', password: 'owner password', name: 'Owner' }],
  apps: [
    { name: 'Photo Frames', redirect_uris: [REDIRECT, 'http://localhost:3000/cb'], deauthorize_url: 'https://frames.example/deauth', data_deletion_url: 'https://frames.example/delete', testers: ['tess', 'gallery.fan'] },
    { name: 'Live Wall', mode: 'live', privacy_policy_url: 'https://wall.example/privacy', redirect_uris: ['https://wall.example/cb'], approved_permissions: ['instagram_graph_user_profile', 'instagram_graph_user_media'] },
  ],
  accounts: [{ username: 'tess', password: 'tess password', full_name: 'Tess Tester', media_count: 3 }, { username: 'gallery.fan', account_type: 'MEDIA_CREATOR' }, { username: 'stranger' }],
  media: [
    { username: 'tess', media_type: 'IMAGE', caption: 'A photo', taken_at: '2026-01-02T10:00:00Z' },
    { username: 'tess', media_type: 'VIDEO', caption: 'A video', taken_at: '2026-01-03T10:00:00Z' },
    { username: 'tess', media_type: 'CAROUSEL_ALBUM', caption: 'An album', taken_at: '2026-01-04T10:00:00Z', children: ['IMAGE', 'VIDEO', 'IMAGE'] },
  ],
};

/** Sign in, Authorize and exchange the code: the real flow, as the tutorial does it. */
async function oauthToken(url: string, app: { instagram_app_id: string; instagram_app_secret: string }, username: string, password: string): Promise<string> {
  const params = { client_id: app.instagram_app_id, redirect_uri: REDIRECT, scope: 'user_profile,user_media', response_type: 'code' };
  const path = `/oauth/authorize?${new URLSearchParams(params).toString()}`;
  const web = createWebSession(url);
  assert.equal((await web.signIn(username, password, path)).status, 303);
  const consent = await web.get(path);
  assert.equal(consent.status, 200, consent.text);
  const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...params, decision: 'allow' });
  const code = new URL(decided.location ?? assert.fail('no redirect')).searchParams.get('code') ?? '';
  const exchanged = await postAccessToken(url, { ...params, client_secret: app.instagram_app_secret, grant_type: 'authorization_code', code });
  assert.equal(exchanged.status, 200, exchanged.text);
  return /"access_token": "([^"]+)"/.exec(exchanged.text)?.[1] ?? assert.fail(exchanged.text);
}

/** Row counts of every table but the migrations' own. */
async function rowCounts(server: TestServer): Promise<Record<string, number>> {
  // Kysely's introspection, which both SQLite and PostgreSQL answer (IGLOO_TEST_DATABASE=postgres).
  const tables = { rows: (await server.services.db.introspection.getTables()).filter((t) => !t.name.startsWith('igloo_migrations')) };
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    // The shared rate limiter's generation row (app and account '', PostgreSQL) outlives resets: it counts them.
    const generation = name === 'rate_limit_users' ? sql` where not (ig_app_id = '' and account_id = '')` : sql``;
    counts[name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}${generation}`.execute(server.services.db)).rows[0]?.n);
  }
  return counts;
}

const isEmpty = (counts: Record<string, number>) => Object.values(counts).every((n) => n === 0);

/** The export without what apply makes anew (ids and secrets). */
/**
 * The document without the ids igloo makes anew, its apps by name and accounts by username: rows made in
 * the same millisecond list in the order of their (random) ids, and a world's apps and accounts have no
 * order of their own.
 */
function withoutIds(doc: WorldDoc): WorldDoc {
  const strip = (items: Record<string, unknown>[], keys: string[]) => items.map((item) => Object.fromEntries(Object.entries(item).filter(([key]) => !keys.includes(key))));
  const by = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[key]).localeCompare(String(b[key]));
  const apps = strip(doc.apps, ['instagram_app_id', 'instagram_app_secret']).sort(by('name'));
  const accounts = strip(doc.accounts, ['id']).sort(by('username'));
  return { developers: doc.developers, apps, accounts, media: strip(doc.media, ['id']) };
}

describe('POST /_igloo/world', () => {
  let server: TestServer;
  let applied: Applied;

  before(async () => {
    server = await startTestServer();
    const answer = await control(server.url, 'POST', '/_igloo/world', WORLD);
    assert.equal(answer.status, 201, JSON.stringify(answer.json));
    applied = answer.json as unknown as Applied;
  });
  after(() => server.close());

  it('answers the ids and secrets of everything it created, in the order given', () => {
    assert.deepEqual(applied.developers, [{ email: 'owner@frames.example' }]);
    assert.deepEqual(applied.apps.map((app) => [app.name, app.display_name]), [['Photo Frames', 'Photo Frames'], ['Live Wall', 'Live Wall']]);
    for (const app of applied.apps) {
      assert.match(app.instagram_app_id, /^\d{15,16}$/);
      assert.match(app.instagram_app_secret, /^[0-9a-f]{32}$/);
    }
    assert.deepEqual(applied.accounts.map((account) => [account.username, account.media_ids.length]), [['tess', 3], ['gallery.fan', 0], ['stranger', 0]]);
    assert.deepEqual(applied.media.map((m) => [m.username, m.media_type]), [['tess', 'IMAGE'], ['tess', 'VIDEO'], ['tess', 'CAROUSEL_ALBUM']]);
  });

  it("lets a tester through the real OAuth flow and shows the world's media on /me/media with their types", async () => {
    const photoFrames = applied.apps[0] ?? assert.fail('no app');
    const token = await oauthToken(server.url, photoFrames, 'tess', 'tess password');
    const me = await graphGet(server.url, { path: 'me', fields: 'username,account_type,media_count', token });
    assert.match(me.text, /^\{"username":"tess","account_type":"PERSONAL","media_count":6,"id":"\d+"\}$/);
    const page = await graphGet(server.url, { path: 'me/media', fields: 'id,media_type,caption,timestamp,children{media_type}', token });
    const items = (JSON.parse(page.text) as { data: { id: string; media_type: string; caption?: string; timestamp: string; children?: { data: { media_type: string }[] } }[] }).data;
    const byId = new Map(items.map((item) => [item.id, item]));
    for (const created of applied.media) assert.equal(byId.get(created.id)?.media_type, created.media_type);
    const album = byId.get(applied.media[2]?.id ?? '') ?? assert.fail('no album');
    assert.deepEqual(album.children?.data.map((child) => child.media_type), ['IMAGE', 'VIDEO', 'IMAGE']);
    assert.equal(album.caption, 'An album');
    assert.equal(byId.get(applied.media[0]?.id ?? '')?.timestamp, '2026-01-02T10:00:00+0000');
    for (const id of applied.accounts[0]?.media_ids ?? []) assert.ok(byId.has(id), id);
  });

  it('makes testers accepted at once, and the Live app serve accounts that are no testers', async () => {
    const [photoFrames, liveWall] = applied.apps;
    const token = (appId: string, username: string) => control(server.url, 'POST', '/_igloo/tokens', { app_id: appId, username });
    assert.equal((await token(photoFrames?.instagram_app_id ?? '', 'gallery.fan')).status, 200);
    assert.equal((await token(photoFrames?.instagram_app_id ?? '', 'stranger')).status, 409);
    assert.equal((await token(liveWall?.instagram_app_id ?? '', 'stranger')).status, 200);
  });

  it('signs the developer in to the App Dashboard with the password given', async () => {
    const developer = await server.services.developers.signIn({ email: 'owner@frames.example', password: 'owner password', address: '127.0.0.1' });
    const [app] = await server.services.apps.listAppsOf(developer.id);
    assert.equal(app?.name, 'Photo Frames');
  });
});

describe('GET /_igloo/world', () => {
  let first: TestServer;
  let second: TestServer;

  before(async () => {
    [first, second] = await Promise.all([startTestServer(), startTestServer()]);
  });
  after(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  it('exports the world as a document that recreates an equivalent world in an empty igloo', async () => {
    assert.equal((await control(first.url, 'POST', '/_igloo/world', WORLD)).status, 201);
    const exported = await control(first.url, 'GET', '/_igloo/world');
    assert.equal(exported.status, 200);
    const doc = exported.json as unknown as WorldDoc;
    assert.deepEqual(doc.developers, [{ email: 'owner@frames.example', name: 'Owner' }]);
    const frames = doc.apps.find((app) => app.name === 'Photo Frames');
    assert.deepEqual(frames, {
      developer: 'owner@frames.example',
      name: 'Photo Frames',
      display_name: 'Photo Frames',
      redirect_uris: [REDIRECT, 'http://localhost:3000/cb'],
      deauthorize_url: 'https://frames.example/deauth',
      data_deletion_url: 'https://frames.example/delete',
      privacy_policy_url: '',
      mode: 'development',
      auto_consent: false,
      approved_permissions: [],
      testers: ['gallery.fan', 'tess'],
      instagram_app_id: frames?.instagram_app_id,
      instagram_app_secret: await first.services.apps.revealInstagramAppSecret(String(frames?.instagram_app_id)),
    });
    assert.equal(doc.accounts.length, 3);
    assert.ok(doc.accounts.every((account) => !('password' in account)));
    assert.equal(doc.media.length, 6);

    const recreated = await control(second.url, 'POST', '/_igloo/world', doc);
    assert.equal(recreated.status, 201, JSON.stringify(recreated.json));
    const again = (await control(second.url, 'GET', '/_igloo/world')).json as unknown as WorldDoc;
    assert.deepEqual(withoutIds(again), withoutIds(doc));
    // Exports carry no passwords: the recreated accounts have the default one.
    await second.services.accounts.signIn({ username: 'tess', password: 'igloo-demo', address: '127.0.0.1' });
  });
});

describe('POST /_igloo/world with a bad document', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const developers = [{ email: 'dev@example.com' }];
  const cases: [string, unknown, string, string][] = [
    ['a redirect URI that is no URL', { developers, apps: [{ name: 'A', redirect_uris: [REDIRECT, 'not a url'] }] }, 'apps[0].redirect_uris[1]', 'apps[0].redirect_uris[1]: not a url is not a valid URL.'],
    ['a redirect URI that is no string', { developers, apps: [{ name: 'A', redirect_uris: [REDIRECT, 5] }] }, 'apps[0].redirect_uris[1]', 'apps[0].redirect_uris[1] must be a string of at most 2000 characters'],
    ['a field apps do not have', { developers, apps: [{ name: 'A', secret: 'x' }] }, 'apps[0].secret', 'apps[0].secret is not a field here (the fields are developer, name, display_name, redirect_uris, deauthorize_url, data_deletion_url, privacy_policy_url, mode, auto_consent, approved_permissions, testers, instagram_app_id and instagram_app_secret)'],
    ['an app without a name', { developers, apps: [{}] }, 'apps[0].name', 'apps[0].name is required: a non-empty string of at most 64 characters'],
    ['an unknown mode', { developers, apps: [{ name: 'A', mode: 'beta' }] }, 'apps[0].mode', 'apps[0].mode must be "development" or "live"'],
    ['an unknown permission', { developers, apps: [{ name: 'A', approved_permissions: ['basic'] }] }, 'apps[0].approved_permissions[0]', 'apps[0].approved_permissions[0] must be "instagram_graph_user_profile" or "instagram_graph_user_media"'],
    ['a Live app without a Privacy Policy URL', { developers, apps: [{ name: 'A', mode: 'live' }] }, 'apps[0].privacy_policy_url', 'apps[0].privacy_policy_url: a Live app needs a Privacy Policy URL'],
    ['a Display Name with a reserved word', { developers, apps: [{ name: 'A', display_name: 'Insta Frames' }] }, 'apps[0].display_name', 'apps[0].display_name: Display Name may not contain Instagram, IG, Insta or Facebook.'],
    ['an app of an unknown developer', { developers, apps: [{ name: 'A', developer: 'who@example.com' }] }, 'apps[0].developer', 'apps[0].developer: no developer has the email "who@example.com", in this world or in igloo'],
    ['an app in a world without developers', { apps: [{ name: 'A' }] }, 'apps[0].developer', "apps[0].developer is required when the world has no developers: the email of the app's owner"],
    ['a tester without an account', { developers, accounts: [{ username: 'a' }], apps: [{ name: 'A', testers: ['a', 'ghost'] }] }, 'apps[0].testers[1]', 'apps[0].testers[1]: no account is called "ghost", in this world or in igloo'],
    ['a callback URL that is no URL', { developers, apps: [{ name: 'A', deauthorize_url: 'ftp://x.example/' }] }, 'apps[0].deauthorize_url', 'apps[0].deauthorize_url: ftp://x.example/ must start with https://.'],
    ['a developer email that is no email', { developers: [{ email: 'nobody' }] }, 'developers[0].email', 'developers[0].email: Enter a valid email address.'],
    ['an account without a username', { accounts: [{ username: 'a' }, { full_name: 'B' }] }, 'accounts[1].username', 'accounts[1].username is required: a non-empty string of at most 30 characters'],
    ['a username Instagram refuses', { accounts: [{ username: 'a' }, { username: 'no spaces' }] }, 'accounts[1].username', 'accounts[1].username: Usernames can only use letters, numbers, underscores and periods, up to 30 characters.'],
    ['a short password', { accounts: [{ username: 'a', password: '123' }] }, 'accounts[0].password', 'accounts[0].password: Create a password at least 6 characters long.'],
    ['an unknown account type', { accounts: [{ username: 'a', account_type: 'ROBOT' }] }, 'accounts[0].account_type', 'accounts[0].account_type must be "PERSONAL", "MEDIA_CREATOR" or "BUSINESS"'],
    ['too many generated posts', { accounts: [{ username: 'a', media_count: 101 }] }, 'accounts[0].media_count', 'accounts[0].media_count must be a whole number from 0 to 100'],
    ['an account that is no object', { accounts: [5] }, 'accounts[0]', 'accounts[0] must be a JSON object'],
    ['media of an unknown account', { accounts: [{ username: 'a' }], media: [{ username: 'b' }] }, 'media[0].username', 'media[0].username: no account is called "b", in this world or in igloo'],
    ['an unknown media type', { accounts: [{ username: 'a' }], media: [{ username: 'a', media_type: 'REEL' }] }, 'media[0].media_type', 'media[0].media_type must be "IMAGE", "VIDEO" or "CAROUSEL_ALBUM"'],
    ['a time without a zone', { accounts: [{ username: 'a' }], media: [{ username: 'a', taken_at: '2026-01-01T00:00:00' }] }, 'media[0].taken_at', 'media[0].taken_at must be an ISO 8601 instant with a zone, like "2026-01-01T00:00:00Z"'],
    ['children of a photo', { accounts: [{ username: 'a' }], media: [{ username: 'a', children: ['IMAGE', 'IMAGE'] }] }, 'media[0].children', 'media[0].children: only a CAROUSEL_ALBUM has children'],
    ['an album of one', { accounts: [{ username: 'a' }], media: [{ username: 'a', media_type: 'CAROUSEL_ALBUM', children: ['IMAGE'] }] }, 'media[0].children', 'media[0].children must be a list of "IMAGE" or "VIDEO" (2 to 10)'],
    ['a field worlds do not have', { accounts: [], posts: [] }, 'posts', 'posts is not a field of this request (the fields are developers, apps, accounts and media)'],
    ['a list that is no list', { apps: {} }, 'apps', 'apps must be a list of objects (at most 100)'],
  ];

  for (const [name, body, field, message] of cases) {
    it(`answers 400 naming ${field} for ${name}, and creates nothing`, async () => {
      const answer = await control(server.url, 'POST', '/_igloo/world', body);
      assert.equal(answer.status, 400, JSON.stringify(answer.json));
      assert.deepEqual(answer.json, { error: { code: 'invalid_field', message, field } });
      assert.ok(isEmpty(await rowCounts(server)), JSON.stringify(await rowCounts(server)));
    });
  }

  it('answers 400 invalid_body for a body that is no JSON object', async () => {
    for (const body of ['[]', 'null', '"world"']) {
      const answer = await control(server.url, 'POST', '/_igloo/world', body);
      assert.equal(answer.status, 400, body);
      assert.deepEqual(answer.json, { error: { code: 'invalid_body', message: 'The body must be a JSON object with the fields developers, apps, accounts and media.' } });
    }
    assert.ok(isEmpty(await rowCounts(server)));
  });
});

describe('POST /_igloo/world with a username or email already taken', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
    assert.equal((await control(server.url, 'POST', '/_igloo/world', { developers: [{ email: 'taken@example.com' }], accounts: [{ username: 'taken' }] })).status, 201);
  });
  after(() => server.close());

  const cases: [string, unknown, string, string][] = [
    ['a username igloo has', { accounts: [{ username: 'fresh' }, { username: 'Taken' }] }, 'accounts[1].username', 'accounts[1].username: an account called taken already exists'],
    ['a username twice', { accounts: [{ username: 'fresh' }, { username: 'fresh' }] }, 'accounts[1].username', 'accounts[1].username: fresh is already accounts[0].username'],
    ['an email igloo has', { developers: [{ email: 'new@example.com' }, { email: 'taken@example.com' }] }, 'developers[1].email', 'developers[1].email: a developer with the email taken@example.com already exists'],
  ];
  for (const [name, body, field, message] of cases) {
    it(`answers 409 naming ${field} for ${name}, and creates nothing`, async () => {
      const before = await rowCounts(server);
      const answer = await control(server.url, 'POST', '/_igloo/world', body);
      assert.equal(answer.status, 409);
      assert.deepEqual(answer.json, { error: { code: 'already_exists', message, field } });
      assert.deepEqual(await rowCounts(server), before);
    });
  }

  it('lets apps, testers and media refer to developers and accounts igloo already has', async () => {
    const answer = await control(server.url, 'POST', '/_igloo/world', { apps: [{ name: 'Later', developer: 'taken@example.com', testers: ['taken'] }], media: [{ username: 'taken' }] });
    assert.equal(answer.status, 201, JSON.stringify(answer.json));
  });
});

describe('POST /_igloo/reset', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('empties every table but the migrations, deletes media files, zeroes the clock, drops fault rules, and old tokens fail with 190', async () => {
    const applied = (await control(server.url, 'POST', '/_igloo/world', WORLD)).json as unknown as Applied;
    const token = (await control(server.url, 'POST', '/_igloo/tokens', { app_id: applied.apps[0]?.instagram_app_id, username: 'tess' })).json.access_token as string;
    assert.equal((await graphGet(server.url, { path: 'me', token })).status, 200);
    assert.equal((await control(server.url, 'POST', '/_igloo/clock', { advance: '5m' })).status, 200);
    assert.equal((await control(server.url, 'POST', '/_igloo/faults', { preset: 'server_error' })).status, 201);
    const migrations = await server.services.db.selectFrom('igloo_migrations' as never).selectAll().execute();
    assert.ok(migrations.length > 0);
    assert.ok((await server.services.blobs.list()).length > 0);

    const reset = await fetch(`${server.url}/_igloo/reset`, { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.equal(await reset.text(), '{"demo":null}');

    const refused = await graphGet(server.url, { path: 'me', token });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /^\{"error":\{"message":"[^"]+","type":"OAuthException","code":190,"fbtrace_id":"[^"]+"\}\}$/);
    assert.deepEqual((await control(server.url, 'GET', '/_igloo/world')).json, { developers: [], apps: [], accounts: [], media: [] });
    assert.equal((await control(server.url, 'POST', '/_igloo/tokens', { app_id: applied.apps[0]?.instagram_app_id, username: 'tess' })).status, 404);
    assert.ok(isEmpty(await rowCounts(server)), JSON.stringify(await rowCounts(server)));
    assert.deepEqual(await server.services.db.selectFrom('igloo_migrations' as never).selectAll().execute(), migrations);
    assert.equal((await control(server.url, 'GET', '/_igloo/clock')).json.offset_ms, 0);
    // Fault rules are part of the emulator's state: a reset drops them too.
    assert.deepEqual((await control(server.url, 'GET', '/_igloo/faults')).json, { data: [] });
    assert.deepEqual(await server.services.blobs.list(), []);
    if (server.services.config.mediaStore === 'files') assert.deepEqual(readdirSync(server.services.config.dataDir).filter((name) => name === 'media'), []);
    // The same usernames can be created again.
    assert.equal((await control(server.url, 'POST', '/_igloo/world', WORLD)).status, 201);
  });

  it('recreates the demo world with {"demo": true}, and refuses other bodies', async () => {
    const reset = await control(server.url, 'POST', '/_igloo/reset', { demo: true });
    assert.equal(reset.status, 200);
    const demo = reset.json.demo as { app: { instagram_app_id: string; redirect_uri: string }; accounts: { username: string; tester: string }[] };
    // The configured public URL, as at start (testConfig sets one).
    assert.equal(demo.app.redirect_uri, `${server.services.config.publicUrl}/_igloo/callback`);
    const world = (await control(server.url, 'GET', '/_igloo/world')).json as unknown as WorldDoc;
    assert.deepEqual(world.apps.map((app) => app.instagram_app_id), [demo.app.instagram_app_id]);
    assert.deepEqual(world.accounts.map((account) => account.username), demo.accounts.map((account) => account.username));
    const tester = demo.accounts.find((account) => account.tester === 'accepted') ?? assert.fail('no tester');
    assert.equal((await control(server.url, 'POST', '/_igloo/tokens', { app_id: demo.app.instagram_app_id, username: tester.username })).status, 200);

    for (const [body, message] of [[{ demo: 'yes' }, 'demo must be true or false'], [{ demos: true }, 'demos is not a field of this request (the fields are demo)']] as const) {
      const refused = await control(server.url, 'POST', '/_igloo/reset', body);
      assert.equal(refused.status, 400);
      assert.equal((refused.json.error as { message: string }).message, message);
    }
    assert.equal(((await control(server.url, 'GET', '/_igloo/world')).json as unknown as WorldDoc).apps.length, 1);
  });
});

describe('the world routes in service mode', () => {
  const ADMIN_TOKEN = 'igloo-admin-token-for-world-tests';
  let url: string;
  let close: () => Promise<void>;

  before(async () => {
    const built = await createServices(testConfig({ IGLOO_DATA_DIR: freshDataDir(), IGLOO_MODE: 'service', IGLOO_ADMIN_TOKEN: ADMIN_TOKEN }));
    const app = await createApp(built.services);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : assert.fail('no port');
    close = async () => {
      await app.close();
      await built.close();
    };
  });
  after(() => close());

  it('need the admin token', async () => {
    const requests: [string, string, unknown][] = [['POST', '/_igloo/world', { accounts: [{ username: 'a' }] }], ['GET', '/_igloo/world', undefined], ['POST', '/_igloo/reset', {}]];
    for (const [method, path, body] of requests) {
      for (const headers of [{}, { authorization: 'Bearer wrong' }] as Record<string, string>[]) {
        const refused = await control(url, method, path, body, headers);
        assert.equal(refused.status, 401, `${method} ${path}`);
        assert.equal((refused.json.error as { code: string }).code, 'unauthorized');
      }
    }
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    assert.equal((await control(url, 'POST', '/_igloo/world', { accounts: [{ username: 'a' }] }, admin)).status, 201);
    assert.equal(((await control(url, 'GET', '/_igloo/world', undefined, admin)).json as unknown as WorldDoc).accounts.length, 1);
    assert.equal((await control(url, 'POST', '/_igloo/reset', {}, admin)).status, 200);
    assert.equal(((await control(url, 'GET', '/_igloo/world', undefined, admin)).json as unknown as WorldDoc).accounts.length, 0);
  });
});
