// Media bytes on the filesystem, under keys like `m/17895695668004550.jpg`. Keys are made by igloo,
// never by users; the store still refuses anything that could leave its folder.
import { createReadStream, statSync, type ReadStream } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

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
  stat(key: string): BlobStat | undefined;
  /** Deletes every blob (a world reset). */
  removeAll(): Promise<void>;
  /** A stream of the whole blob, or of the inclusive byte range [start, end]. */
  read(key: string, range?: { start: number; end: number }): ReadStream;
}

/** The filesystem calls the store makes (tests watch them). */
export type BlobFiles = Pick<typeof fsPromises, 'mkdir' | 'open' | 'rename' | 'rm'>;

const KEY_SHAPE = /^[a-z0-9]+\/[A-Za-z0-9_-]+\.(jpg|mp4)$/;

export function createFileBlobStore(directory: string, files: BlobFiles = fsPromises): BlobStore {
  const root = resolve(directory);
  const pathOf = (key: string): string => {
    const path = resolve(root, key);
    if (!KEY_SHAPE.test(key) || !path.startsWith(root + sep)) throw new Error(`not a blob key: ${key}`);
    return path;
  };
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
    stat(key) {
      try {
        const stats = statSync(pathOf(key));
        return { size: stats.size, modifiedMs: stats.mtimeMs };
      } catch (error) {
        // Only a missing file is "no such blob"; any other failure (permissions, I/O) is the server's.
        const { code } = error as { code?: unknown };
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw error;
      }
    },
    read: (key, range) => createReadStream(pathOf(key), range),
  };
}

export const blobDirectoryOf = (dataDir: string): string => join(dataDir, 'media');
