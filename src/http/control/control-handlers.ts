// The emulator's control API (/_igloo, JSON): health and callback deliveries; and igloo's own OAuth
// callback page. The clock and tokens have files of their own.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { callbackPage } from '../../views/callback-page.ts';
import { surfaceBase } from '../host-dispatch.ts';
import { sendPage } from '../page-security.ts';
import { pickParams } from '../request-params.ts';

export const healthSchema = {
  summary: 'Whether igloo is up, and its mode',
  response: { 200: Type.Object({ status: Type.Literal('ok'), mode: Type.Union([Type.Literal('emulator'), Type.Literal('service')]) }) },
};

const nullableString = (description?: string) => Type.Union([Type.String(), Type.Null()], { description });

const deliverySchema = Type.Object({
  id: Type.String(),
  instagram_app_id: Type.String(),
  kind: Type.Union([Type.Literal('deauthorize'), Type.Literal('data_deletion')]),
  url: Type.String(),
  payload: Type.Unknown({ description: 'What the signed_request carries, as JSON; signed when sent' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  next_attempt_at: nullableString('When the next attempt is due, ISO 8601; null unless pending'),
  last_attempt_at: nullableString(),
  last_result: nullableString('What the last attempt got: "HTTP 200", "could not connect (ECONNREFUSED)", …'),
  confirmation_code: nullableString("From a data deletion callback's answer"),
  status_url: nullableString("From a data deletion callback's answer"),
  created_at: Type.String(),
});

export const listCallbacksSchema = {
  summary: 'Every Deauthorize and Data Deletion callback delivery, newest first',
  response: { 200: Type.Object({ data: Type.Array(deliverySchema) }) },
};

export function createControlHandlers(services: Services) {
  return {
    health: (_request: FastifyRequest, reply: FastifyReply) => {
      return reply.send({ status: 'ok', mode: services.config.mode });
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
