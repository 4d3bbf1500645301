// Media bytes in the database (issue 9): what the database blob store (database-blob-store.ts) keeps
// when several nodes share a PostgreSQL database. A blob is one row of `media_blobs` and its bytes in
// chunks of at most a MiB, so a video is never one huge value and a byte range reads only its chunks.
// `staging` is '' for the blobs served, or the id of a snapshot import still writing its own.
// Created on SQLite too (one schema), where it stays empty unless IGLOO_MEDIA_STORE=database.
// Immutable once released: later changes are new numbered migrations.
import type { Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_blobs')
    .addColumn('staging', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('chunk_size', 'integer', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_blobs_pk', ['staging', 'key'])
    .execute();
  await db.schema
    .createTable('media_blob_chunks')
    .addColumn('staging', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    // SQLite's byte strings are `blob`, PostgreSQL's `bytea`.
    .addColumn('bytes', databaseKindOf(db) === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_blob_chunks_pk', ['staging', 'key', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_blob_chunks').execute();
  await db.schema.dropTable('media_blobs').execute();
}
