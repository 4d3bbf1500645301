// Platform Rate Limits (spec §6.1) shared by the nodes of one PostgreSQL database: the same rules as
// rate-limiter.ts, counted in the database (rate-limit-repository.ts), one statement per Graph call, in
// one-minute buckets of the (virtual) clock. Two things keep one busy app from serialising every node
// on one row (decisions §7):
// - The app's own totals (one row a minute) are written by one statement per app and node at a time:
//   the calls admitted meanwhile are added by the next such statement (or at once, when no call is left
//   to carry them), and every check adds this node's calls not yet written.
// - The app's active users are counted (one index entry per user) at most once a second per app and
//   node, and after any node cleared the counters (a new generation); in between the node uses its
//   count plus the newcomers it admitted. A refusal by the app's limit made on a kept count is checked
//   again with a fresh one, so a stale count never refuses a call.
import { performance } from 'node:perf_hooks';
import { DAY, MINUTE, type Clock } from '../clock.ts';
import type { CountedCall, RateLimitRepository } from './rate-limit-repository.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { appUsageOf, type Admission } from './rate-limit-usage.ts';

/** How long (wall time) a node uses its count of an app's active users before counting again. */
const ACTIVE_USERS_TTL_MS = 1_000;

interface AppOnNode {
  /** Admitted calls and time of this node that no statement has taken to the app's totals yet. */
  pendingCalls: number;
  pendingTimeMs: number;
  /** Taken by the statement now writing the app's totals, if any. */
  carrying: boolean;
  carriedCalls: number;
  /** The app's active users as last counted: when (wall time, the virtual clock's), in which generation. */
  activeUsers?: { count: number; wallAt: number; clockAt: number; generation: number };
}

export function createSharedRateLimiter(deps: { counters: RateLimitRepository; clock: Clock; perHour: number }): RateLimiter {
  const { counters, clock, perHour } = deps;
  const apps = new Map<string, AppOnNode>();
  let prunedAt = -Infinity;

  const appOf = (igAppId: string): AppOnNode => {
    let app = apps.get(igAppId);
    if (!app) apps.set(igAppId, (app = { pendingCalls: 0, pendingTimeMs: 0, carrying: false, carriedCalls: 0 }));
    return app;
  };

  const prune = (now: number) => {
    if (now - prunedAt < MINUTE) return;
    prunedAt = now;
    // Off the call's path; a failed delete is retried a minute later by whichever node gets there first.
    counters.prune(Math.floor(now / MINUTE), now - DAY).catch(() => (prunedAt = -Infinity));
  };

  /** Takes what is pending for one statement to write; `release` gives it back if the write failed. */
  const takePending = (app: AppOnNode) => {
    app.carrying = true;
    const taken = { calls: app.pendingCalls, timeMs: app.pendingTimeMs };
    app.pendingCalls = 0;
    app.pendingTimeMs = 0;
    app.carriedCalls = taken.calls;
    return {
      ...taken,
      release(written: boolean) {
        app.carrying = false;
        app.carriedCalls = 0;
        if (!written) {
          app.pendingCalls += taken.calls;
          app.pendingTimeMs += taken.timeMs;
        }
      },
    };
  };

  /** Writes admitted calls that no later call carried, so other nodes see them without waiting for one. */
  const flushCalls = (igAppId: string, app: AppOnNode) => {
    if (app.carrying || app.pendingCalls === 0) return;
    const taken = takePending(app);
    counters.addToApp(igAppId, Math.floor(clock.now() / MINUTE), taken.calls, taken.timeMs).then(
      () => {
        taken.release(true);
        flushCalls(igAppId, app);
      },
      // Kept for the next call of the app to carry.
      () => taken.release(false),
    );
  };

  const admit = async (igAppId: string, accountId: string, recount: boolean): Promise<Admission> => {
    const now = clock.now();
    const app = appOf(igAppId);
    const unwrittenCalls = app.pendingCalls + app.carriedCalls;
    const unwrittenTimeMs = app.pendingTimeMs;
    const taken = app.carrying ? undefined : takePending(app);
    const known = app.activeUsers;
    const fresh = !recount && known !== undefined && performance.now() - known.wallAt < ACTIVE_USERS_TTL_MS && Math.abs(now - known.clockAt) < MINUTE;
    let counted: CountedCall;
    try {
      counted = await counters.count({
        igAppId,
        accountId,
        now,
        minute: Math.floor(now / MINUTE),
        activeSince: now - DAY,
        perHour,
        carry: taken !== undefined,
        carriedCalls: taken?.calls ?? 0,
        timeMs: taken?.timeMs ?? 0,
        unwrittenCalls,
        knownActiveUsers: fresh ? known.count : null,
        knownGeneration: known?.generation ?? 0,
      });
    } catch (error) {
      taken?.release(false);
      throw error;
    }
    taken?.release(true);
    prune(now);
    const { refused, appCalls, appTimeMs, activeUsers, callerActive, countedActiveUsers, generation } = counted;
    if (countedActiveUsers) app.activeUsers = { count: activeUsers, wallAt: performance.now(), clockAt: now, generation };
    // A count kept from earlier may miss users other nodes admitted since: only a fresh one refuses (the
    // refused statement counted nothing but what it carried).
    if (refused === 'app_limit' && !countedActiveUsers) return admit(igAppId, accountId, true);
    if (refused) {
      flushCalls(igAppId, app);
      return { refused, usage: appUsageOf(appCalls, appTimeMs + unwrittenTimeMs, perHour, activeUsers) };
    }
    if (!taken) app.pendingCalls += 1;
    // As in memory: the caller counts among the active users once admitted.
    if (!callerActive && app.activeUsers) app.activeUsers.count += 1;
    flushCalls(igAppId, app);
    return { usage: appUsageOf(appCalls + 1, appTimeMs + unwrittenTimeMs, perHour, activeUsers + (callerActive ? 0 : 1)) };
  };

  return {
    admit: (igAppId: string, accountId: string) => admit(igAppId, accountId, false),

    recordTime(igAppId: string, ms: number): void {
      appOf(igAppId).pendingTimeMs += ms;
    },

    async clear(): Promise<void> {
      apps.clear();
      await counters.clear();
    },
  };
}
