// The emulator's control API (/_igloo, JSON) and igloo's own OAuth callback page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { callbackPage } from '../../views/callback-page.ts';
import { surfaceBase } from '../host-dispatch.ts';
import { sendPage } from '../page-security.ts';
import { pickParams } from '../request-params.ts';

const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** The latest instant a JS Date can hold; past it every timestamp igloo formats would throw. */
const LAST_DATE_MS = 8.64e15;

/** `90s`, `1h`, `61d` or a number of milliseconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  return match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : undefined;
}

function controlError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

export function createControlHandlers(services: Services) {
  const { clock, virtualClock, clockControl } = services;
  const clockBody = () => {
    const nowMs = clock.now(); // read once: `now` and `now_ms` must name the same instant
    return { now: new Date(nowMs).toISOString(), now_ms: nowMs, offset_ms: virtualClock?.offset() ?? 0, virtual: virtualClock !== undefined };
  };

  return {
    health: (_request: FastifyRequest, reply: FastifyReply) => {
      return reply.send({ status: 'ok', mode: services.config.mode });
    },

    getClock: (_request: FastifyRequest, reply: FastifyReply) => {
      return reply.send(clockBody());
    },

    /** POST /_igloo/clock {"advance": "1h"}: moves the virtual clock forward and saves it (DESIGN.md §6). */
    advanceClock: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!clockControl) return controlError(reply, 409, 'clock_not_virtual', 'The clock is only virtual in emulator mode.');
      const body = request.body as Record<string, unknown> | undefined;
      const ms = parseDuration(body?.advance);
      if (ms === undefined) return controlError(reply, 400, 'invalid_duration', 'Send {"advance": "<n><ms|s|m|h|d>"} or a number of milliseconds.');
      if (clock.now() + ms > LAST_DATE_MS) return controlError(reply, 400, 'invalid_duration', 'That would move the clock past the last date igloo can represent.');
      await clockControl.advance(ms);
      return reply.send(clockBody());
    },

    /** GET /_igloo/callbacks: every app's Deauthorize and Data Deletion deliveries, newest first. */
    listCallbacks: async (_request: FastifyRequest, reply: FastifyReply) => {
      const deliveries = await services.callbacks.listAllDeliveries();
      return reply.send({
        data: deliveries.map((d) => ({
          id: d.id,
          instagram_app_id: d.igAppId,
          kind: d.kind,
          url: d.url,
          payload: JSON.parse(d.payload) as unknown,
          status: d.status,
          attempts: d.attempts,
          next_attempt_at: d.status === 'pending' ? new Date(d.nextAttemptAt).toISOString() : null,
          last_attempt_at: d.lastAttemptAt === null ? null : new Date(d.lastAttemptAt).toISOString(),
          last_result: d.lastResult,
          confirmation_code: d.confirmationCode,
          status_url: d.statusUrl,
          created_at: new Date(d.createdAt).toISOString(),
        })),
      });
    },

    showCallback: (request: FastifyRequest, reply: FastifyReply) => {
      const query = pickParams(request.query, ['code', 'state', 'error', 'error_reason', 'error_description']);
      const base = surfaceBase(request, 'www', services.config.hosts);
      return sendPage(
        reply,
        callbackPage({
          redirectUri: `${base}/_igloo/callback`,
          tokenEndpoint: `${surfaceBase(request, 'api', services.config.hosts)}/oauth/access_token`,
          code: query.code,
          state: query.state,
          error: query.error === undefined ? undefined : { error: query.error, reason: query.error_reason, description: query.error_description },
        }),
      );
    },
  };
}
