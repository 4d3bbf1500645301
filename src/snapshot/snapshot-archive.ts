// The snapshot archive on the wire: packs a manifest, tables and media files into a gzip'd tar stream,
// and unpacks one, refusing anything that is not a snapshot's plain files at safe paths. Media files
// stream through (to the response, or to staged blobs) so memory stays bounded by the tables' size.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Extract } from 'tar-stream';
import type { BlobStaging } from '../storage/blob-store.ts';
import { isBlobKey } from '../storage/blob-store.ts';
import { invalidArchive, MANIFEST_NAME, MEDIA_FOLDER, SnapshotError, TABLES_FOLDER } from './snapshot-entity.ts';

/** One file of an archive being read: a stream with its tar header. */
type Entry = Extract extends AsyncIterable<infer E> ? E : never;

export interface PackedFile {
  /** The name in the archive, e.g. `media/m/17895695668004550.jpg`. */
  name: string;
  size: number;
  open(): Readable;
}

/** A gzip'd tar of the manifest, the table files and the media files, in that order. */
export function packSnapshot(manifest: object, tables: { name: string; bytes: Buffer }[], media: PackedFile[]): Readable {
  const pack = tar.pack();
  const gzip = createGzip();
  const addFile = (file: PackedFile) =>
    new Promise<void>((resolve, reject) => {
      const source = file.open();
      const entry = pack.entry({ name: file.name, size: file.size, mode: 0o644 }, (error) => (error ? reject(error) : resolve()));
      source.once('error', reject);
      source.pipe(entry);
    });
  const write = async () => {
    pack.entry({ name: MANIFEST_NAME, mode: 0o644 }, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    for (const table of tables) pack.entry({ name: table.name, mode: 0o644 }, table.bytes);
    for (const file of media) await addFile(file);
    pack.finalize();
  };
  write().catch((error: unknown) => gzip.destroy(error instanceof Error ? error : new Error(String(error))));
  pack.pipe(gzip);
  return gzip;
}

export interface UnpackedSnapshot {
  /** The manifest's bytes, if the archive has one. */
  manifest: Buffer | undefined;
  /** Table files by table name (`tables/<name>.jsonl`). */
  tables: Map<string, Buffer>;
  /** Blob keys of the media files, written to the staging. */
  media: string[];
}

const MANIFEST_MAX_BYTES = 64 * 1024;
/** Folder entries a `tar` of a snapshot's folders may carry: skipped, since files make their folders. */
const FOLDER_ENTRY = /^(tables|media|media\/[a-z0-9]+)\/?$/;
const TABLE_ENTRY = /^tables\/([a-z_]+)\.jsonl$/;

/** Counts the bytes going through; past `max`, fails with archive_too_large. */
function byteLimit(max: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) return done(new SnapshotError('archive_too_large', `The archive is larger than ${max} bytes ${what}, the most this igloo takes (IGLOO_SNAPSHOT_MAX_MB).`, 'archive'));
      done(null, chunk);
    },
  });
}

async function readAll(stream: AsyncIterable<unknown>, max: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) throw invalidArchive(name, `${name} is larger than ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Why an entry's name cannot be taken as it is, or undefined for a safe relative path. */
function unsafePath(name: string): string | undefined {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.includes('\\') || name.split('/').some((part) => part === '..' || part === '.')) return 'is not a plain relative path (no "..", ".", or backslashes)';
  return undefined;
}

/**
 * Reads a gzip'd tar of at most `maxBytes` (packed and unpacked): the manifest and tables into memory,
 * media files into `staging`. Throws SnapshotError for anything that is not a snapshot's layout; the
 * caller discards the staging then.
 */
export async function unpackSnapshot(source: Readable, options: { maxBytes: number; staging: BlobStaging }): Promise<UnpackedSnapshot> {
  const extract = tar.extract();
  const gunzip = createGunzip();
  const packedLimit = byteLimit(options.maxBytes, 'packed');
  const unpackedLimit = byteLimit(options.maxBytes, 'unpacked');
  // The first failure of the streams feeding the tar reader: it explains any error that follows.
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    extract.destroy(error);
  };
  const notTar = (error: unknown) => invalidArchive('archive', `The archive is gzip data but not a tar archive (${(error as Error).message}).`, error);
  source.once('error', (error) => fail(invalidArchive('archive', `The archive could not be read: ${error.message}`, error)));
  packedLimit.once('error', fail);
  gunzip.once('error', (error) => fail(invalidArchive('archive', `The archive is not gzip data (${error.message}); send a gzip'd tar as GET /_igloo/snapshot makes.`, error)));
  unpackedLimit.once('error', fail);
  extract.once('error', (error: Error) => (failure ??= error instanceof SnapshotError ? error : notTar(error)));
  source.pipe(packedLimit).pipe(gunzip).pipe(unpackedLimit).pipe(extract);

  const out: UnpackedSnapshot = { manifest: undefined, tables: new Map(), media: [] };
  const seen = new Set<string>();
  const entries = extract[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        throw error instanceof SnapshotError ? error : (failure ?? notTar(error));
      }
      if (next.done) return out;
      try {
        await takeEntry(next.value, out, seen, options.staging);
      } catch (error) {
        // An entry cut short by a broken stream fails with the stream's reason, not its own.
        throw error instanceof SnapshotError ? error : (failure ?? error);
      }
    }
  } finally {
    source.unpipe(packedLimit);
    gunzip.destroy();
    extract.destroy();
  }
}

async function takeEntry(entry: Entry, out: UnpackedSnapshot, seen: Set<string>, staging: BlobStaging): Promise<void> {
  const { type } = entry.header;
  // `tar czf x.tar.gz -C folder .` names its entries `./…`, and the folder itself `./`.
  const name = entry.header.name.replace(/^(\.\/)+/, '');
  if (type === 'directory' && (name === '' || name === '.' || FOLDER_ENTRY.test(name))) return void entry.resume();
  const unsafe = unsafePath(name);
  if (unsafe) throw invalidArchive(name, `${name} ${unsafe}`);
  if (type !== 'file') throw invalidArchive(name, `${name} is a ${type ?? 'special entry'}; a snapshot holds plain files only`);
  if (seen.has(name)) throw invalidArchive(name, `${name} appears twice in the archive`);
  seen.add(name);
  const table = TABLE_ENTRY.exec(name)?.[1];
  if (name === MANIFEST_NAME) out.manifest = await readAll(entry, MANIFEST_MAX_BYTES, name);
  else if (table !== undefined) out.tables.set(table, await readAll(entry, Number.MAX_SAFE_INTEGER, name));
  else if (name.startsWith(MEDIA_FOLDER) && isBlobKey(name.slice(MEDIA_FOLDER.length))) {
    // tar-stream's entries yield Buffers.
    await staging.write(name.slice(MEDIA_FOLDER.length), entry as AsyncIterable<Uint8Array>);
    out.media.push(name.slice(MEDIA_FOLDER.length));
  } else throw invalidArchive(name, `${name} is not part of a snapshot (${MANIFEST_NAME}, ${TABLES_FOLDER}<table>.jsonl and ${MEDIA_FOLDER}<media file> are)`);
}
