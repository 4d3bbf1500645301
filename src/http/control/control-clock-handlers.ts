// GET and POST /_igloo/clock: the emulator's virtual clock (DESIGN.md §6), with the routes' wire schemas.
// It only moves forward: expiry rules, the refresh window and the callback outbox assume time never
// goes back, so `set` to an earlier instant is refused.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { controlErrorSchema, ControlValidationError } from './control-validation.ts';

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

const clockSchema = Type.Object({
  now: Type.String({ description: 'The virtual time, ISO 8601 in UTC' }),
  now_ms: Type.Integer({ description: 'The virtual time in ms since the Unix epoch' }),
  offset_ms: Type.Integer({ description: 'How far the virtual time is ahead of the wall clock' }),
  virtual: Type.Boolean({ description: 'False in service mode, where the clock is the wall clock' }),
});

export const getClockSchema = { summary: 'Read the virtual clock', response: { 200: clockSchema } };

const moveClockBody = Type.Object(
  {
    advance: Type.Optional(Type.Union([Type.String(), Type.Integer({ minimum: 0 })], { description: 'How far to move: "<n><ms|s|m|h|d>" or a number of ms' })),
    set: Type.Optional(Type.String({ description: 'The instant to move to (ISO 8601 with a zone), not before the current virtual time' })),
  },
  { additionalProperties: false },
);

export type MoveClockBody = Static<typeof moveClockBody>;

export const moveClockSchema = {
  summary: 'Move the virtual clock forward, by a duration (advance) or to an instant (set)',
  body: moveClockBody,
  response: { 200: clockSchema, 400: controlErrorSchema, 409: controlErrorSchema },
};

export function createControlClockHandlers(services: Services) {
  const { clock, virtualClock, clockControl } = services;
  const clockBody = () => {
    const nowMs = clock.now(); // read once: `now` and `now_ms` must name the same instant
    return { now: new Date(nowMs).toISOString(), now_ms: nowMs, offset_ms: virtualClock?.offset() ?? 0, virtual: virtualClock !== undefined };
  };

  /** How far to move the clock, in ms, for a valid body; throws ControlValidationError naming the field. */
  const distanceOf = ({ advance, set }: MoveClockBody): number => {
    const now = clock.now();
    if (advance !== undefined && set === undefined) {
      const ms = parseDuration(advance);
      if (ms === undefined) throw new ControlValidationError(ADVANCE_EXPECTED, 'advance');
      if (now + ms > LAST_DATE_MS) throw new ControlValidationError('advance would move the clock past the last date igloo can represent', 'advance');
      return ms;
    }
    if (set !== undefined && advance === undefined) {
      const target = parseInstant(set);
      if (target === undefined) throw new ControlValidationError(SET_EXPECTED, 'set');
      if (target < now) throw new ControlValidationError(`set must not be before the current virtual time, ${new Date(now).toISOString()}: the clock only moves forward`, 'set');
      return target - now;
    }
    throw new ControlValidationError('Send either {"advance": "<n><ms|s|m|h|d>"} or {"set": "<ISO 8601 instant>"}.');
  };

  return {
    getClock: (_request: FastifyRequest, reply: FastifyReply) => {
      return reply.send(clockBody());
    },

    /** POST /_igloo/clock {"advance": "1h"} or {"set": "2026-01-01T00:00:00Z"}: moves the clock and saves it. */
    moveClock: async (request: FastifyRequest<{ Body: MoveClockBody }>, reply: FastifyReply) => {
      if (!clockControl) return reply.status(409).send({ error: { code: 'clock_not_virtual', message: 'The clock is only virtual in emulator mode.' } });
      await clockControl.advance(distanceOf(request.body));
      return reply.send(clockBody());
    },
  };
}
