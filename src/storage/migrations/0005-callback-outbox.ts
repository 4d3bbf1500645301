// Deauthorize and Data Deletion callbacks (spec §7, DESIGN.md §3): a durable outbox, written in the
// same transaction as the removal that causes it and emptied by a delivery worker that retries.
// Immutable once released: later changes are new numbered migrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('callback_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_until', 'bigint', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_result', 'text')
    .addColumn('confirmation_code', 'text')
    .addColumn('status_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('callback_outbox_due').on('callback_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('callback_outbox_app').on('callback_outbox').columns(['ig_app_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('callback_outbox').execute();
}
