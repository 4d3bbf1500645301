// SQL for media items. Album children have a parent_id; the feed counts and lists top-level items only.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';

export function createMediaRepository(db: Kysely<Database>) {
  return {
    async countTopLevel(accountId: string): Promise<number> {
      const row = await db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;
