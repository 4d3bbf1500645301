// SQL for the emulator's virtual clock: the offset saved on every move and read back at start.
import type { Kysely } from 'kysely';
import type { Database } from './storage/database-schema.ts';

const ROW_ID = 1;

export function createClockRepository(db: Kysely<Database>) {
  return {
    /** The saved offset in ms, 0 on a fresh database. */
    async loadOffset(): Promise<number> {
      const row = await db.selectFrom('virtual_clock').select('offset_ms').where('id', '=', ROW_ID).executeTakeFirst();
      return row ? Number(row.offset_ms) : 0;
    },
    async saveOffset(offsetMs: number, at: number): Promise<void> {
      await db
        .insertInto('virtual_clock')
        .values({ id: ROW_ID, offset_ms: offsetMs, updated_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ offset_ms: offsetMs, updated_at: at }))
        .execute();
    },
  };
}

export type ClockRepository = ReturnType<typeof createClockRepository>;
