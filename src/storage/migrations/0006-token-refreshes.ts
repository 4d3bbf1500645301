// A refresh extends a long-lived token in place (spec §3.3): tokens remember when they were last
// refreshed, from which the 24-hour rule counts. Immutable once released: later changes are new
// numbered migrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tokens').addColumn('refreshed_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tokens').dropColumn('refreshed_at').execute();
}
