// GET /_igloo/requests and /_igloo/requests.har (issue 8): the request log of the OAuth, Graph and CDN
// surfaces, newest first, filtered by app, surface and status and paged with `limit` and `before`;
// as JSON, or as a HAR 1.2 log (request-log-har.ts). Entries are stored redacted.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGED_SURFACES, type LoggedSurface, type RequestLogEntry, type RequestLogFilter } from '../../requestlog/request-log.ts';
import { packageVersion } from '../../package-root.ts';
import type { Services } from '../../services.ts';
import { FieldError } from '../../field-check.ts';
import { controlErrorSchema } from './control-validation.ts';
import { harLogOf, harSchema } from './request-log-har.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const requestLogQuery = Type.Object(
  {
    app_id: Type.Optional(Type.String({ description: 'Only requests of this Instagram App ID' })),
    surface: Type.Optional(Type.String({ description: 'api, graph or cdn' })),
    status: Type.Optional(Type.String({ description: 'An exact status (404) or a class (4xx)' })),
    limit: Type.Optional(Type.String({ description: `How many entries, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})` })),
    before: Type.Optional(Type.String({ description: 'Only entries older than this id (the previous page’s paging.before)' })),
  },
  { additionalProperties: false },
);

export type RequestLogQuery = Static<typeof requestLogQuery>;

const entrySchema = Type.Object({
  id: Type.Integer(),
  time: Type.String({ description: 'The virtual clock when the response finished, ISO 8601' }),
  wall_ms: Type.Integer({ description: 'The wall clock then, in ms since the Unix epoch' }),
  surface: Type.Union(LOGGED_SURFACES.map((s) => Type.Literal(s))),
  method: Type.String(),
  path: Type.String({ description: 'Path and query as sent, with tokens, secrets and codes redacted' }),
  app_id: Type.Union([Type.String(), Type.Null()], { description: 'The Instagram App ID, when known' }),
  status: Type.Integer(),
  latency_ms: Type.Number(),
  error: Type.Union([Type.Object({ code: Type.Union([Type.String(), Type.Number(), Type.Null()]), message: Type.String() }), Type.Null()]),
  request_size: Type.Integer({ description: 'Body bytes; -1 when unknown' }),
  response_size: Type.Integer({ description: 'Body bytes; -1 when unknown' }),
});

export const listRequestsSchema = {
  summary: 'The request log of the OAuth, Graph and CDN surfaces, newest first',
  querystring: requestLogQuery,
  response: {
    200: Type.Object({ data: Type.Array(entrySchema), paging: Type.Object({ before: Type.Optional(Type.String()) }) }),
    400: controlErrorSchema,
  },
};

export const requestsHarSchema = {
  summary: 'The request log as HAR 1.2 (same filters)',
  querystring: requestLogQuery,
  response: { 200: harSchema, 400: controlErrorSchema },
};

const STATUS = /^(?:([1-5]\d\d)|([1-5])xx)$/;
const DIGITS = /^\d{1,15}$/;

/** The filter a query asks for; throws FieldError naming the field at fault. */
export function requestLogFilterOf(query: RequestLogQuery): RequestLogFilter {
  const filter: RequestLogFilter = { limit: DEFAULT_LIMIT };
  if (query.app_id !== undefined) {
    if (!/^\d{1,32}$/.test(query.app_id)) throw new FieldError('app_id must be an Instagram App ID (digits)', 'app_id');
    filter.appId = query.app_id;
  }
  if (query.surface !== undefined) {
    if (!(LOGGED_SURFACES as string[]).includes(query.surface)) throw new FieldError('surface must be api, graph or cdn', 'surface');
    filter.surface = query.surface as LoggedSurface;
  }
  if (query.status !== undefined) {
    const match = STATUS.exec(query.status.toLowerCase());
    if (!match) throw new FieldError('status must be an HTTP status like 404, or a class like 4xx', 'status');
    filter.status = match[1] !== undefined ? { exact: Number(match[1]) } : { hundreds: Number(match[2]) };
  }
  if (query.limit !== undefined) {
    const limit = Number(query.limit);
    if (!DIGITS.test(query.limit) || limit < 1 || limit > MAX_LIMIT) throw new FieldError(`limit must be a whole number from 1 to ${MAX_LIMIT}`, 'limit');
    filter.limit = limit;
  }
  if (query.before !== undefined) {
    if (!DIGITS.test(query.before) || Number(query.before) < 1) throw new FieldError('before must be the id of a request log entry', 'before');
    filter.before = Number(query.before);
  }
  return filter;
}

export function entryWire(entry: RequestLogEntry) {
  return {
    id: entry.id,
    time: new Date(entry.virtualMs).toISOString(),
    wall_ms: entry.wallMs,
    surface: entry.surface,
    method: entry.method,
    path: entry.url,
    app_id: entry.appId ?? null,
    status: entry.status,
    latency_ms: Math.round(entry.latencyMs * 1000) / 1000,
    error: entry.error ?? null,
    request_size: entry.requestSize,
    response_size: entry.responseSize,
  };
}

export function createControlRequestLogHandlers(services: Services) {
  const { requestLog } = services;
  const version = packageVersion();
  return {
    listRequests: (request: FastifyRequest<{ Querystring: RequestLogQuery }>, reply: FastifyReply) => {
      const page = requestLog.list(requestLogFilterOf(request.query));
      const paging = page.nextBefore === undefined ? {} : { before: String(page.nextBefore) };
      return reply.header('cache-control', 'no-store').send({ data: page.entries.map(entryWire), paging });
    },

    requestsHar: (request: FastifyRequest<{ Querystring: RequestLogQuery }>, reply: FastifyReply) => {
      const page = requestLog.list(requestLogFilterOf(request.query));
      return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="igloo-requests.har"').send(harLogOf(page.entries, version));
    },
  };
}
