// Media bytes under keys like `m/17895695668004550.jpg`: the store interface, and its filesystem
// implementation (the default on SQLite; database-blob-store.ts is the other). Keys are made by igloo,
// never by users; the store still refuses anything that could leave its folder.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { entries, removeIfOlder } from './leftovers.ts';

export interface BlobStat {
  size: number;
  modifiedMs: number;
}

export interface BlobStore {
  /** Stores the bytes durably: once this resolves they survive a crash, so a row may name them. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** Deletes a blob; one that does not exist is already deleted. */
  remove(key: string): Promise<void>;
  /** The blob's size and time, or undefined when there is no such blob. */
  stat(key: string): Promise<BlobStat | undefined>;
  /** Deletes every blob (a world reset). */
  removeAll(): Promise<void>;
  /** A stream of the whole blob, or of the inclusive byte range [start, end]. */
  read(key: string, range?: { start: number; end: number }): Readable;
  /** Every blob's key, sorted (a snapshot export). */
  list(): Promise<string[]>;
  /** A new, empty set of blobs beside the store's, to replace them all at once (a snapshot import). */
  stage(): Promise<BlobStaging>;
  /**
   * Removes what a crashed write left behind (a put's partial file, an import's staged blobs) once it is
   * older than `before` (epoch ms), so nothing another process may still be writing; answers what it removed.
   */
  sweepStale(before: number): Promise<string[]>;
}

/** Blobs written aside; `replaceAll` swaps them in for the store's, `discard` forgets them. */
export interface BlobStaging {
  /** Writes one blob from a stream, fsync'd; the key must have a blob key's shape. */
  write(key: string, source: AsyncIterable<Uint8Array>): Promise<void>;
  /** The store's blobs become exactly the staged ones (two renames of whole folders). */
  replaceAll(): Promise<void>;
  discard(): Promise<void>;
}

/** The filesystem calls the store makes (tests watch them). */
export type BlobFiles = Pick<typeof fsPromises, 'mkdir' | 'open' | 'rename' | 'rm'>;

const KEY_SHAPE = /^[a-z0-9]+\/[A-Za-z0-9_-]+\.(jpg|mp4)$/;

/** Whether `key` has the shape of a key igloo makes (`m/17895695668004550.jpg`): no `..`, no absolute path. */
export const isBlobKey = (key: string): boolean => KEY_SHAPE.test(key);

export function createFileBlobStore(directory: string, files: BlobFiles = fsPromises): BlobStore {
  const root = resolve(directory);
  const pathIn = (folder: string, key: string): string => {
    const path = resolve(folder, key);
    if (!KEY_SHAPE.test(key) || !path.startsWith(folder + sep)) throw new Error(`not a blob key: ${key}`);
    return path;
  };
  const pathOf = (key: string): string => pathIn(root, key);
  /** fsync of a folder: makes the entries created or renamed in it durable. */
  const syncFolder = async (folder: string) => {
    const handle = await files.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  return {
    /** Written to a temporary file and fsync'd, renamed into place, then the folder fsync'd. */
    async put(key, bytes) {
      const path = pathOf(key);
      const folder = dirname(path);
      const created = await files.mkdir(folder, { recursive: true });
      const partial = `${path}.partial`;
      try {
        const handle = await files.open(partial, 'w');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await files.rename(partial, path);
      } catch (error) {
        await files.rm(partial, { force: true });
        throw error;
      }
      await syncFolder(folder);
      // A folder made just now is itself an entry of its parent.
      if (created !== undefined) await syncFolder(dirname(created));
    },
    async remove(key) {
      await files.rm(pathOf(key), { force: true });
    },
    async removeAll() {
      await files.rm(root, { recursive: true, force: true });
    },
    // statSync, as before the interface was asynchronous: one system call, no round trip through libuv's pool.
    stat: (key) => Promise.resolve(key).then((k) => statFile(pathOf(k))),
    read: (key, range) => createReadStream(pathOf(key), range),
    async list() {
      let names: string[];
      try {
        names = (await fsPromises.readdir(root, { recursive: true })).map((name) => name.split(sep).join('/'));
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return [];
        throw error;
      }
      // Folders and a put's `.partial` leftovers are not blobs.
      return names.filter((name) => KEY_SHAPE.test(name)).sort();
    },
    async stage() {
      // Beside the store's folder, so the swap is a rename on one filesystem.
      const staged = join(dirname(root), `.${basename(root)}.staged-${randomBytes(6).toString('hex')}`);
      await files.mkdir(staged, { recursive: true });
      return {
        async write(key, source) {
          const path = pathIn(staged, key);
          await files.mkdir(dirname(path), { recursive: true });
          await pipeline(source, createWriteStream(path, { flags: 'wx' }));
          const handle = await files.open(path, 'r+');
          try {
            await handle.sync();
          } finally {
            await handle.close();
          }
          await syncFolder(dirname(path));
        },
        async replaceAll() {
          const old = `${staged}.old`;
          await files.rename(root, old).catch((error: unknown) => {
            if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
          });
          await files.rename(staged, root);
          await syncFolder(dirname(root));
          await files.rm(old, { recursive: true, force: true });
        },
        discard: () => files.rm(staged, { recursive: true, force: true }),
      };
    },
    async sweepStale(before) {
      const removed: string[] = [];
      const parent = dirname(root);
      const stagedPrefix = `.${basename(root)}.staged-`;
      for (const name of await entries(parent)) if (name.startsWith(stagedPrefix)) await removeIfOlder(join(parent, name), before, removed);
      for (const name of await entries(root, { recursive: true })) if (name.endsWith('.partial')) await removeIfOlder(join(root, name), before, removed);
      return removed;
    },
  };
}

/** A file's size and time, or undefined when it does not exist. */
function statFile(path: string): BlobStat | undefined {
  try {
    const stats = statSync(path);
    return { size: stats.size, modifiedMs: stats.mtimeMs };
  } catch (error) {
    // Only a missing file is "no such blob"; any other failure (permissions, I/O) is the server's.
    const { code } = error as { code?: unknown };
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

export const blobDirectoryOf = (dataDir: string): string => join(dataDir, 'media');
