// The time source every expiry rule reads. In emulator mode it is virtual: it follows the wall clock
// plus an offset that the control API moves forward (DESIGN.md §6).

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface VirtualClock extends Clock {
  /** Moves time forward by `ms` (never backwards, so issued codes and tokens keep their order). */
  advance(ms: number): void;
  /** How far the virtual time is ahead of the wall clock. */
  offset(): number;
}

export function createSystemClock(): Clock {
  return { now: () => Date.now() };
}

export function createVirtualClock(wall: Clock = createSystemClock()): VirtualClock {
  let offsetMs = 0;
  return {
    now: () => wall.now() + offsetMs,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
      offsetMs += ms;
    },
    offset: () => offsetMs,
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
