// SQL for what users have granted apps: grants (Apps and Websites) and app-scoped user ids.
import type { Kysely, Transaction } from 'kysely';
import type { QueryPreparer } from '../storage/open-database.ts';
import type { Database } from '../storage/database-schema.ts';

export type GrantStatus = 'active' | 'removed';

/** A grant as Apps and Websites lists it: the app's Display Name and the grant's times. */
export interface AccountGrant {
  igAppId: string;
  displayName: string;
  scopes: string;
  status: GrantStatus;
  createdAt: number;
  updatedAt: number;
  lastUsedAt: number;
}

/** A Graph call made under a grant. */
export interface GrantUse {
  igAppId: string;
  accountId: string;
  at: number;
}

const USES_PER_TRANSACTION = 500;

/** Revokes an account's tokens for an app (every app when `igAppId` is undefined) and drops its unused codes. */
async function revokeAccessIn(trx: Transaction<Database>, igAppId: string | undefined, accountId: string, at: number, reason: string): Promise<void> {
  await trx
    .updateTable('tokens')
    .set({ revoked_at: at, revoked_reason: reason })
    .$if(igAppId !== undefined, (q) => q.where('ig_app_id', '=', igAppId as string))
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
  await trx
    .deleteFrom('auth_codes')
    .$if(igAppId !== undefined, (q) => q.where('ig_app_id', '=', igAppId as string))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
}

/** @param afterWrite called after every grant change: cached token records carry the grant's status. */
export function createGrantRepository(db: Kysely<Database>, prepare: QueryPreparer, afterWrite: () => void | Promise<void> = () => undefined) {
  // Prepared once: every code exchange answers with the ASID. Parameters: app id, account id.
  const findAsidOf = prepare.prepareFirst(db.selectFrom('app_scoped_ids').select('asid').where('ig_app_id', '=', '(app id)').where('account_id', '=', '(account id)').compile());
  // A use only ever moves last_used_at forward, and only on a grant that is still active.
  // Parameters, in order: at, app id, account id, 'active', at.
  const recordUseBatch = prepare.prepareRunMany(
    db
      .updateTable('grants')
      .set({ last_used_at: 0 })
      .where('ig_app_id', '=', '(app id)')
      .where('account_id', '=', '(account id)')
      .where('status', '=', 'active')
      .where('last_used_at', '<', 0)
      .compile(),
  );
  return {
    async findAsid(igAppId: string, accountId: string): Promise<string | undefined> {
      return (await findAsidOf([igAppId, accountId]))?.asid;
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
      await afterWrite();
    },
    /**
     * Apps used their grants (Graph calls). Written in transactions of a few hundred, with the event
     * loop free between them. No cached token record carries this time: the token cache stays.
     */
    async recordUses(uses: readonly GrantUse[]): Promise<void> {
      for (let at = 0; at < uses.length; at += USES_PER_TRANSACTION) {
        if (at > 0) await new Promise((resolve) => setImmediate(resolve));
        await recordUseBatch(uses.slice(at, at + USES_PER_TRANSACTION).map((use) => [use.at, use.igAppId, use.accountId, 'active', use.at]));
      }
    },
    /** Every grant an account has made, with the apps' Display Names. */
    async listOfAccount(accountId: string): Promise<AccountGrant[]> {
      const rows = await db
        .selectFrom('grants')
        .innerJoin('ig_apps', 'ig_apps.ig_app_id', 'grants.ig_app_id')
        .select(['grants.ig_app_id', 'ig_apps.display_name', 'grants.scopes', 'grants.status', 'grants.created_at', 'grants.updated_at', 'grants.last_used_at'])
        .where('grants.account_id', '=', accountId)
        .orderBy('grants.updated_at', 'desc')
        .orderBy('grants.ig_app_id')
        .execute();
      return rows.map((row) => ({
        igAppId: row.ig_app_id,
        displayName: row.display_name,
        scopes: row.scopes,
        status: row.status as GrantStatus,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
        lastUsedAt: Number(row.last_used_at),
      }));
    },
    /**
     * Ends what an account holds for an app without touching its grant: its tokens are revoked and its
     * unused codes dropped (a tester removed from a Development-mode app, spec §3.4).
     */
    async revokeAccess(igAppId: string, accountId: string, at: number, reason: string): Promise<void> {
      await db.transaction().execute((trx) => revokeAccessIn(trx, igAppId, accountId, at, reason));
      await afterWrite();
    },
    /** The same for every app the account has used (a password change, spec §1.5). */
    async revokeAllAccess(accountId: string, at: number, reason: string): Promise<void> {
      await db.transaction().execute((trx) => revokeAccessIn(trx, undefined, accountId, at, reason));
      await afterWrite();
    },
    /**
     * Marks an active grant removed, revokes the tokens issued under it and drops its unused codes, in
     * one transaction, so that nothing issued before the removal works, even after the user authorizes
     * the app again (spec §1.5). `alsoInTransaction` commits with it (the callbacks the removal causes).
     * False when there was no active grant.
     */
    async removeGrant(igAppId: string, accountId: string, at: number, alsoInTransaction?: (trx: Transaction<Database>) => Promise<void>): Promise<boolean> {
      const removed = await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('grants')
          .set({ status: 'removed', updated_at: at })
          .where('ig_app_id', '=', igAppId)
          .where('account_id', '=', accountId)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) return false;
        await revokeAccessIn(trx, igAppId, accountId, at, 'app_removed');
        await alsoInTransaction?.(trx);
        return true;
      });
      await afterWrite();
      return removed;
    },
  };
}

export type GrantRepository = ReturnType<typeof createGrantRepository>;
