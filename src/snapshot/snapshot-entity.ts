// Whole-state snapshots (issue 8): the archive's layout, its manifest, and the error an import can meet.
// An archive is a gzip'd tar of `igloo-snapshot.json`, `tables/<table>.jsonl` (one row a line) and
// `media/<blob key>` (the media files, byte for byte).
import { Type, type Static } from '@sinclair/typebox';
import { DomainError } from '../domain-error.ts';

/** Bumped when the archive's layout changes; an import refuses any other. */
export const SNAPSHOT_FORMAT = 1;
export const MANIFEST_NAME = 'igloo-snapshot.json';
export const TABLES_FOLDER = 'tables/';
export const MEDIA_FOLDER = 'media/';

export const snapshotManifestSchema = Type.Object(
  {
    format: Type.Integer({ minimum: 1, description: 'The archive layout; 1 today' }),
    igloo_version: Type.String({ description: 'The igloo that exported it' }),
    migration: Type.String({ minLength: 1, description: 'The last migration applied when exported; an import needs the same' }),
    created_at: Type.String({ description: 'When it was exported (wall clock, ISO 8601)' }),
    clock_offset_ms: Type.Integer({ minimum: 0, maximum: 8.64e15, description: 'How far the virtual clock was ahead of the wall clock' }),
    // Names the key that sealed the app secrets (and signs CDN URLs), never the key itself: an igloo
    // with another key could not open them, so it refuses the archive.
    secret_key_id: Type.String({ description: 'Names the key that sealed app secrets (not the key)' }),
    tables: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'Rows per table' }),
    media_files: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export type SnapshotManifest = Static<typeof snapshotManifestSchema>;

export type SnapshotErrorCode = 'archive_invalid' | 'archive_too_large';

/** A refused import; `field` names the part of the archive at fault (`archive`, an entry's name, `migration`). */
export class SnapshotError extends DomainError<SnapshotErrorCode> {
  constructor(
    code: SnapshotErrorCode,
    message: string,
    readonly field: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, undefined, options);
  }
}

export const invalidArchive = (field: string, message: string, cause?: unknown): SnapshotError => new SnapshotError('archive_invalid', message, field, { cause });
