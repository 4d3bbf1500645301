// Auto consent (issue 8): an Instagram app whose Authorization Window, in emulator mode, skips the
// consent screen for CI. A 0/1 integer like every boolean here. Immutable once released: later changes
// are new numbered migrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ig_apps').addColumn('auto_consent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ig_apps').dropColumn('auto_consent').execute();
}
