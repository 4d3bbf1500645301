// SQL for the rate-limit counters shared by the nodes of one PostgreSQL database (decisions §7): one
// statement per Graph call reads the user's and the app's rolling hour and counts the call if both admit it.
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';
import type { PreparedFirst, QueryPreparer } from '../storage/open-database.ts';
import type { RateLimitRefusal } from './rate-limit-usage.ts';

/** The minutes of a rolling hour: this one and the 59 before it. */
const MINUTES = 60;

export interface CallToCount {
  igAppId: string;
  accountId: string;
  /** The (virtual) clock's time and minute of the call. */
  now: number;
  minute: number;
  /** Users active since then count towards the app's budget. */
  activeSince: number;
  perHour: number;
  /**
   * Whether this statement writes the app's own totals (the row with account_id ''): with this call, if
   * admitted, plus `carriedCalls` and `timeMs`. One statement per app and node at a time carries them,
   * so one app's concurrent calls do not all queue on that row's lock.
   */
  carry: boolean;
  /** Admitted calls of this node not yet in the app's totals, written by this statement (carry only). */
  carriedCalls: number;
  /** Time earlier calls took on this node, added to the app's current minute (carry only). */
  timeMs: number;
  /** This node's admitted calls that no committed statement has added to the app's totals yet. */
  unwrittenCalls: number;
  /** The app's active users as this node last counted them, or null to count them now. */
  knownActiveUsers: number | null;
  /** The counters' generation when the node counted them (a clear starts a new one). */
  knownGeneration: number;
}

export interface CountedCall {
  refused: RateLimitRefusal | null;
  /** The app's calls (this node's unwritten ones included) and time in the hour before this call. */
  appCalls: number;
  appTimeMs: number;
  /** The app's users active in the last day (or `knownActiveUsers`), and whether the caller is one. */
  activeUsers: number;
  callerActive: boolean;
  /** Whether `activeUsers` was counted by this statement: no count was known, or it was made before a clear. */
  countedActiveUsers: boolean;
  /** The counters' generation: how many times every node's counters were cleared. */
  generation: number;
}

/**
 * The row that holds the counters' generation (`last_call`): app and account ''. It is no app's user,
 * so no count or prune reads it.
 */
const GENERATION = sql`ig_app_id = '' and account_id = ''`;

/** A user's last call is rewritten when it moves by this much: "active in the last day" needs no finer time. */
const LAST_CALL_STEP_MS = 60_000;

export function createRateLimitRepository(db: Kysely<Database>, prepare: QueryPreparer) {
  /** The statement's text never changes, only its parameters: prepared on first use (pg-preparer.ts). */
  let prepared: PreparedFirst<CountedCall> | undefined;
  const runPrepared = (query: CompiledQuery<CountedCall>) => (prepared ??= prepare.prepareFirst(query))(query.parameters);
  return {
    /**
     * Checks and counts in one statement (PostgreSQL: data-modifying CTEs). Its reads see the counts as of
     * the statement's start, so calls of one user racing on several nodes may each pass a check the last
     * of them would fail: the limit can be passed by the calls in flight at that instant.
     * Counting the active users reads one index entry per user, so a node passes the count it last made
     * (`knownActiveUsers`), unless the counters were cleared since (a new generation); PostgreSQL
     * evaluates the `case` lazily and skips the count then.
     */
    async count(call: CallToCount): Promise<CountedCall> {
      const { igAppId, accountId, now, minute, activeSince, perHour, carry, carriedCalls, timeMs, unwrittenCalls, knownActiveUsers, knownGeneration } = call;
      const app = sql`cast(${igAppId} as text)`;
      const account = sql`cast(${accountId} as text)`;
      const from = sql`cast(${minute - MINUTES} as bigint)`;
      const since = sql`cast(${activeSince} as bigint)`;
      const query = sql<CountedCall>`
        with
          caller as (
            select coalesce(sum(calls), 0) as n from rate_limit_calls
            where ig_app_id = ${app} and account_id = ${account} and minute > ${from} and minute <= ${minute}),
          whole as (
            select coalesce(sum(calls), 0) + cast(${unwrittenCalls} as bigint) as n, coalesce(sum(time_ms), 0) as t from rate_limit_calls
            where ig_app_id = ${app} and account_id = '' and minute > ${from} and minute <= ${minute}),
          known as (
            select exists (select 1 from rate_limit_users where ig_app_id = ${app} and account_id = ${account} and last_call >= ${since}) as caller,
              coalesce((select last_call from rate_limit_users where ${GENERATION}), 0) as generation,
              cast(${knownActiveUsers} as bigint) as n),
          active as (
            select known.caller, known.generation, known.n is null or known.generation <> cast(${knownGeneration} as bigint) as counted,
              case when known.n is null or known.generation <> cast(${knownGeneration} as bigint)
                then (select count(*) from rate_limit_users where ig_app_id = ${app} and last_call >= ${since})
                else known.n end as n
            from known),
          verdict as (
            select
              case when caller.n >= ${perHour} then 'user_limit' when whole.n >= ${perHour} * greatest(1, active.n) then 'app_limit' end as refused,
              whole.n as "appCalls", whole.t as "appTimeMs", active.n as "activeUsers", active.caller as "callerActive", active.counted as "countedActiveUsers", active.generation
            from caller, whole, active),
          counted as (
            insert into rate_limit_calls (ig_app_id, account_id, minute, calls, time_ms)
            select ${app}, ${account}, cast(${minute} as bigint), 1, 0 from verdict where verdict.refused is null
            on conflict (ig_app_id, account_id, minute)
            do update set calls = rate_limit_calls.calls + 1),
          carried as (
            insert into rate_limit_calls (ig_app_id, account_id, minute, calls, time_ms)
            select ${app}, '', cast(${minute} as bigint), cast(${carriedCalls} as integer) + case when verdict.refused is null then 1 else 0 end, cast(${timeMs} as double precision)
            from verdict where cast(${carry} as boolean)
            on conflict (ig_app_id, account_id, minute)
            do update set calls = rate_limit_calls.calls + excluded.calls, time_ms = rate_limit_calls.time_ms + excluded.time_ms),
          seen as (
            insert into rate_limit_users (ig_app_id, account_id, last_call)
            select ${app}, ${account}, cast(${now} as bigint) from verdict where verdict.refused is null
            on conflict (ig_app_id, account_id)
            do update set last_call = excluded.last_call where rate_limit_users.last_call <= excluded.last_call - ${LAST_CALL_STEP_MS})
        select * from verdict`.compile(db);
      const row = await runPrepared(query);
      if (!row) throw new Error('the rate-limit statement returned no row');
      return { ...row, appCalls: Number(row.appCalls), appTimeMs: Number(row.appTimeMs), activeUsers: Number(row.activeUsers), generation: Number(row.generation) };
    },

    /** Adds a node's admitted calls and their time to the app's totals, when no call is left to carry them. */
    async addToApp(igAppId: string, minute: number, calls: number, timeMs: number): Promise<void> {
      await db
        .insertInto('rate_limit_calls')
        .values({ ig_app_id: igAppId, account_id: '', minute, calls, time_ms: timeMs })
        .onConflict((oc) => oc.columns(['ig_app_id', 'account_id', 'minute']).doUpdateSet((eb) => ({ calls: sql`${eb.ref('rate_limit_calls.calls')} + ${eb.ref('excluded.calls')}`, time_ms: sql`${eb.ref('rate_limit_calls.time_ms')} + ${eb.ref('excluded.time_ms')}` })))
        .execute();
    },

    /** Deletes the minutes that left every rolling hour and the users inactive for a day. */
    async prune(minute: number, activeSince: number): Promise<void> {
      await db.deleteFrom('rate_limit_calls').where('minute', '<=', minute - MINUTES).execute();
      await db.deleteFrom('rate_limit_users').where('last_call', '<', activeSince).where('ig_app_id', '<>', '').execute();
    },

    /** Deletes every counter (a world reset or a snapshot import), and starts a new generation. */
    async clear(): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('rate_limit_calls').execute();
        await trx.deleteFrom('rate_limit_users').where('ig_app_id', '<>', '').execute();
        await trx
          .insertInto('rate_limit_users')
          .values({ ig_app_id: '', account_id: '', last_call: 1 })
          .onConflict((oc) => oc.columns(['ig_app_id', 'account_id']).doUpdateSet((eb) => ({ last_call: sql`${eb.ref('rate_limit_users.last_call')} + 1` })))
          .execute();
      });
    },
  };
}

export type RateLimitRepository = ReturnType<typeof createRateLimitRepository>;
