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

/** A pending invitation as the invited user sees it (Apps and Websites > Tester Invites). */
export interface TesterInvite {
  igAppId: string;
  displayName: string;
  invitedAt: number;
}

/** A tester as Roles > Roles lists it. */
export interface TesterListing {
  accountId: string;
  username: string;
  status: TesterStatus;
  invitedAt: number;
}

export function createTesterRepository(db: Kysely<Database>) {
  return {
    /** An account's pending invitations with the apps' Display Names, newest first. */
    async listPendingOfAccount(accountId: string): Promise<TesterInvite[]> {
      const rows = await db
        .selectFrom('testers')
        .innerJoin('ig_apps', 'ig_apps.ig_app_id', 'testers.ig_app_id')
        .select(['testers.ig_app_id', 'ig_apps.display_name', 'testers.invited_at'])
        .where('testers.account_id', '=', accountId)
        .where('testers.status', '=', 'pending')
        .orderBy('testers.invited_at', 'desc')
        .orderBy('testers.ig_app_id')
        .execute();
      return rows.map((row) => ({ igAppId: row.ig_app_id, displayName: row.display_name, invitedAt: Number(row.invited_at) }));
    },
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
    /** An app's testers, oldest invitation first. */
    async listOfApp(igAppId: string): Promise<TesterListing[]> {
      const rows = await db
        .selectFrom('testers')
        .innerJoin('accounts', 'accounts.id', 'testers.account_id')
        .select(['testers.account_id', 'accounts.username', 'testers.status', 'testers.invited_at'])
        .where('testers.ig_app_id', '=', igAppId)
        .orderBy('testers.invited_at')
        .orderBy('accounts.username')
        .execute();
      return rows.map((r) => ({ accountId: r.account_id, username: r.username, status: r.status as TesterStatus, invitedAt: Number(r.invited_at) }));
    },
    async countOfApp(igAppId: string): Promise<number> {
      const row = await db.selectFrom('testers').select((eb) => eb.fn.countAll<number>().as('n')).where('ig_app_id', '=', igAppId).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async delete(igAppId: string, accountId: string): Promise<boolean> {
      const result = await db.deleteFrom('testers').where('ig_app_id', '=', igAppId).where('account_id', '=', accountId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type TesterRepository = ReturnType<typeof createTesterRepository>;
