// GET and POST /_igloo/clock: the emulator's virtual clock (DESIGN.md §6), with the routes' wire schemas.
// It only moves forward: expiry rules, the refresh window and the callback outbox assume time never
// goes back, so `set` to an earlier instant is refused.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { distanceOfMove } from '../../clock.ts';
import { FieldError } from '../../field-check.ts';
import { controlErrorSchema } from './control-validation.ts';

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

  /** How far to move the clock, in ms, for a valid body; throws FieldError naming the field. */
  const distanceOf = (body: MoveClockBody): number => {
    const move = distanceOfMove(body, clock.now());
    if ('ms' in move) return move.ms;
    throw new FieldError(move.message, move.field);
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
