// Media bytes on the filesystem, under keys like `m/17895695668004550.jpg`. Keys are made by igloo,
// never by users; the store still refuses anything that could leave its folder.
import { createReadStream, mkdirSync, renameSync, statSync, writeFileSync, type ReadStream } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

export interface BlobStat {
  size: number;
  modifiedMs: number;
}

export interface BlobStore {
  put(key: string, bytes: Buffer): void;
  stat(key: string): BlobStat | undefined;
  /** A stream of the whole blob, or of the inclusive byte range [start, end]. */
  read(key: string, range?: { start: number; end: number }): ReadStream;
}

const KEY_SHAPE = /^[a-z0-9]+\/[A-Za-z0-9_-]+\.(jpg|mp4)$/;

export function createFileBlobStore(directory: string): BlobStore {
  const root = resolve(directory);
  const pathOf = (key: string): string => {
    const path = resolve(root, key);
    if (!KEY_SHAPE.test(key) || !path.startsWith(root + sep)) throw new Error(`not a blob key: ${key}`);
    return path;
  };
  return {
    put(key, bytes) {
      const path = pathOf(key);
      mkdirSync(dirname(path), { recursive: true });
      const partial = `${path}.partial`;
      writeFileSync(partial, bytes);
      renameSync(partial, path);
    },
    stat(key) {
      try {
        const stats = statSync(pathOf(key));
        return { size: stats.size, modifiedMs: stats.mtimeMs };
      } catch {
        return undefined;
      }
    },
    read: (key, range) => createReadStream(pathOf(key), range),
  };
}

export const blobDirectoryOf = (dataDir: string): string => join(dataDir, 'media');
