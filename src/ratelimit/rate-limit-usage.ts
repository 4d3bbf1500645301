// What both rate limiters answer (spec §6.1): a call admitted or refused by the user's or the app's
// limit, and the app's usage as X-App-Usage reports it. The Graph layer turns a refusal into its error.

export interface AppUsage {
  call_count: number;
  total_cputime: number;
  total_time: number;
}

/** Which limit refused a call: the user's with one app (Graph code 17) or the app's (code 4). */
export type RateLimitRefusal = 'user_limit' | 'app_limit';

export interface Admission {
  /** Set when the call is refused; a refused call is not counted. */
  refused?: RateLimitRefusal;
  /** The app's usage, undefined while it is all 0 (the header appears "once enough calls have been made"). */
  usage: AppUsage | undefined;
}

/** The time budget behind total_time and total_cputime: 100 ms a call. */
const TIME_PER_CALL_MS = 100;

const percent = (used: number, budget: number) => Math.min(100, Math.floor((used / budget) * 100));

/** An app's usage of its budget: `perHour` calls (and 100 ms each) for each of its active users. */
export function appUsageOf(calls: number, timeMs: number, perHour: number, activeUsers: number): AppUsage | undefined {
  const budget = perHour * Math.max(1, activeUsers);
  const callCount = percent(calls, budget);
  const timePercent = percent(timeMs, budget * TIME_PER_CALL_MS);
  return callCount === 0 && timePercent === 0 ? undefined : { call_count: callCount, total_cputime: timePercent, total_time: timePercent };
}
