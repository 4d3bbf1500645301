// igloo clock [advance <duration> | set <instant>]: the virtual clock of POST /_igloo/clock (DESIGN.md
// §6), saved in the data dir's database. A running igloo keeps the offset it read at start and saves its
// own on its next move, so these are for a stopped igloo; move a running one with POST /_igloo/clock.
import { distanceOfMove } from '../clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { createServices } from '../services.ts';
import { UsageError } from './usage-error.ts';

export const CLOCK_USAGE = `  clock [advance <duration> | set <instant>]
                        show the virtual clock, or move it forward by a duration ("25h": ms, s, m, h,
                        d) or to an ISO 8601 instant ("2026-01-01T00:00:00Z"), and print it as JSON;
                        for a stopped igloo (a running one: POST /_igloo/clock)
`;

/** Runs `igloo clock …`; returns the exit code. Throws UsageError for a bad command line. */
export async function clockCommand(args: string[]): Promise<number> {
  const [action, value, ...extra] = args;
  const showing = action === undefined;
  if (!showing && !((action === 'advance' || action === 'set') && value !== undefined && extra.length === 0)) throw new UsageError('clock needs nothing, "advance <duration>" or "set <instant>"');
  const { services, close } = await createServices(loadConfig());
  try {
    const { clock, virtualClock, clockControl } = services;
    if (!showing) {
      if (!clockControl) {
        process.stderr.write('igloo: the clock is only virtual in emulator mode\n');
        return 1;
      }
      const move = distanceOfMove(action === 'advance' ? { advance: value } : { set: value }, clock.now());
      if (!('ms' in move)) {
        process.stderr.write(`igloo: ${move.message}\n`);
        return 1;
      }
      await clockControl.advance(move.ms);
    }
    const nowMs = clock.now();
    process.stdout.write(`${JSON.stringify({ now: new Date(nowMs).toISOString(), now_ms: nowMs, offset_ms: virtualClock?.offset() ?? 0, virtual: virtualClock !== undefined })}\n`);
    return 0;
  } finally {
    await close();
  }
}
