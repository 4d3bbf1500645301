// Whole-state snapshots (issue 8), shared by GET/POST /_igloo/snapshot and `igloo snapshot`: export every
// row and media file as one archive, and import one in place of the current state. An import checks the
// whole archive before it changes anything; then rows, media files, caches and the clock all follow it.
import type { Readable } from 'node:stream';
import type { VirtualClock } from '../clock.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { LATEST_MIGRATION } from '../storage/migrations.ts';
import { TABLES } from '../world/world-repository.ts';
import { packSnapshot, unpackSnapshot, type UnpackedSnapshot } from './snapshot-archive.ts';
import { checkManifest, checkTables } from './snapshot-check.ts';
import { invalidArchive, MANIFEST_NAME, MEDIA_FOLDER, SNAPSHOT_FORMAT, TABLES_FOLDER, type SnapshotManifest } from './snapshot-entity.ts';
import type { SnapshotRepository } from './snapshot-repository.ts';

export interface SnapshotServiceDeps {
  snapshots: SnapshotRepository;
  blobs: BlobStore;
  /** The emulator's clock (undefined in service mode): its offset is exported and imported. */
  virtualClock: VirtualClock | undefined;
  /** Saves the clock's offset, as a move of the clock does. */
  saveClockOffset: (offsetMs: number) => Promise<void>;
  /** Forgets every in-memory cache and counter (token records, read caches, rate limits, noted uses). */
  forgetMemory: () => Promise<void>;
  /** Names the key that seals app secrets (see SnapshotManifest.secret_key_id). */
  secretKeyId: string;
  iglooVersion: string;
  wallNow: () => number;
}

export function createSnapshotService(deps: SnapshotServiceDeps) {
  const { snapshots, blobs, virtualClock, saveClockOffset, forgetMemory, secretKeyId, iglooVersion, wallNow } = deps;
  // One import at a time: two would each swap in their own media folder, whatever the rows say.
  let importing: Promise<unknown> = Promise.resolve();
  /** The import itself (see importSnapshot). */
  const importOne = async (source: Readable, maxBytes: number): Promise<SnapshotManifest> => {
    const staging = await blobs.stage();
    try {
      const unpacked: UnpackedSnapshot = await unpackSnapshot(source, { maxBytes, staging });
      const manifest = checkManifest(unpacked.manifest, { migration: LATEST_MIGRATION, secretKeyId });
      const rows = checkTables(unpacked.tables, manifest, await snapshots.columns());
      if (unpacked.media.length !== manifest.media_files) {
        throw invalidArchive('media_files', `${MANIFEST_NAME} counts ${manifest.media_files} media files, the archive holds ${unpacked.media.length}`);
      }
      await snapshots.replaceAll(rows);
      // Past the commit only a failed swap of the staged media (two renames on one filesystem, or one
      // transaction in the database store) could part the two.
      await staging.replaceAll();
      await forgetMemory();
      if (virtualClock) {
        virtualClock.resetOffset();
        virtualClock.advance(manifest.clock_offset_ms);
        // The archive's virtual_clock row is what a restart reads: it must say the same.
        if (Number(rows.virtual_clock[0]?.offset_ms ?? 0) !== manifest.clock_offset_ms) await saveClockOffset(manifest.clock_offset_ms);
      }
      return manifest;
    } catch (error) {
      await staging.discard();
      throw error;
    }
  };

  return {
    /** The archive of every row and media file, as of now, and its manifest. */
    async exportSnapshot(): Promise<{ manifest: SnapshotManifest; archive: Readable }> {
      const rows = await snapshots.readAll();
      // Listed after the rows: a post made meanwhile leaves a file no row names, which is harmless.
      const media = [];
      for (const key of await blobs.list()) {
        const stat = await blobs.stat(key);
        if (stat) media.push({ name: `${MEDIA_FOLDER}${key}`, size: stat.size, open: () => blobs.read(key) });
      }
      const manifest: SnapshotManifest = {
        format: SNAPSHOT_FORMAT,
        igloo_version: iglooVersion,
        migration: LATEST_MIGRATION,
        created_at: new Date(wallNow()).toISOString(),
        clock_offset_ms: virtualClock?.offset() ?? 0,
        secret_key_id: secretKeyId,
        tables: Object.fromEntries(TABLES.map((table) => [table, rows[table].length])),
        media_files: media.length,
      };
      const tables = TABLES.map((table) => ({ name: `${TABLES_FOLDER}${table}.jsonl`, bytes: Buffer.from(rows[table].map((row) => JSON.stringify(row) + '\n').join('')) }));
      return { manifest, archive: packSnapshot(manifest, tables, media) };
    },

    /**
     * Replaces the whole state with the archive's: rows in one transaction, media files staged and
     * swapped in, caches forgotten, the clock's offset set. A refused archive (SnapshotError) changes
     * nothing. Answers the archive's manifest.
     */
    importSnapshot(source: Readable, options: { maxBytes: number }): Promise<SnapshotManifest> {
      const run = importing.then(() => importOne(source, options.maxBytes));
      importing = run.catch(() => undefined);
      return run;
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
