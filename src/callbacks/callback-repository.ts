// SQL for the callback outbox: deliveries of Deauthorize and Data Deletion callbacks, pending until a
// worker claims them, then delivered or failed.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CallbackOutboxTable, Database } from '../storage/database-schema.ts';
import { databaseKindOf } from '../storage/dialect.ts';
import type { CallbackDelivery, CallbackKind, DeliveryStatus } from './callback-entity.ts';

export type NewDelivery = Pick<CallbackDelivery, 'id' | 'igAppId' | 'kind' | 'url' | 'payload' | 'createdAt'>;

/** What one attempt changed. */
export type AttemptOutcome = Pick<CallbackDelivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastAttemptAt' | 'lastResult' | 'confirmationCode' | 'statusUrl'>;

type Db = Kysely<Database> | Transaction<Database>;

const toDelivery = (row: Selectable<CallbackOutboxTable>): CallbackDelivery => ({
  id: row.id,
  igAppId: row.ig_app_id,
  kind: row.kind as CallbackKind,
  url: row.url,
  payload: row.payload,
  status: row.status as DeliveryStatus,
  attempts: Number(row.attempts),
  nextAttemptAt: Number(row.next_attempt_at),
  lastAttemptAt: row.last_attempt_at === null ? null : Number(row.last_attempt_at),
  lastResult: row.last_result,
  confirmationCode: row.confirmation_code,
  statusUrl: row.status_url,
  createdAt: Number(row.created_at),
});

export function createCallbackRepository(db: Kysely<Database>) {
  const kind = databaseKindOf(db as unknown as Kysely<unknown>);

  /** The due deliveries no worker holds, oldest due first. */
  const dueQuery = (trx: Db, now: number, wallNow: number, limit: number) =>
    trx.selectFrom('callback_outbox').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now).where('claimed_until', '<=', wallNow).orderBy('next_attempt_at').orderBy('id').limit(limit);

  /**
   * PostgreSQL, where several nodes' workers share the outbox: the due rows are locked and leased in one
   * transaction, and rows another worker's claim has locked are skipped, not waited for.
   */
  const claimLocked = (now: number, wallNow: number, claimUntil: number, limit: number) =>
    db.transaction().execute(async (trx) => {
      const due = await dueQuery(trx, now, wallNow, limit).forUpdate().skipLocked().execute();
      if (due.length === 0) return [];
      const rows = await trx.updateTable('callback_outbox').set({ claimed_until: claimUntil }).where('id', 'in', due.map((row) => row.id)).returningAll().execute();
      const order = new Map(due.map((row, index) => [row.id, index]));
      return rows.sort((x, y) => (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0)).map(toDelivery);
    });

  /**
   * SQLite, one process (and no FOR UPDATE): each claim is one conditional UPDATE, and the row is read
   * again after it, so two workers never both claim a delivery, nor act on a stale copy.
   */
  const claimOneByOne = async (now: number, wallNow: number, claimUntil: number, limit: number) => {
    const due = await dueQuery(db, now, wallNow, limit).execute();
    const claimed: CallbackDelivery[] = [];
    for (const { id } of due) {
      const result = await db
        .updateTable('callback_outbox')
        .set({ claimed_until: claimUntil })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where('claimed_until', '<=', wallNow)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) continue;
      const row = await db.selectFrom('callback_outbox').selectAll().where('id', '=', id).executeTakeFirst();
      if (row) claimed.push(toDelivery(row));
    }
    return claimed;
  };

  return {
    /** Queues deliveries, due at once; inside the caller's transaction when it passes one. */
    async insert(deliveries: readonly NewDelivery[], trx: Db = db): Promise<void> {
      if (deliveries.length === 0) return;
      await trx
        .insertInto('callback_outbox')
        .values(
          deliveries.map((d) => ({
            id: d.id,
            ig_app_id: d.igAppId,
            kind: d.kind,
            url: d.url,
            payload: d.payload,
            status: 'pending',
            attempts: 0,
            next_attempt_at: d.createdAt,
            claimed_until: 0,
            last_attempt_at: null,
            last_result: null,
            confirmation_code: null,
            status_url: null,
            created_at: d.createdAt,
          })),
        )
        .execute();
    },

    /**
     * Claims up to `limit` pending deliveries that are due and that no worker holds, until `claimUntil`
     * (wall time): another worker skips them meanwhile, on this node or another.
     */
    claimDue: (now: number, wallNow: number, claimUntil: number, limit: number): Promise<CallbackDelivery[]> =>
      // Dialect branch: only PostgreSQL has row locks to skip (SQLite has one writer and no FOR UPDATE).
      kind === 'postgres' ? claimLocked(now, wallNow, claimUntil, limit) : claimOneByOne(now, wallNow, claimUntil, limit),

    /**
     * Records an attempt and releases the claim, unless the claim was lost meanwhile (it ran out and
     * another worker took the delivery): then that worker's record stands. False in that case.
     */
    async recordAttempt(id: string, claimedUntil: number, outcome: AttemptOutcome): Promise<boolean> {
      const result = await db
        .updateTable('callback_outbox')
        .set({
          status: outcome.status,
          attempts: outcome.attempts,
          next_attempt_at: outcome.nextAttemptAt,
          claimed_until: 0,
          last_attempt_at: outcome.lastAttemptAt,
          last_result: outcome.lastResult,
          confirmation_code: outcome.confirmationCode,
          status_url: outcome.statusUrl,
        })
        .where('id', '=', id)
        .where('claimed_until', '=', claimedUntil)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    /** How many deliveries wait (pending) and how many gave up (failed, until purged): the outbox depth. */
    async countOpen(): Promise<{ pending: number; failed: number }> {
      const rows = await db.selectFrom('callback_outbox').select(['status', (eb) => eb.fn.countAll<number | bigint>().as('n')]).where('status', 'in', ['pending', 'failed']).groupBy('status').execute();
      const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
      return { pending: count('pending'), failed: count('failed') };
    },

    /** Deletes delivered and failed deliveries queued before `before`; returns how many. */
    async purgeFinished(before: number): Promise<number> {
      const result = await db.deleteFrom('callback_outbox').where('status', 'in', ['delivered', 'failed']).where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** An app's deliveries, newest first. */
    async listOfApp(igAppId: string, limit: number): Promise<CallbackDelivery[]> {
      // One removal queues both kinds at the same time: Deauthorize is listed first.
      const rows = await db.selectFrom('callback_outbox').selectAll().where('ig_app_id', '=', igAppId).orderBy('created_at', 'desc').orderBy('kind', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toDelivery);
    },

    /** Every app's deliveries, newest first (the control API). */
    async listAll(limit: number): Promise<CallbackDelivery[]> {
      const rows = await db.selectFrom('callback_outbox').selectAll().orderBy('created_at', 'desc').orderBy('kind', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toDelivery);
    },

    async find(id: string): Promise<CallbackDelivery | undefined> {
      const row = await db.selectFrom('callback_outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toDelivery(row);
    },
  };
}

export type CallbackRepository = ReturnType<typeof createCallbackRepository>;
