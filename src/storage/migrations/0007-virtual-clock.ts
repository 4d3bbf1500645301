// The emulator's virtual clock offset (DESIGN.md §6), kept in the database so a restart does not send
// virtual time back to the wall clock: one row, written on every move of the clock.
// Immutable once released: later changes are new numbered migrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('virtual_clock')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('offset_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('virtual_clock').execute();
}
