// SQL for the rate-limit counters shared by the nodes of one PostgreSQL database (decisions §7): one
// statement per Graph call reads the user's and the app's rolling hour and counts the call if both admit it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';
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
  /** Time earlier calls took on this node, added to the app's current minute with this call. */
  timeMs: number;
}

export interface CountedCall {
  refused: RateLimitRefusal | null;
  /** The app's calls and time in the hour before this call. */
  appCalls: number;
  appTimeMs: number;
  /** The app's users active in the last day, and whether the caller is one of them. */
  activeUsers: number;
  callerActive: boolean;
}

export function createRateLimitRepository(db: Kysely<Database>) {
  return {
    /**
     * Checks and counts in one statement (PostgreSQL: data-modifying CTEs). Its reads see the counts as of
     * the statement's start, so calls of one user racing on several nodes may each pass a check the last
     * of them would fail: the limit can be passed by the calls in flight at that instant.
     */
    async count(call: CallToCount): Promise<CountedCall> {
      const { igAppId, accountId, now, minute, activeSince, perHour, timeMs } = call;
      const app = sql`cast(${igAppId} as text)`;
      const account = sql`cast(${accountId} as text)`;
      const from = sql`cast(${minute - MINUTES} as bigint)`;
      const { rows } = await sql<CountedCall>`
        with
          caller as (
            select coalesce(sum(calls), 0) as n from rate_limit_calls
            where ig_app_id = ${app} and account_id = ${account} and minute > ${from} and minute <= ${minute}),
          whole as (
            select coalesce(sum(calls), 0) as n, coalesce(sum(time_ms), 0) as t from rate_limit_calls
            where ig_app_id = ${app} and account_id = '' and minute > ${from} and minute <= ${minute}),
          active as (
            select count(*) as n, coalesce(bool_or(account_id = ${account}), false) as caller from rate_limit_users
            where ig_app_id = ${app} and last_call >= ${activeSince}),
          verdict as (
            select
              case when caller.n >= ${perHour} then 'user_limit' when whole.n >= ${perHour} * greatest(1, active.n) then 'app_limit' end as refused,
              whole.n as "appCalls", whole.t as "appTimeMs", active.n as "activeUsers", active.caller as "callerActive"
            from caller, whole, active),
          counted as (
            insert into rate_limit_calls (ig_app_id, account_id, minute, calls, time_ms)
            select ${app}, who.id, cast(${minute} as bigint), 1, case when who.id = '' then cast(${timeMs} as double precision) else 0 end
            from verdict, (values (${account}), ('')) as who (id)
            where verdict.refused is null
            on conflict (ig_app_id, account_id, minute)
            do update set calls = rate_limit_calls.calls + 1, time_ms = rate_limit_calls.time_ms + excluded.time_ms),
          seen as (
            insert into rate_limit_users (ig_app_id, account_id, last_call)
            select ${app}, ${account}, cast(${now} as bigint) from verdict where verdict.refused is null
            on conflict (ig_app_id, account_id)
            do update set last_call = greatest(rate_limit_users.last_call, excluded.last_call))
        select * from verdict`.execute(db);
      const row = rows[0];
      if (!row) throw new Error('the rate-limit statement returned no row');
      return { ...row, appCalls: Number(row.appCalls), appTimeMs: Number(row.appTimeMs), activeUsers: Number(row.activeUsers) };
    },

    /** Deletes the minutes that left every rolling hour and the users inactive for a day. */
    async prune(minute: number, activeSince: number): Promise<void> {
      await db.deleteFrom('rate_limit_calls').where('minute', '<=', minute - MINUTES).execute();
      await db.deleteFrom('rate_limit_users').where('last_call', '<', activeSince).execute();
    },

    /** Deletes every counter (a world reset or a snapshot import). */
    async clear(): Promise<void> {
      await db.deleteFrom('rate_limit_calls').execute();
      await db.deleteFrom('rate_limit_users').execute();
    },
  };
}

export type RateLimitRepository = ReturnType<typeof createRateLimitRepository>;
