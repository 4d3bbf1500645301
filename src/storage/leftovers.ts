// What a crash leaves behind: an upload's temporary folder (uploads/post-*), and what the blob store was
// writing (a snapshot import's staged media, a media file half written: see BlobStore.sweepStale). Each is
// removed at start once it is older than any request or import that could still be writing it, so a data
// dir (or a database) shared by several processes never loses what another one is writing.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from './blob-store.ts';

/** How old a staged snapshot import or a half-written media file must be before it is removed. */
export const STALE_WRITE_MS = 24 * 60 * 60 * 1000;

/** A folder's entries (recursively: every path below it), or none when it does not exist. */
export async function entries(folder: string, options: { recursive?: boolean } = {}): Promise<string[]> {
  try {
    return (await readdir(folder, { recursive: options.recursive ?? false })).map(String);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT' || (error as { code?: unknown }).code === 'ENOTDIR') return [];
    throw error;
  }
}

/** Removes `path` (a file or a whole folder) when its time is before `before`, noting it in `removed`. */
export async function removeIfOlder(path: string, before: number, removed: string[]): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info || info.mtimeMs >= before) return;
  await rm(path, { recursive: true, force: true });
  removed.push(path);
}

/**
 * Removes the leftovers of writes that cannot still be running: uploads older than `uploadsOlderThanMs`
 * (a request cannot last longer), the blob store's staged imports and partial files older than
 * STALE_WRITE_MS. Resolves to what was removed.
 */
export async function sweepLeftovers(dataDir: string, now: number, options: { uploadsOlderThanMs: number; blobs: BlobStore }): Promise<string[]> {
  const removed: string[] = [];
  const uploads = join(dataDir, 'uploads');
  for (const name of await entries(uploads)) if (name.startsWith('post-')) await removeIfOlder(join(uploads, name), now - options.uploadsOlderThanMs, removed);
  removed.push(...(await options.blobs.sweepStale(now - STALE_WRITE_MS)));
  return removed;
}
