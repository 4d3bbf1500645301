// Media bytes in the database (migration 0009), so that every node sharing a PostgreSQL database serves
// every post's bytes: the default blob store there (decisions §7). A blob is a `media_blobs` row (size,
// chunk size, time) and chunks of at most `chunkBytes`; a put writes both in one transaction, so a reader
// sees the whole blob or none of it, and a byte range reads only the chunks it covers.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { BlobStaging, BlobStat, BlobStore } from './blob-store.ts';
import { isBlobKey } from './blob-store.ts';
import type { Database } from './database-schema.ts';

/** The blob store's own tables: not world rows, so not in Database (resets and snapshots go through the store). */
type BlobTables = {
  media_blobs: { staging: string; key: string; size: number; chunk_size: number; modified_at: number };
  media_blob_chunks: { staging: string; key: string; seq: number; bytes: Buffer };
};
type BlobDb = Kysely<Database & BlobTables> | Transaction<Database & BlobTables>;

/** A MiB: small enough for any database value, large enough that a video is a few dozen rows. */
const CHUNK_BYTES = 1024 * 1024;
/** The `staging` of the blobs served; an import's staged blobs carry its id until they are swapped in. */
const LIVE = '';

const checkKey = (key: string): string => {
  if (!isBlobKey(key)) throw new Error(`not a blob key: ${key}`);
  return key;
};

const deleteBlobs = async (db: BlobDb, staging: string, key?: string) => {
  let blobs = db.deleteFrom('media_blobs').where('staging', '=', staging);
  let chunks = db.deleteFrom('media_blob_chunks').where('staging', '=', staging);
  if (key !== undefined) {
    blobs = blobs.where('key', '=', key);
    chunks = chunks.where('key', '=', key);
  }
  await blobs.execute();
  await chunks.execute();
};

/**
 * @param options.now the wall clock, for each blob's time (ETag and Last-Modified, as a file's mtime)
 * @param options.chunkBytes the size of the chunks new blobs are cut into (tests make it small)
 */
export function createDatabaseBlobStore(database: Kysely<Database>, options: { now: () => number; chunkBytes?: number }): BlobStore {
  const db = database.withTables<BlobTables>();
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;

  const findBlob = (staging: string, key: string) =>
    db.selectFrom('media_blobs').select(['size', 'chunk_size', 'modified_at']).where('staging', '=', staging).where('key', '=', key).executeTakeFirst();

  /** The blob's bytes in [start, end], one chunk fetched at a time as the reader asks for more. */
  async function* chunksOf(key: string, range?: { start: number; end: number }): AsyncGenerator<Buffer> {
    const blob = await findBlob(LIVE, key);
    if (!blob) throw Object.assign(new Error(`no blob ${key}`), { code: 'ENOENT' });
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? blob.size - 1, blob.size - 1);
    for (let seq = Math.floor(start / blob.chunk_size); seq * blob.chunk_size <= end; seq++) {
      const chunk = await db.selectFrom('media_blob_chunks').select('bytes').where('staging', '=', LIVE).where('key', '=', key).where('seq', '=', seq).executeTakeFirst();
      // Removed while it was being read (a reset): the response is cut short, as a deleted file's would be.
      if (!chunk) throw Object.assign(new Error(`blob ${key} was removed while it was read`), { code: 'ENOENT' });
      const offset = seq * blob.chunk_size;
      yield chunk.bytes.subarray(Math.max(0, start - offset), end - offset + 1);
    }
  }

  /** Cuts `bytes` (or a stream) into chunks and inserts each as it fills; answers the size written. */
  const writeChunks = async (target: BlobDb, staging: string, key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> => {
    let seq = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      let buffered = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
      while (buffered.length >= chunkBytes || (all && buffered.length > 0)) {
        await target.insertInto('media_blob_chunks').values({ staging, key, seq: seq++, bytes: buffered.subarray(0, chunkBytes) }).execute();
        buffered = buffered.subarray(chunkBytes);
      }
      pending = [buffered];
      pendingBytes = buffered.length;
    };
    for await (const piece of source) {
      // A view, not a copy: a put's one buffer may be a whole video.
      pending.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      pendingBytes += piece.length;
      size += piece.length;
      if (pendingBytes >= chunkBytes) await flush(false);
    }
    await flush(true);
    return size;
  };

  const insertBlob = (target: BlobDb, staging: string, key: string, size: number) =>
    target.insertInto('media_blobs').values({ staging, key, size, chunk_size: chunkBytes, modified_at: options.now() }).execute();

  return {
    async put(key, bytes) {
      checkKey(key);
      await db.transaction().execute(async (trx) => {
        await deleteBlobs(trx, LIVE, key);
        await insertBlob(trx, LIVE, key, await writeChunks(trx, LIVE, key, [bytes]));
      });
    },
    remove: (key) => db.transaction().execute((trx) => deleteBlobs(trx, LIVE, checkKey(key))),
    removeAll: () => db.transaction().execute((trx) => deleteBlobs(trx, LIVE)),
    async stat(key): Promise<BlobStat | undefined> {
      const blob = isBlobKey(key) ? await findBlob(LIVE, key) : undefined;
      return blob && { size: blob.size, modifiedMs: blob.modified_at };
    },
    read: (key, range) => Readable.from(chunksOf(checkKey(key), range), { objectMode: false }),
    async list() {
      const rows = await db.selectFrom('media_blobs').select('key').where('staging', '=', LIVE).execute();
      // Sorted here: the database's text order depends on its collation.
      return rows.map((row) => row.key).sort();
    },
    stage(): Promise<BlobStaging> {
      // Starts with the time, so that sweepStale can tell a crashed import's leftovers by their age.
      const staging = `${options.now()}-${randomBytes(6).toString('hex')}`;
      return Promise.resolve({
        // Outside a transaction: staged chunks are never served, and a big import must not hold one open.
        async write(key, source) {
          checkKey(key);
          await insertBlob(db, staging, key, await writeChunks(db, staging, key, source));
        },
        replaceAll: () =>
          db.transaction().execute(async (trx) => {
            await deleteBlobs(trx, LIVE);
            await trx.updateTable('media_blobs').set({ staging: LIVE }).where('staging', '=', staging).execute();
            await trx.updateTable('media_blob_chunks').set({ staging: LIVE }).where('staging', '=', staging).execute();
          }),
        discard: () => db.transaction().execute((trx) => deleteBlobs(trx, staging)),
      });
    },
    async sweepStale(before) {
      // Chunks too: a crashed import may have written chunks of a blob whose row never came.
      const stagings = new Set<string>();
      for (const table of ['media_blobs', 'media_blob_chunks'] as const) {
        for (const row of await db.selectFrom(table).select('staging').distinct().where('staging', '<>', LIVE).execute()) stagings.add(row.staging);
      }
      const stale = [...stagings].filter((staging) => Number(staging.split('-')[0]) < before);
      for (const staging of stale) await db.transaction().execute((trx) => deleteBlobs(trx, staging));
      return stale.map((staging) => `media_blobs staging ${staging}`);
    },
  };
}
