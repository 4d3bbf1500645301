// The time source every expiry rule reads. In emulator mode it is virtual: it follows the wall clock
// plus an offset that the control API moves forward (DESIGN.md §6) and that the database keeps across
// restarts (createClockControl). The parsing of moves ("25h", an ISO instant) is shared by the control
// API and `igloo clock`.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface VirtualClock extends Clock {
  /** Moves time forward by `ms` (never backwards, so issued codes and tokens keep their order). */
  advance(ms: number): void;
  /** How far the virtual time is ahead of the wall clock. */
  offset(): number;
  /**
   * Back to the wall clock (offset 0): the one move backwards, for a world reset, after which nothing
   * issued under the old time remains.
   */
  resetOffset(): void;
}

export function createSystemClock(): Clock {
  return { now: () => Date.now() };
}

/** A virtual clock `initialOffsetMs` ahead of `wall` (the offset saved by an earlier run). */
export function createVirtualClock(wall: Clock = createSystemClock(), initialOffsetMs = 0): VirtualClock {
  if (!Number.isFinite(initialOffsetMs) || initialOffsetMs < 0) throw new RangeError('the clock only moves forward');
  let offsetMs = initialOffsetMs;
  return {
    now: () => wall.now() + offsetMs,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
      offsetMs += ms;
    },
    offset: () => offsetMs,
    resetOffset() {
      offsetMs = 0;
    },
  };
}

/** What the control API does to the virtual clock: every move is saved before it is answered. */
export interface ClockControl {
  advance(ms: number): Promise<void>;
}

export function createClockControl(deps: { clock: VirtualClock; wall: Clock; saveOffset: (offsetMs: number, at: number) => Promise<void>; afterMove: () => void }): ClockControl {
  const { clock, wall, saveOffset, afterMove } = deps;
  return {
    async advance(ms) {
      clock.advance(ms);
      await saveOffset(clock.offset(), wall.now());
      afterMove();
    },
  };
}

const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** An RFC 3339 instant: a date, a time and a zone (Z or ±hh:mm); seconds and milliseconds optional. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** The latest instant a JS Date can hold; past it every timestamp igloo formats would throw. */
const LAST_DATE_MS = 8.64e15;

const ADVANCE_EXPECTED = 'advance must be a duration like "90s", "61m", "25h" or "2d" (units ms, s, m, h, d), or a whole number of milliseconds';
const SET_EXPECTED = 'set must be an ISO 8601 instant with a zone, like "2026-01-01T00:00:00Z"';

/** `90s`, `1h`, `61d` or a number of milliseconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  return match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : undefined;
}

/** `2026-01-01T00:00:00Z` or `2026-01-01T01:00:00+01:00` as epoch ms; undefined for anything else, Feb 30 included. */
export function parseInstant(value: string): number | undefined {
  const match = INSTANT.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second = 0, zoneHours = 0, zoneMinutes = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) return undefined;
  const realDay = month >= 1 && month <= 12 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59 || zoneHours > 23 || zoneMinutes > 59) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export type ClockMove = { advance?: string | number; set?: string };

/**
 * How far a move (`{advance}` or `{set}`, the control API's body and the CLI's verbs) takes the clock,
 * in ms, from `now`; or what is wrong with it, and the field at fault.
 */
export function distanceOfMove({ advance, set }: ClockMove, now: number): { ms: number } | { field?: 'advance' | 'set'; message: string } {
  if (advance !== undefined && set === undefined) {
    const ms = parseDuration(advance);
    if (ms === undefined) return { field: 'advance', message: ADVANCE_EXPECTED };
    if (now + ms > LAST_DATE_MS) return { field: 'advance', message: 'advance would move the clock past the last date igloo can represent' };
    return { ms };
  }
  if (set !== undefined && advance === undefined) {
    const target = parseInstant(set);
    if (target === undefined) return { field: 'set', message: SET_EXPECTED };
    if (target < now) return { field: 'set', message: `set must not be before the current virtual time, ${new Date(now).toISOString()}: the clock only moves forward` };
    return { ms: target - now };
  }
  return { message: 'Send either {"advance": "<n><ms|s|m|h|d>"} or {"set": "<ISO 8601 instant>"}.' };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
