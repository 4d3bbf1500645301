// Group commit for writes that must be durable before their answer (a code exchange's token). Every
// write queued during one turn of the event loop runs in one transaction, so one commit, and one sync
// to disk, serves them all: with SQLite's synchronous=FULL the sync, not the SQL, is what a lone
// write waits for. Works on any Kysely dialect: a batch is an ordinary transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema.ts';

/**
 * One write. It may read too; it reports expected outcomes (a code already used) as its result rather
 * than throwing. It may run twice (once rolled back with a failed batch), so it does nothing but SQL.
 */
export type BatchedWrite<T> = (trx: Transaction<Database>) => Promise<T>;

interface Queued {
  write: BatchedWrite<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteBatcher {
  /** Runs the write in the next batch; settles once that batch is committed (or has failed). */
  run<T>(write: BatchedWrite<T>): Promise<T>;
}

export function createWriteBatcher(db: Kysely<Database>): WriteBatcher {
  let queue: Queued[] = [];

  /** One write in a transaction of its own: how a failed batch finds out which write failed it. */
  const runAlone = async (job: Queued) => {
    try {
      job.resolve(await db.transaction().execute((trx) => job.write(trx)));
    } catch (error) {
      job.reject(error);
    }
  };

  const commitQueued = async () => {
    const jobs = queue;
    queue = [];
    if (jobs.length === 1) return runAlone(jobs[0] as Queued);
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const job of jobs) out.push(await job.write(trx));
        return out;
      });
    } catch {
      // Rolled back as a whole: each write runs again alone, so only a write that fails by itself fails.
      for (const job of jobs) await runAlone(job);
      return;
    }
    jobs.forEach((job, i) => job.resolve(results[i]));
  };

  return {
    run<T>(write: BatchedWrite<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (queue.length === 1) setImmediate(() => void commitQueued());
      });
    },
  };
}
