// Platform Rate Limits (spec §6.1): calls are counted per app and user over a rolling hour. A user may
// make `perHour` calls with one app (code 17 past it); an app may make `perHour` × its users active in the
// last day, a user counting once a call of theirs was admitted (code 4 past it, newcomers included).
// Usage is reported as percentages in X-App-Usage.
// Counters are kept in memory, in one-minute buckets on the (virtual) clock: on SQLite, one process.
// On PostgreSQL the nodes share them (shared-rate-limiter.ts).
import { DAY, HOUR, MINUTE, type Clock } from '../clock.ts';
import { appUsageOf, type Admission, type AppUsage } from './rate-limit-usage.ts';

const BUCKETS = 60;

/** Sixty one-minute buckets with running totals, so a check costs no loop on the hot path. */
class RollingHour {
  /** Whole calls a minute: 4 bytes a bucket keep the many users' counters small. */
  private readonly callBuckets = new Uint32Array(BUCKETS);
  /** Only apps count time (X-App-Usage); a user's hour needs no second array. */
  private readonly timeBuckets: Float64Array;
  private minute = -1;
  private totalCalls = 0;
  private totalTimeMs = 0;

  constructor(countsTime: boolean) {
    this.timeBuckets = new Float64Array(countsTime ? BUCKETS : 0);
  }

  private roll(now: number): void {
    const minute = Math.floor(now / MINUTE);
    if (minute <= this.minute) return;
    if (this.minute === -1 || minute - this.minute >= BUCKETS) {
      this.callBuckets.fill(0);
      this.timeBuckets.fill(0);
      this.totalCalls = 0;
      this.totalTimeMs = 0;
    } else {
      for (let m = this.minute + 1; m <= minute; m++) {
        const slot = m % BUCKETS;
        this.totalCalls -= this.callBuckets[slot] as number;
        this.totalTimeMs -= this.timeBuckets[slot] ?? 0;
        this.callBuckets[slot] = 0;
        if (this.timeBuckets.length > 0) this.timeBuckets[slot] = 0;
      }
    }
    this.minute = minute;
  }

  calls(now: number): number {
    this.roll(now);
    return this.totalCalls;
  }

  timeMs(now: number): number {
    this.roll(now);
    return this.totalTimeMs;
  }

  add(now: number, calls: number, timeMs: number): void {
    this.roll(now);
    const slot = Math.floor(now / MINUTE) % BUCKETS;
    this.callBuckets[slot] = (this.callBuckets[slot] as number) + calls;
    if (this.timeBuckets.length > 0) this.timeBuckets[slot] = (this.timeBuckets[slot] as number) + timeMs;
    this.totalCalls += calls;
    this.totalTimeMs += timeMs;
  }
}

interface AppCounters {
  hour: RollingHour;
  /** Users whose calls were admitted, with the time of their last one. */
  activeUsers: Map<string, number>;
  prunedAt: number;
}

export function createRateLimiter(deps: { clock: Clock; perHour: number }) {
  const { clock, perHour } = deps;
  /** Per app, per user: nested maps, so the hot path builds no key strings. */
  const users = new Map<string, Map<string, { hour: RollingHour; lastCall: number }>>();
  const apps = new Map<string, AppCounters>();
  let usersPrunedAt = 0;

  const appOf = (igAppId: string): AppCounters => {
    let app = apps.get(igAppId);
    if (!app) apps.set(igAppId, (app = { hour: new RollingHour(true), activeUsers: new Map(), prunedAt: 0 }));
    return app;
  };
  /** Users active in the last day; the list is swept at most once a minute, off the per-call path. */
  const activeUserCount = (app: AppCounters, now: number) => {
    if (now - app.prunedAt >= MINUTE) {
      for (const [user, seen] of app.activeUsers) if (now - seen > DAY) app.activeUsers.delete(user);
      app.prunedAt = now;
    }
    return Math.max(1, app.activeUsers.size);
  };
  /** Forgets users with no call in the last hour, at most once a minute, so memory stays bounded. */
  const userOf = (igAppId: string, accountId: string, now: number) => {
    if (now - usersPrunedAt >= MINUTE) {
      for (const appUsers of users.values()) for (const [id, user] of appUsers) if (now - user.lastCall > HOUR) appUsers.delete(id);
      usersPrunedAt = now;
    }
    let appUsers = users.get(igAppId);
    if (!appUsers) users.set(igAppId, (appUsers = new Map<string, { hour: RollingHour; lastCall: number }>()));
    let user = appUsers.get(accountId);
    if (!user) appUsers.set(accountId, (user = { hour: new RollingHour(false), lastCall: now }));
    return user;
  };
  const usageOf = (app: AppCounters, now: number, calls: number): AppUsage | undefined =>
    appUsageOf(calls, app.hour.timeMs(now), perHour, activeUserCount(app, now));

  return {
    /**
     * Counts one call, or refuses it when the user's or the app's limit is reached (a refused call is
     * not counted). Either way with the app's usage for the X-App-Usage header.
     */
    admit(igAppId: string, accountId: string): Admission {
      const now = clock.now();
      const user = userOf(igAppId, accountId, now);
      const app = appOf(igAppId);
      // The number of users is measured, not predicted: a user counts once one of their calls has been
      // admitted. Counting the caller first would make code 4 unreachable, since every user's own limit
      // is their whole share of the app's budget.
      const appCalls = app.hour.calls(now);
      if (user.hour.calls(now) >= perHour) return { refused: 'user_limit', usage: usageOf(app, now, appCalls) };
      if (appCalls >= perHour * activeUserCount(app, now)) return { refused: 'app_limit', usage: usageOf(app, now, appCalls) };
      app.activeUsers.set(accountId, now);
      user.lastCall = now;
      user.hour.add(now, 1, 0);
      app.hour.add(now, 1, 0);
      return { usage: usageOf(app, now, appCalls + 1) };
    },

    /** Adds the time a call took, for total_time. */
    recordTime(igAppId: string, ms: number): void {
      appOf(igAppId).hour.add(clock.now(), 0, ms);
    },

    /** Forgets every counter (a world reset). */
    clear(): void {
      users.clear();
      apps.clear();
      usersPrunedAt = 0;
    },
  };
}

/** Either limiter: the in-memory one answers at once, the shared one after its statement. */
export interface RateLimiter {
  admit(igAppId: string, accountId: string): Admission | Promise<Admission>;
  recordTime(igAppId: string, ms: number): void;
  clear(): void | Promise<void>;
}
