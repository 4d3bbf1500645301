// The time source every expiry rule reads. In emulator mode it is virtual: it follows the wall clock
// plus an offset that the control API moves forward (DESIGN.md §6) and that the database keeps across
// restarts (createClockControl).

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

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
