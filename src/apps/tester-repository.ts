// SQL for Instagram Testers (Roles > Roles > Instagram Testers, spec §1.3).
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';

export type TesterStatus = 'pending' | 'accepted';

export interface Tester {
  igAppId: string;
  accountId: string;
  status: TesterStatus;
  invitedAt: number;
  updatedAt: number;
}

export function createTesterRepository(db: Kysely<Database>) {
  return {
    async find(igAppId: string, accountId: string): Promise<Tester | undefined> {
      const row = await db.selectFrom('testers').selectAll().where('ig_app_id', '=', igAppId).where('account_id', '=', accountId).executeTakeFirst();
      return row && { igAppId: row.ig_app_id, accountId: row.account_id, status: row.status as TesterStatus, invitedAt: Number(row.invited_at), updatedAt: Number(row.updated_at) };
    },
    async insert(tester: Tester): Promise<void> {
      await db
        .insertInto('testers')
        .values({ ig_app_id: tester.igAppId, account_id: tester.accountId, status: tester.status, invited_at: tester.invitedAt, updated_at: tester.updatedAt })
        .execute();
    },
    async setStatus(igAppId: string, accountId: string, status: TesterStatus, at: number): Promise<boolean> {
      const result = await db
        .updateTable('testers')
        .set({ status, updated_at: at })
        .where('ig_app_id', '=', igAppId)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async delete(igAppId: string, accountId: string): Promise<boolean> {
      const result = await db.deleteFrom('testers').where('ig_app_id', '=', igAppId).where('account_id', '=', accountId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type TesterRepository = ReturnType<typeof createTesterRepository>;
