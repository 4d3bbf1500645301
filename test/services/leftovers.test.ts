// What a crash leaves in the data dir is removed when igloo starts, once nothing can still be writing it;
// what a running process may still be writing is kept.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { testConfig } from '../../src/config/load-config.ts';
import { startServer } from '../../src/main.ts';
import { openDatabase } from '../../src/storage/open-database.ts';
import { sql } from 'kysely';

const dataDir = mkdtempSync(join(tmpdir(), 'igloo-leftovers-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const HOUR = 60 * 60 * 1000;

/** Makes `path` (a folder holding one file, or a file) with its time set `ageMs` ago. */
function leftover(path: string, ageMs: number, kind: 'folder' | 'file'): string {
  if (kind === 'folder') {
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, '0'), 'part of an upload');
  } else {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'half a file');
  }
  const when = new Date(Date.now() - ageMs);
  utimesSync(path, when, when);
  return path;
}

describe('igloo start with leftovers of a crash in its data dir', () => {
  it('removes old upload folders, staged snapshot folders and partial media files, and keeps recent ones', async () => {
    const oldUpload = leftover(join(dataDir, 'uploads', 'post-old'), 2 * HOUR, 'folder');
    const recentUpload = leftover(join(dataDir, 'uploads', 'post-recent'), 60_000, 'folder');
    const oldStaged = leftover(join(dataDir, '.media.staged-0a1b2c'), 25 * HOUR, 'folder');
    const recentStaged = leftover(join(dataDir, '.media.staged-3d4e5f'), 2 * HOUR, 'folder');
    const oldPartial = leftover(join(dataDir, 'media', 'm', 'ab', 'x.jpg.partial'), 25 * HOUR, 'file');
    const notOurs = leftover(join(dataDir, 'uploads', 'notes.txt'), 48 * HOUR, 'file');
    const server = await startServer(
      testConfig({ IGLOO_DATA_DIR: dataDir, IGLOO_DATABASE_URL: `sqlite:${join(dataDir, 'igloo.db')}`, IGLOO_BIND_HOST: '127.0.0.1', IGLOO_PORT: '0', IGLOO_REQUEST_TIMEOUT_SECONDS: '300' }),
    );
    try {
      assert.equal(existsSync(oldUpload), false, 'an upload older than the request timeout');
      assert.equal(existsSync(oldStaged), false, 'a staged snapshot folder a day old');
      assert.equal(existsSync(oldPartial), false, 'a partial media file a day old');
      assert.equal(existsSync(recentUpload), true, 'an upload a request may still be writing');
      assert.equal(existsSync(recentStaged), true, 'an import may still be staging');
      assert.equal(existsSync(notOurs), true, 'a file igloo did not make');
    } finally {
      await server.close();
    }
  });

  it("removes a crashed snapshot import's staged media rows a day old (IGLOO_MEDIA_STORE=database), and keeps recent ones and served media", async () => {
    const folder = mkdtempSync(join(dataDir, 'database-'));
    const databaseUrl = `sqlite:${join(folder, 'igloo.db')}`;
    const old = `${Date.now() - 25 * HOUR}-0a1b2c3d4e5f`;
    const recent = `${Date.now() - 2 * HOUR}-3d4e5f6a7b8c`;
    const opened = await openDatabase(databaseUrl, { synchronous: 'OFF' });
    for (const staging of [old, recent, '']) {
      await sql`insert into media_blob_chunks (staging, key, seq, bytes) values (${staging}, 'm/17000000000000001.jpg', 0, ${Buffer.from('bytes')})`.execute(opened.db);
    }
    await sql`insert into media_blobs (staging, key, size, chunk_size, modified_at) values ('', 'm/17000000000000001.jpg', 5, 1048576, 0)`.execute(opened.db);
    await opened.close();
    const server = await startServer(testConfig({ IGLOO_DATA_DIR: folder, IGLOO_DATABASE_URL: databaseUrl, IGLOO_MEDIA_STORE: 'database', IGLOO_BIND_HOST: '127.0.0.1', IGLOO_PORT: '0' }));
    await server.close();
    const reopened = await openDatabase(databaseUrl, { synchronous: 'OFF' });
    try {
      const left = await sql<{ staging: string }>`select staging from media_blob_chunks order by staging`.execute(reopened.db);
      assert.deepEqual(left.rows.map((row) => row.staging), ['', recent]);
    } finally {
      await reopened.close();
    }
  });
});
