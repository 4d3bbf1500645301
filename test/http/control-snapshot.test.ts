// GET and POST /_igloo/snapshot over real HTTP (issue 8): the whole state as one gzip'd tar and back, so
// tokens issued before the export, media files' CDN URLs and the virtual clock all survive a reset and
// an import; every refused archive answers 400 invalid_field (413 past the size limit) and changes
// nothing; in service mode both routes need the admin token.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { LATEST_MIGRATION } from '../../src/storage/migrations.ts';
import { COUNTER_TABLES } from '../../src/world/world-repository.ts';
import { sendWithHost } from '../support/graph-fixtures.ts';
import { graphGet } from '../support/http-clients.ts';
import { exportSnapshot, importSnapshot, manifestOf, packArchive, unpackArchive, withManifest, type ArchiveEntry } from '../support/snapshot-archives.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

const HOUR_MS = 3_600_000;

const WORLD = {
  developers: [{ email: 'snap@example.com' }],
  apps: [{ name: 'Snap Frames', redirect_uris: ['https://snap.example/cb'], testers: ['snap.tester'] }],
  accounts: [{ username: 'snap.tester', media_count: 1 }],
  media: [
    { username: 'snap.tester', media_type: 'VIDEO', caption: 'a video', taken_at: '2026-01-03T10:00:00Z' },
    { username: 'snap.tester', media_type: 'CAROUSEL_ALBUM', caption: 'an album', taken_at: '2026-01-04T10:00:00Z', children: ['IMAGE', 'VIDEO'] },
  ],
};

async function control(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A CDN URL as Graph wrote it, fetched from the test server with its host name. */
async function fetchCdn(url: string): Promise<{ status: number; body: Buffer }> {
  const { origin, host, pathname, search } = new URL(url);
  const response = await sendWithHost(origin, { host, path: pathname + search });
  return { status: response.status, body: response.body };
}

/** Every row of every table and every media file's digest: what "nothing changed" compares. */
async function stateOf(server: TestServer): Promise<{ rows: Record<string, string[]>; media: Record<string, string> }> {
  // Kysely's introspection, which both SQLite and PostgreSQL answer (IGLOO_TEST_DATABASE=postgres).
  // The rate-limit counters (PostgreSQL) count the test's own Graph calls: not world state, not in snapshots.
  // The media store's own tables (IGLOO_MEDIA_STORE=database) are compared as media, by their bytes.
  const tables = { rows: (await server.services.db.introspection.getTables()).filter((t) => !t.name.startsWith('igloo_migrations') && !t.name.startsWith('media_blob') && !COUNTER_TABLES.includes(t.name as never)) };
  const rows: Record<string, string[]> = {};
  for (const { name } of tables.rows) rows[name] = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(server.services.db)).rows.map((row) => JSON.stringify(row)).sort();
  const { blobs } = server.services;
  const media: Record<string, string> = {};
  for (const key of await blobs.list()) media[key] = createHash('sha256').update(await buffer(blobs.read(key))).digest('hex');
  return { rows, media };
}

describe('/_igloo/snapshot', () => {
  let server: TestServer;
  let token: string;
  let userId: string;
  let mediaUrls: string[];
  let mediaBytes: Buffer[];
  let archive: Buffer;
  let entries: ArchiveEntry[];

  const me = () => graphGet(server.url, { path: 'me', fields: 'id,username', token });

  before(async () => {
    server = await startTestServer();
    const applied = await control(server.url, 'POST', '/_igloo/world', WORLD);
    assert.equal(applied.status, 201, JSON.stringify(applied.json));
    // Moved before the token is issued, which lives an hour.
    assert.equal((await control(server.url, 'POST', '/_igloo/clock', { advance: '2h' })).status, 200);
    const appId = (applied.json.apps as { instagram_app_id: string }[])[0]?.instagram_app_id;
    const issued = await control(server.url, 'POST', '/_igloo/tokens', { app_id: appId, username: 'snap.tester' });
    assert.equal(issued.status, 200, JSON.stringify(issued.json));
    token = issued.json.access_token as string;
    userId = issued.json.user_id as string;
    const feed = await graphGet(server.url, { path: 'me/media', fields: 'media_type,media_url', token });
    assert.equal(feed.status, 200, feed.text);
    const items = (JSON.parse(feed.text) as { data: { media_type: string; media_url: string }[] }).data;
    assert.deepEqual(items.map((item) => item.media_type).sort(), ['CAROUSEL_ALBUM', 'IMAGE', 'VIDEO']);
    mediaUrls = items.map((item) => item.media_url);
    mediaBytes = [];
    for (const url of mediaUrls) {
      const fetched = await fetchCdn(url);
      assert.equal(fetched.status, 200);
      mediaBytes.push(fetched.body);
    }
    const exported = await exportSnapshot(server.url);
    assert.equal(exported.status, 200);
    assert.equal(exported.headers.get('content-type'), 'application/gzip');
    assert.match(exported.headers.get('content-disposition') ?? '', /^attachment; filename="igloo-snapshot-\d{8}T\d{6}Z\.tar\.gz"$/);
    assert.equal(exported.headers.get('cache-control'), 'no-store');
    archive = exported.archive;
    entries = await unpackArchive(archive);
  });
  after(() => server.close());

  it('exports a manifest, one JSONL file per table and every media file', () => {
    const manifest = manifestOf(entries);
    assert.deepEqual(Object.keys(manifest), ['format', 'igloo_version', 'migration', 'created_at', 'clock_offset_ms', 'secret_key_id', 'tables', 'media_files', ]);
    assert.equal(manifest.format, 1);
    assert.equal(manifest.migration, LATEST_MIGRATION);
    assert.match(manifest.migration, /^\d{4}-[a-z-]+$/);
    assert.equal(manifest.clock_offset_ms, 2 * HOUR_MS);
    assert.match(manifest.secret_key_id as string, /^[0-9a-f]{16}$/);
    const tables = manifest.tables as Record<string, number>;
    assert.equal(tables.accounts, 1);
    assert.equal(tables.tokens, 1);
    // One photo, a video (and its poster), an album of a photo and a video (and its poster).
    assert.equal(tables.media, 5);
    assert.equal(entries[0]?.name, 'igloo-snapshot.json');
    const names = entries.map((entry) => entry.name);
    for (const table of Object.keys(tables)) assert.ok(names.includes(`tables/${table}.jsonl`), table);
    const mediaNames = names.filter((name) => name.startsWith('media/'));
    assert.equal(mediaNames.length, manifest.media_files);
    assert.ok(mediaNames.every((name) => /^media\/[mt]\/[A-Za-z0-9_-]+\.(jpg|mp4)$/.test(name)), mediaNames.join());
    const tokenRow = JSON.parse(entries.find((entry) => entry.name === 'tables/tokens.jsonl')?.data?.toString('utf8') ?? '{}') as Record<string, unknown>;
    assert.match(tokenRow.token_hash as string, /^[0-9a-f]{64}$/, 'tokens are exported as their hashes');
    assert.ok(!(entries.find((entry) => entry.name === 'tables/tokens.jsonl')?.data?.toString('utf8') ?? '').includes(token));
  });

  it('imports after a reset: the old token, the CDN URLs and the clock offset work again', async () => {
    const before = await stateOf(server);
    assert.equal((await control(server.url, 'POST', '/_igloo/reset')).status, 200);
    assert.equal((await me()).status, 400);
    assert.equal(((await control(server.url, 'GET', '/_igloo/clock')).json.offset_ms), 0);
    assert.equal((await fetchCdn(mediaUrls[0] ?? '')).status, 404);

    const imported = await importSnapshot(server.url, archive);
    assert.equal(imported.status, 200, JSON.stringify(imported.json));
    assert.deepEqual(imported.json, manifestOf(entries));

    const answer = await me();
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, `{"id":"${userId}","username":"snap.tester"}`);
    for (const [i, url] of mediaUrls.entries()) {
      const fetched = await fetchCdn(url);
      assert.equal(fetched.status, 200, url);
      assert.ok(fetched.body.equals(mediaBytes[i] ?? Buffer.alloc(0)), `same bytes at ${url}`);
    }
    assert.equal((await control(server.url, 'GET', '/_igloo/clock')).json.offset_ms, 2 * HOUR_MS);
    assert.equal(server.clock.offset(), 2 * HOUR_MS);
    assert.deepEqual(await stateOf(server), before);
  });

  it('forgets what it cached: a token issued after the export fails once the archive is imported', async () => {
    const appId = (JSON.parse(entries.find((entry) => entry.name === 'tables/ig_apps.jsonl')?.data?.toString('utf8') ?? '{}') as { ig_app_id: string }).ig_app_id;
    const later = await control(server.url, 'POST', '/_igloo/tokens', { app_id: appId, username: 'snap.tester' });
    const laterToken = later.json.access_token as string;
    assert.equal((await graphGet(server.url, { path: 'me', fields: 'id', token: laterToken })).status, 200);
    assert.equal((await importSnapshot(server.url, archive)).status, 200);
    const refused = await graphGet(server.url, { path: 'me', fields: 'id', token: laterToken });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /"code":190/);
    assert.equal((await me()).status, 200);
  });

  it('takes the archive whatever its content type (curl --data-binary sends a form type)', async () => {
    const imported = await importSnapshot(server.url, archive, { contentType: 'application/x-www-form-urlencoded' });
    assert.equal(imported.status, 200, JSON.stringify(imported.json));
    assert.equal((await me()).status, 200);
  });

  it('takes an archive repacked by tar, with folder entries and names that start with ./', async () => {
    const folders: ArchiveEntry[] = ['./', './tables/', './media/', './media/m/', './media/t/'].map((name) => ({ name, type: 'directory' }));
    const repacked = await packArchive([...folders, ...entries.map((entry) => ({ ...entry, name: `./${entry.name}` }))]);
    const imported = await importSnapshot(server.url, repacked);
    assert.equal(imported.status, 200, JSON.stringify(imported.json));
    assert.equal((await me()).status, 200);
    assert.equal((await fetchCdn(mediaUrls[0] ?? '')).status, 200);
  });

  describe('refuses, and changes nothing:', () => {
    const refusals: [string, () => Promise<Buffer>, string, RegExp][] = [
      ['a body that is not gzip', () => Promise.resolve(Buffer.from('just some text, not an archive')), 'archive', /^The archive is not gzip data \(.+\); send a gzip'd tar as GET \/_igloo\/snapshot makes\.$/],
      ['gzip that is not a tar', () => Promise.resolve(gzipSync(Buffer.from('not a tar archive, '.repeat(100)))), 'archive', /^The archive is gzip data but not a tar archive \(.+\)\.$/],
      ['an archive without a manifest', () => packArchive(entries.filter((entry) => entry.name !== 'igloo-snapshot.json')), 'igloo-snapshot.json', /^The archive has no igloo-snapshot\.json: it is not an igloo snapshot\.$/],
      ['a manifest that is not JSON', () => packArchive(entries.map((entry) => (entry.name === 'igloo-snapshot.json' ? { ...entry, data: Buffer.from('{') } : entry))), 'igloo-snapshot.json', /^igloo-snapshot\.json is not JSON: /],
      ['a manifest without its fields', () => packArchive(withManifest(entries, ({ tables: _tables, ...rest }) => rest)), 'igloo-snapshot.json', /^igloo-snapshot\.json is not a snapshot manifest: /],
      [
        'another migration level',
        () => packArchive(withManifest(entries, (manifest) => ({ ...manifest, migration: '0006-token-refreshes' }))),
        'migration',
        new RegExp(`^The snapshot is at migration level 0006-token-refreshes and this igloo at ${LATEST_MIGRATION}: import it into an igloo at the same level \\(the same igloo version\\)\\.$`),
      ],
      ['another format', () => packArchive(withManifest(entries, (manifest) => ({ ...manifest, format: 2 }))), 'format', /^The snapshot has format 2; this igloo reads format 1\.$/],
      ['a path with ..', () => packArchive([...entries, { name: 'media/../../escaped.jpg', data: Buffer.from('x') }]), 'media/../../escaped.jpg', /^media\/\.\.\/\.\.\/escaped\.jpg is not a plain relative path/],
      ['an absolute path', () => packArchive([...entries, { name: '/tmp/escaped.jpg', data: Buffer.from('x') }]), '/tmp/escaped.jpg', /^\/tmp\/escaped\.jpg is an absolute path$/],
      ['a symlink', () => packArchive([...entries, { name: 'media/m/link.jpg', type: 'symlink', linkname: '/etc/passwd' }]), 'media/m/link.jpg', /^media\/m\/link\.jpg is a symlink; a snapshot holds plain files only$/],
      ['an entry that is not a snapshot part', () => packArchive([...entries, { name: 'notes.txt', data: Buffer.from('x') }]), 'notes.txt', /^notes\.txt is not part of a snapshot/],
      ['an unknown table', () => packArchive([...entries, { name: 'tables/bogus.jsonl', data: Buffer.from('{}\n') }]), 'tables/bogus.jsonl', /^tables\/bogus\.jsonl: igloo has no table bogus$/],
      ['a missing table', () => packArchive(entries.filter((entry) => entry.name !== 'tables/grants.jsonl')), 'tables/grants.jsonl', /^The archive has no tables\/grants\.jsonl$/],
      [
        'a row with a column the table lacks',
        () => packArchive(entries.map((entry) => (entry.name === 'tables/accounts.jsonl' ? { ...entry, data: Buffer.from(JSON.stringify({ ...JSON.parse(entry.data?.toString('utf8') ?? '{}'), shoe_size: 42 }) + '\n') } : entry))),
        'tables/accounts.jsonl',
        /^tables\/accounts\.jsonl line 1 has shoe_size, which is not a column of this table$/,
      ],
      [
        // Caught by the database inside the import's transaction, which rolls back.
        'rows whose parents are missing',
        () => packArchive(withManifest(entries.map((entry) => (entry.name === 'tables/accounts.jsonl' ? { ...entry, data: Buffer.alloc(0) } : entry)), (manifest) => ({ ...manifest, tables: { ...(manifest.tables as object), accounts: 0 } }))),
        /^tables\/[a-z_]+\.jsonl$/.source,
        /^tables\/[a-z_]+\.jsonl has rows the database refuses: (FOREIGN KEY constraint failed|insert or update on table "[a-z_]+" violates foreign key constraint "[a-z_]+")$/,
      ],
    ];

    for (const [what, build, field, message] of refusals) {
      it(what, async () => {
        const state = await stateOf(server);
        const answer = await importSnapshot(server.url, await build());
        assert.equal(answer.status, 400, JSON.stringify(answer.json));
        const error = (answer.json as { error: { code: string; message: string; field: string } }).error;
        assert.deepEqual(Object.keys(answer.json), ['error']);
        assert.equal(error.code, 'invalid_field');
        if (field.startsWith('^')) assert.match(error.field, new RegExp(field));
        else assert.equal(error.field, field);
        assert.match(error.message, message);
        assert.deepEqual(await stateOf(server), state);
        assert.equal((await me()).status, 200);
        assert.ok(!existsSync(join(server.services.config.dataDir, '..', 'escaped.jpg')));
        // No staged media folder is left behind, nor staged rows in the database's media store.
        assert.deepEqual(readdirSync(server.services.config.dataDir).filter((name) => name.includes('staged')), []);
        if (server.services.config.mediaStore === 'database') {
          const staged = await sql<{ n: number }>`select count(*) as n from media_blob_chunks where staging <> ''`.execute(server.services.db);
          assert.equal(Number(staged.rows[0]?.n), 0);
        }
      });
    }

    it('no body at all', async () => {
      const state = await stateOf(server);
      const refusal = { status: 400, json: { error: { code: 'invalid_field', message: "The body is empty: send the gzip'd tar that GET /_igloo/snapshot makes.", field: 'archive' } } };
      const response = await fetch(`${server.url}/_igloo/snapshot`, { method: 'POST' });
      assert.deepEqual({ status: response.status, json: (await response.json()) as unknown }, refusal);
      assert.deepEqual(await importSnapshot(server.url, Buffer.alloc(0)), refusal);
      assert.deepEqual(await stateOf(server), state);
    });

    it('an archive sealed with another secret key', async () => {
      const other = await startTestServer({ IGLOO_SECRET_KEY: '1'.repeat(64) });
      try {
        const state = await stateOf(other);
        const answer = await importSnapshot(other.url, archive);
        assert.equal(answer.status, 400);
        assert.deepEqual(answer.json, {
          error: {
            code: 'invalid_field',
            message: "The snapshot's app secrets were sealed with another secret key: start this igloo with that igloo's IGLOO_SECRET_KEY (or its data dir's secret.key) to import it.",
            field: 'secret_key_id',
          },
        });
        assert.deepEqual(await stateOf(other), state);
      } finally {
        await other.close();
      }
    });
  });

  it('refuses an archive past IGLOO_SNAPSHOT_MAX_MB, packed or unpacked, with 413', async () => {
    const small = await startTestServer({ IGLOO_SNAPSHOT_MAX_MB: '1' });
    try {
      const state = await stateOf(small);
      const packed = await importSnapshot(small.url, Buffer.alloc(2 * 1024 * 1024, 1));
      assert.deepEqual(packed, { status: 413, json: { error: { code: 'payload_too_large', message: 'The archive is larger than 1048576 bytes packed, the most this igloo takes (IGLOO_SNAPSHOT_MAX_MB).' } } });
      // A small gzip that unpacks to 4 MiB.
      const bomb = await packArchive([...entries, { name: 'media/m/big.jpg', data: Buffer.alloc(4 * 1024 * 1024) }]);
      assert.ok(bomb.length < 1024 * 1024);
      const unpacked = await importSnapshot(small.url, bomb);
      assert.deepEqual(unpacked, { status: 413, json: { error: { code: 'payload_too_large', message: 'The archive is larger than 1048576 bytes unpacked, the most this igloo takes (IGLOO_SNAPSHOT_MAX_MB).' } } });
      assert.deepEqual(await stateOf(small), state);
    } finally {
      await small.close();
    }
  });
});

describe('/_igloo/snapshot in service mode', () => {
  it('needs the admin token for the export and the import', async () => {
    const server = await startServiceModeServer('snapshot-admin-token');
    try {
      const refusal = { error: { code: 'unauthorized', message: 'The control API needs the admin token in service mode.' } };
      const anonymous = await exportSnapshot(server.url);
      assert.equal(anonymous.status, 401);
      assert.deepEqual(JSON.parse(anonymous.archive.toString('utf8')), refusal);
      const exported = await exportSnapshot(server.url, 'snapshot-admin-token');
      assert.equal(exported.status, 200);
      assert.deepEqual(await importSnapshot(server.url, exported.archive), { status: 401, json: refusal });
      const imported = await importSnapshot(server.url, exported.archive, { adminToken: 'snapshot-admin-token' });
      assert.equal(imported.status, 200, JSON.stringify(imported.json));
      assert.equal(imported.json.clock_offset_ms, 0);
    } finally {
      await server.close();
    }
  });
});
