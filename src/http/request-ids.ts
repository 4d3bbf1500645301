// Request ids (issue 9): each request's id is in its log lines (Fastify's `reqId`) and in its answer's
// `x-request-id` header. An incoming x-request-id (from a proxy or the client) is kept when it is a sane
// token; anything else is replaced, so a log line or header never carries what a client made up.
// Instagram sends no x-request-id (Graph's own ids are x-fb-trace-id and x-fb-request-id): no clash.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Fastify's genReqId: the incoming id when sane, else `<process prefix>-<counter>`: unique across
 * processes and nodes (the random prefix) and cheaper than a UUID per request.
 */
export function createRequestIds(): (req: IncomingMessage) => string {
  const prefix = randomBytes(6).toString('base64url');
  let next = 0;
  return (req) => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    if (typeof incoming === 'string' && SANE_ID.test(incoming)) return incoming;
    next += 1;
    return `${prefix}-${next.toString(36)}`;
  };
}

/**
 * Every answer names its request's id. While draining (SIGTERM), a request that arrives on a keep-alive
 * connection is still answered, but with `Connection: close`, so the connection ends with it. (One hook
 * for both: every request pays for each hook.)
 */
export function registerRequestIdHeader(app: FastifyInstance, readiness: { readonly draining: boolean }): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (readiness.draining) reply.header('connection', 'close');
    done();
  });
}
