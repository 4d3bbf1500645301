// What a crash leaves in the data dir: an upload's temporary folder (uploads/post-*), a snapshot import's
// staged media folder (.media.staged-*), a media file half written (media/**/*.partial). Each is removed
// at start once it is older than any request or import that could still be writing it, so a data dir
// shared by several processes never loses a file another one is writing.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** How old a staged snapshot folder or a half-written media file must be before it is removed. */
export const STALE_WRITE_MS = 24 * 60 * 60 * 1000;

async function entries(folder: string, options: { recursive?: boolean } = {}): Promise<string[]> {
  try {
    return (await readdir(folder, { recursive: options.recursive ?? false })).map(String);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT' || (error as { code?: unknown }).code === 'ENOTDIR') return [];
    throw error;
  }
}

async function removeIfOlder(path: string, before: number, removed: string[]): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info || info.mtimeMs >= before) return;
  await rm(path, { recursive: true, force: true });
  removed.push(path);
}

/**
 * Removes the leftovers of writes that cannot still be running: uploads older than `uploadsOlderThanMs`
 * (a request cannot last longer), staged folders and partial files older than STALE_WRITE_MS.
 * Resolves to the paths removed.
 */
export async function sweepLeftovers(dataDir: string, now: number, options: { uploadsOlderThanMs: number }): Promise<string[]> {
  const removed: string[] = [];
  const uploads = join(dataDir, 'uploads');
  for (const name of await entries(uploads)) if (name.startsWith('post-')) await removeIfOlder(join(uploads, name), now - options.uploadsOlderThanMs, removed);
  for (const name of await entries(dataDir)) if (name.startsWith('.media.staged-')) await removeIfOlder(join(dataDir, name), now - STALE_WRITE_MS, removed);
  const media = join(dataDir, 'media');
  for (const name of await entries(media, { recursive: true })) if (name.endsWith('.partial')) await removeIfOlder(join(media, name), now - STALE_WRITE_MS, removed);
  return removed;
}
