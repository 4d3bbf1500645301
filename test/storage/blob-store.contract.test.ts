// One contract for both blob stores: the files in a folder (SQLite's default) and the database's chunks
// (PostgreSQL's default, migration 0009), on SQLite and PostgreSQL. Chunks of 4 bytes here, so that ranges
// cross chunk boundaries. @see issue 9 point 3
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createFileBlobStore, type BlobStore } from '../../src/storage/blob-store.ts';
import { createDatabaseBlobStore } from '../../src/storage/database-blob-store.ts';
import { describeOnEachDatabase, type DatabaseUnderTest } from '../support/databases.ts';

const DAY = 24 * 3_600_000;

/** The contract, on a store made fresh (and empty) by `makeStore`. */
function blobStoreContract(makeStore: () => Promise<BlobStore>, clock: { now: number }) {
  const read = (store: BlobStore, key: string, range?: { start: number; end: number }) => text(store.read(key, range));

  it('puts a blob and answers its size, bytes and byte ranges (across chunks), and lists keys sorted', async () => {
    const store = await makeStore();
    await store.put('m/17000000000000002.mp4', Buffer.from('0123456789abcdef!'));
    await store.put('m/17000000000000001.jpg', Buffer.from('photo'));
    await store.put('t/17000000000000002.jpg', Buffer.alloc(0));
    assert.equal((await store.stat('m/17000000000000002.mp4'))?.size, 17);
    assert.equal(await read(store, 'm/17000000000000002.mp4'), '0123456789abcdef!');
    assert.equal(await read(store, 'm/17000000000000002.mp4', { start: 0, end: 0 }), '0');
    assert.equal(await read(store, 'm/17000000000000002.mp4', { start: 3, end: 9 }), '3456789');
    assert.equal(await read(store, 'm/17000000000000002.mp4', { start: 4, end: 7 }), '4567');
    assert.equal(await read(store, 'm/17000000000000002.mp4', { start: 15, end: 16 }), 'f!');
    assert.equal(await read(store, 't/17000000000000002.jpg'), '');
    assert.equal((await store.stat('t/17000000000000002.jpg'))?.size, 0);
    assert.deepEqual(await store.list(), ['m/17000000000000001.jpg', 'm/17000000000000002.mp4', 't/17000000000000002.jpg']);
  });

  it('answers stat with undefined for a missing blob, and a put again replaces the bytes', async () => {
    const store = await makeStore();
    assert.equal(await store.stat('m/17000000000000003.jpg'), undefined);
    await store.put('m/17000000000000003.jpg', Buffer.from('first version'));
    await store.put('m/17000000000000003.jpg', Buffer.from('second'));
    assert.equal(await read(store, 'm/17000000000000003.jpg'), 'second');
    assert.equal((await store.stat('m/17000000000000003.jpg'))?.size, 6);
  });

  it('refuses a key igloo would not make', async () => {
    const store = await makeStore();
    await assert.rejects(store.put('../escaped.jpg', Buffer.from('x')), /not a blob key/);
    assert.throws(() => store.read('m/../../etc/passwd'), /not a blob key/);
  });

  it('removes one blob (twice is fine) and all blobs', async () => {
    const store = await makeStore();
    await store.put('m/17000000000000004.jpg', Buffer.from('four'));
    await store.put('m/17000000000000005.jpg', Buffer.from('five'));
    await store.remove('m/17000000000000004.jpg');
    await store.remove('m/17000000000000004.jpg');
    assert.equal(await store.stat('m/17000000000000004.jpg'), undefined);
    assert.deepEqual(await store.list(), ['m/17000000000000005.jpg']);
    await store.removeAll();
    assert.deepEqual(await store.list(), []);
    assert.equal(await store.stat('m/17000000000000005.jpg'), undefined);
  });

  it('stages a new set of blobs, invisible until swapped in whole; a discarded one leaves nothing', async () => {
    const store = await makeStore();
    await store.put('m/17000000000000001.jpg', Buffer.from('old'));
    const discarded = await store.stage();
    await discarded.write('m/17000000000000009.jpg', Readable.from([Buffer.from('never')]));
    await discarded.discard();
    const staging = await store.stage();
    await staging.write('t/17000000000000002.jpg', Readable.from([Buffer.from('po'), Buffer.from('ster, in pieces')]));
    await staging.write('m/17000000000000002.mp4', Readable.from([Buffer.from('video')]));
    await assert.rejects(staging.write('../escaped.jpg', Readable.from([Buffer.from('x')])), /not a blob key/);
    assert.deepEqual(await store.list(), ['m/17000000000000001.jpg'], 'nothing changes before the swap');
    assert.equal(await store.stat('m/17000000000000002.mp4'), undefined);
    await staging.replaceAll();
    assert.deepEqual(await store.list(), ['m/17000000000000002.mp4', 't/17000000000000002.jpg']);
    assert.equal(await read(store, 't/17000000000000002.jpg'), 'poster, in pieces');
    assert.equal(await read(store, 't/17000000000000002.jpg', { start: 2, end: 8 }), 'ster, i');
    assert.deepEqual(await store.sweepStale(clock.now + DAY), [], 'the discarded and swapped stagings left nothing');
  });

  it("sweeps a crashed import's staged blobs once they are older than asked, and keeps newer ones", async () => {
    const store = await makeStore();
    const crashed = await store.stage();
    await crashed.write('m/17000000000000006.jpg', Readable.from([Buffer.from('half an import')]));
    assert.deepEqual(await store.sweepStale(clock.now - DAY), [], 'an import that may still be running');
    clock.now += 2 * DAY;
    assert.equal((await store.sweepStale(clock.now - DAY)).length, 1);
    assert.deepEqual(await store.sweepStale(clock.now - DAY), []);
    await store.put('m/17000000000000007.jpg', Buffer.from('live'));
    assert.deepEqual(await store.sweepStale(clock.now + DAY), [], 'served blobs are never leftovers');
    assert.deepEqual(await store.list(), ['m/17000000000000007.jpg']);
  });
}

describe('the file blob store (contract)', () => {
  const parent = mkdtempSync(join(tmpdir(), 'igloo-blob-contract-'));
  after(() => rmSync(parent, { recursive: true, force: true }));
  // A staged folder's age is its mtime, the real clock's.
  const clock = { now: Date.now() };
  let n = 0;
  blobStoreContract(() => Promise.resolve(createFileBlobStore(join(parent, `media-${++n}`))), clock);
});

describeOnEachDatabase('the database blob store (contract)', (under: DatabaseUnderTest) => {
  const clock = { now: 1_767_225_600_000 };
  blobStoreContract(async () => {
    // Each test starts from empty tables, as a new folder does.
    await sql`delete from media_blob_chunks`.execute(under.database.db);
    await sql`delete from media_blobs`.execute(under.database.db);
    return createDatabaseBlobStore(under.database.db, { now: () => clock.now, chunkBytes: 4 });
  }, clock);

  it('keeps a blob in chunks of at most chunkBytes, and a put is one transaction (no half-written blob is ever seen)', async () => {
    const { db } = under.database;
    const store = createDatabaseBlobStore(db, { now: () => clock.now, chunkBytes: 4 });
    await store.put('m/17000000000000008.mp4', Buffer.from('0123456789'));
    const chunks = await sql<{ seq: number; length: number }>`select seq, length(bytes) as length from media_blob_chunks where key = 'm/17000000000000008.mp4' order by seq`.execute(db);
    assert.deepEqual(chunks.rows.map((row) => [Number(row.seq), Number(row.length)]), [[0, 4], [1, 4], [2, 2]]);
    // A put that fails midway (the row of its blob is refused) leaves neither row nor chunks.
    const failing = createDatabaseBlobStore(db, { now: () => Number.NaN, chunkBytes: 4 });
    await assert.rejects(failing.put('m/17000000000000010.jpg', Buffer.from('never seen')));
    assert.equal(await store.stat('m/17000000000000010.jpg'), undefined);
    const left = await sql<{ n: number }>`select count(*) as n from media_blob_chunks where key = 'm/17000000000000010.jpg'`.execute(db);
    assert.equal(Number(left.rows[0]?.n), 0);
  });
});
