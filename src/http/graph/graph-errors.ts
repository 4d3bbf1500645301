// graph.instagram.com's error answers, all written here: {"error":{…}} (error-envelopes.ts builds the
// body) with the same fbtrace_id in `x-fb-trace-id`, readable by browser widgets like every Graph answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseApiVersion } from '../../graph/api-versions.ts';
import { GraphError, objectNotFound } from '../../graph/graph-error.ts';
import type { IdGenerator } from '../../ids.ts';
import { graphError } from '../error-envelopes.ts';
import { summarizeError } from '../request-log-hook.ts';

export const GRAPH_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Writes an error in Graph's envelope (also when the URL could not even be decoded). */
export function sendGraphError(reply: FastifyReply, ids: IdGenerator, error: unknown): FastifyReply {
  const traceId = ids.traceId();
  const wire = graphError(error, traceId);
  if (wire.status === 500 && !(error instanceof GraphError)) reply.log.error({ err: error }, 'graph handler failed');
  reply.request.loggedError = summarizeError(wire.body);
  return reply.status(wire.status).header('access-control-allow-origin', '*').header('x-fb-trace-id', traceId).type(GRAPH_CONTENT_TYPE).send(wire.body);
}

/** A Graph URL Fastify could not decode: answered as an unknown object, with the segment as sent. */
export function answerMalformedGraphUrl(services: { ids: IdGenerator }, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const segments = (request.url.split('?')[0] ?? '').split('/').filter(Boolean).slice(1);
  const nodeId = (segments[0] !== undefined && parseApiVersion(segments[0]) !== undefined ? segments[1] : segments[0]) ?? '';
  return sendGraphError(reply, services.ids, objectNotFound(nodeId));
}
