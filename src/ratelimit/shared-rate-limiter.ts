// Platform Rate Limits (spec §6.1) shared by the nodes of one PostgreSQL database: the same rules as
// rate-limiter.ts, counted in the database (rate-limit-repository.ts), one statement per Graph call, in
// one-minute buckets of the (virtual) clock. The time calls take is added with the node's next call.
import { DAY, MINUTE, type Clock } from '../clock.ts';
import type { RateLimitRepository } from './rate-limit-repository.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { appUsageOf, type Admission } from './rate-limit-usage.ts';

export function createSharedRateLimiter(deps: { counters: RateLimitRepository; clock: Clock; perHour: number }): RateLimiter {
  const { counters, clock, perHour } = deps;
  /** Per app: time recorded on this node and not yet written. */
  const unwrittenTime = new Map<string, number>();
  let prunedAt = -Infinity;

  const prune = (now: number) => {
    if (now - prunedAt < MINUTE) return;
    prunedAt = now;
    // Off the call's path; a failed delete is retried a minute later by whichever node gets there first.
    counters.prune(Math.floor(now / MINUTE), now - DAY).catch(() => (prunedAt = -Infinity));
  };

  return {
    async admit(igAppId: string, accountId: string): Promise<Admission> {
      const now = clock.now();
      const timeMs = unwrittenTime.get(igAppId) ?? 0;
      unwrittenTime.delete(igAppId);
      let counted;
      try {
        counted = await counters.count({ igAppId, accountId, now, minute: Math.floor(now / MINUTE), activeSince: now - DAY, perHour, timeMs });
      } catch (error) {
        unwrittenTime.set(igAppId, (unwrittenTime.get(igAppId) ?? 0) + timeMs);
        throw error;
      }
      prune(now);
      const { refused, appCalls, appTimeMs, activeUsers, callerActive } = counted;
      if (refused) {
        // Not written with a refused call: kept for the next admitted one.
        unwrittenTime.set(igAppId, (unwrittenTime.get(igAppId) ?? 0) + timeMs);
        return { refused, usage: appUsageOf(appCalls, appTimeMs + timeMs, perHour, activeUsers) };
      }
      // As in memory: the caller counts among the active users once admitted.
      return { usage: appUsageOf(appCalls + 1, appTimeMs + timeMs, perHour, activeUsers + (callerActive ? 0 : 1)) };
    },

    recordTime(igAppId: string, ms: number): void {
      unwrittenTime.set(igAppId, (unwrittenTime.get(igAppId) ?? 0) + ms);
    },

    async clear(): Promise<void> {
      unwrittenTime.clear();
      await counters.clear();
    },
  };
}
