// Snapshot archives for tests: GET and POST /_igloo/snapshot over real HTTP, and the unpacking and
// repacking of an archive (tar-stream, as igloo uses) to make broken ones from a real export.
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface ArchiveEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  data?: Buffer;
  linkname?: string;
}

export interface SnapshotAnswer {
  status: number;
  json: Record<string, unknown>;
}

const authorization = (adminToken?: string): Record<string, string> => (adminToken ? { authorization: `Bearer ${adminToken}` } : {});

/** GET /_igloo/snapshot: the archive's bytes and the answer's headers. */
export async function exportSnapshot(url: string, adminToken?: string): Promise<{ status: number; headers: Headers; archive: Buffer }> {
  const response = await fetch(`${url}/_igloo/snapshot`, { headers: authorization(adminToken) });
  return { status: response.status, headers: response.headers, archive: Buffer.from(await response.arrayBuffer()) };
}

/** POST /_igloo/snapshot with `archive` as the body. */
export async function importSnapshot(url: string, archive: Buffer, options: { contentType?: string; adminToken?: string } = {}): Promise<SnapshotAnswer> {
  const headers = { 'content-type': options.contentType ?? 'application/gzip', ...authorization(options.adminToken) };
  const response = await fetch(`${url}/_igloo/snapshot`, { method: 'POST', headers, body: new Uint8Array(archive) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The entries of a gzip'd tar, in order. */
export async function unpackArchive(archive: Buffer): Promise<ArchiveEntry[]> {
  const extract = tar.extract();
  const entries: ArchiveEntry[] = [];
  extract.end(gunzipSync(archive));
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries.push({ name: entry.header.name, type: entry.header.type as ArchiveEntry['type'], data: Buffer.concat(chunks) });
  }
  return entries;
}

/** A gzip'd tar of `entries`, which may be anything a tar can hold (links, unsafe names). */
export async function packArchive(entries: ArchiveEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    if (entry.type === 'symlink' || entry.type === 'link') pack.entry({ name: entry.name, type: entry.type, linkname: entry.linkname ?? 'target' });
    else if (entry.type === 'directory') pack.entry({ name: entry.name, type: 'directory' });
    else pack.entry({ name: entry.name }, entry.data ?? Buffer.alloc(0));
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** The archive's manifest, parsed. */
export function manifestOf(entries: ArchiveEntry[]): Record<string, unknown> {
  const manifest = entries.find((entry) => entry.name === 'igloo-snapshot.json');
  if (!manifest?.data) throw new Error('no manifest');
  return JSON.parse(manifest.data.toString('utf8')) as Record<string, unknown>;
}

/** `entries` with the manifest replaced by `change(manifest)`. */
export function withManifest(entries: ArchiveEntry[], change: (manifest: Record<string, unknown>) => Record<string, unknown>): ArchiveEntry[] {
  return entries.map((entry) => (entry.name === 'igloo-snapshot.json' ? { ...entry, data: Buffer.from(JSON.stringify(change(manifestOf(entries)))) } : entry));
}
