// Rate-limit counters shared by the nodes of one PostgreSQL database (issue 9; decisions §7): calls per
// app and user in one-minute buckets of the (virtual) clock, and the users each app saw in the last day.
// SQLite keeps counting in memory and leaves both tables empty. Immutable once released: later changes
// are new numbered migrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_calls')
    .addColumn('ig_app_id', 'text', (c) => c.notNull())
    // '' for the app's own totals, so an app's hour is 60 rows however many users it has.
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addColumn('time_ms', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_calls_pk', ['ig_app_id', 'account_id', 'minute'])
    .execute();
  await db.schema
    .createTable('rate_limit_users')
    .addColumn('ig_app_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('last_call', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_users_pk', ['ig_app_id', 'account_id'])
    .execute();
  await db.schema.createIndex('rate_limit_users_active').on('rate_limit_users').columns(['ig_app_id', 'last_call']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_users').execute();
  await db.schema.dropTable('rate_limit_calls').execute();
}
