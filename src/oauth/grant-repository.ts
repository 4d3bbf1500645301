// SQL for what users have granted apps: grants (Apps and Websites) and app-scoped user ids.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';

export type GrantStatus = 'active' | 'removed';

/** @param afterWrite called after every grant change: cached token records carry the grant's status. */
export function createGrantRepository(db: Kysely<Database>, afterWrite: () => void = () => undefined) {
  return {
    async findAsid(igAppId: string, accountId: string): Promise<string | undefined> {
      const row = await db.selectFrom('app_scoped_ids').select('asid').where('ig_app_id', '=', igAppId).where('account_id', '=', accountId).executeTakeFirst();
      return row?.asid;
    },
    /** Stores an ASID unless one exists; returns the one that is stored. */
    async ensureAsid(igAppId: string, accountId: string, candidate: string): Promise<string> {
      await db
        .insertInto('app_scoped_ids')
        .values({ ig_app_id: igAppId, account_id: accountId, asid: candidate })
        .onConflict((oc) => oc.columns(['ig_app_id', 'account_id']).doNothing())
        .execute();
      const row = await db.selectFrom('app_scoped_ids').select('asid').where('ig_app_id', '=', igAppId).where('account_id', '=', accountId).executeTakeFirstOrThrow();
      return row.asid;
    },
    /** The account behind an ASID of this app. */
    async findAccountOfAsid(igAppId: string, asid: string): Promise<string | undefined> {
      const row = await db.selectFrom('app_scoped_ids').select('account_id').where('ig_app_id', '=', igAppId).where('asid', '=', asid).executeTakeFirst();
      return row?.account_id;
    },
    async upsertGrant(igAppId: string, accountId: string, scopes: string, at: number): Promise<void> {
      await db
        .insertInto('grants')
        .values({ ig_app_id: igAppId, account_id: accountId, scopes, status: 'active', created_at: at, updated_at: at, last_used_at: at })
        .onConflict((oc) => oc.columns(['ig_app_id', 'account_id']).doUpdateSet({ scopes, status: 'active', updated_at: at, last_used_at: at }))
        .execute();
      afterWrite();
    },
  };
}

export type GrantRepository = ReturnType<typeof createGrantRepository>;
