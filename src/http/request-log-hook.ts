// Feeds the request log (issue 8) from one onResponse hook: OAuth (the token endpoint and the
// Authorization Window), Graph and CDN requests, redacted as they are written, so no raw token, secret
// or code stays in memory. On the Graph hot path a call that went well keeps nothing of its own: the log
// stores columns and one copy of each equal string, and such a call's headers are shared objects.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HeaderMap, LoggedError, LoggedSurface, RequestLog } from '../requestlog/request-log.ts';
import { REDACTED, redactSecrets, redactUrl } from './log-redaction.ts';
import { pickParams } from './request-params.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Instagram App ID this request acted for, noted by its handler (the log's `app_id`). */
    loggedAppId: string | undefined;
    /** What an error answer said (noteErrorAnswers, or the Graph handler). */
    loggedError: LoggedError | undefined;
  }
}

const SLASH = 47;
const QUESTION_MARK = 63;
const MESSAGE_MAX = 500;
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
/** Distinct shared header objects kept before a table starts afresh. */
const SHARED_HEADER_OBJECTS = 1024;

/** The logged surface a request belongs to, from its path in the route space (after host rewriting). */
export function loggedSurfaceOf(url: string): LoggedSurface | undefined {
  if (url.startsWith('/graph')) {
    const next = url.charCodeAt(6);
    return Number.isNaN(next) || next === SLASH || next === QUESTION_MARK ? 'graph' : undefined;
  }
  if (url.startsWith('/cdn/')) return 'cdn';
  if (url.startsWith('/oauth/')) return 'api';
  return undefined;
}

/**
 * One header object for each distinct value: a Graph call that went well keeps only these few headers,
 * and its entry shares them with every other call that sent the same ones (see createRequestLog).
 */
function createSharedHeaders<K extends string>(build: (key: K) => HeaderMap): (key: K) => HeaderMap {
  let table = new Map<K, HeaderMap>();
  return (key) => {
    let headers = table.get(key);
    if (headers === undefined) {
      if (table.size === SHARED_HEADER_OBJECTS) table = new Map();
      headers = build(key);
      table.set(key, headers);
    }
    return headers;
  };
}

const graphRequestHeaders = createSharedHeaders((key: string) => {
  const [host, userAgent] = key.split('\n');
  return { host: host === '' ? undefined : host, 'user-agent': userAgent === '' ? undefined : userAgent };
});
const graphResponseHeaders = createSharedHeaders((contentType: string) => ({ 'content-type': contentType === '' ? undefined : contentType }));

function redactRequestHeaders(headers: FastifyRequest['headers'], surface: LoggedSurface, status: number): HeaderMap {
  // A Graph call that went well keeps two headers, not the request's whole header object: 10 000 of
  // those held resident memory under load above its 150 MB target.
  const credentials = CREDENTIAL_HEADERS.some((name) => headers[name] !== undefined);
  if (surface === 'graph' && status < 400 && !credentials) return graphRequestHeaders(`${headers.host ?? ''}\n${headers['user-agent'] ?? ''}`);
  if (!credentials) return headers;
  const copy: Record<string, string | string[] | undefined> = { ...headers };
  for (const name of CREDENTIAL_HEADERS) if (copy[name] !== undefined) copy[name] = REDACTED;
  return copy;
}

function redactResponseHeaders(reply: FastifyReply, surface: LoggedSurface): HeaderMap {
  // A Graph answer that went well is the hot path: getHeaders() builds a new object, which slowed /me by
  // about a sixth, so such an entry keeps only its content type (its other headers are Graph's usual ones).
  if (surface === 'graph' && reply.statusCode < 400) {
    const contentType = reply.getHeader('content-type');
    return graphResponseHeaders(typeof contentType === 'string' ? contentType : '');
  }
  const headers = reply.getHeaders();
  if (headers['set-cookie'] !== undefined) headers['set-cookie'] = REDACTED;
  // The Authorization Window's redirect carries the code.
  if (typeof headers.location === 'string') headers.location = redactSecrets(headers.location);
  return headers;
}

/** Body bytes by Content-Length: 0 without a body, -1 when the length was not declared. */
function sizeOf(contentLength: unknown, chunked: boolean): number {
  if (contentLength === undefined) return chunked ? -1 : 0;
  const size = Number(contentLength);
  return Number.isSafeInteger(size) && size >= 0 ? size : -1;
}

const HTML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Graph's `{"error":{"code","message"}}`, OAuth's `{"error_type","code","error_message"}`, or the text itself. */
export function summarizeError(payload: string): LoggedError {
  let text = payload.trim();
  // The Authorization Window's error page shows the OAuth error JSON (authorize-pages.ts).
  const shown = /<pre id="error">([^<]*)<\/pre>/.exec(text)?.[1] ?? /<title>([^<]*)<\/title>/.exec(text)?.[1];
  if (shown !== undefined) text = shown.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity] ?? entity);
  let summary: LoggedError = { code: null, message: text };
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      const graph = body.error as Record<string, unknown> | undefined;
      if (graph && typeof graph === 'object') summary = { code: typeof graph.code === 'number' ? graph.code : null, message: String(graph.message) };
      else if (typeof body.error_message === 'string') summary = { code: typeof body.error_type === 'string' ? body.error_type : null, message: body.error_message };
    } catch {
      // Not JSON after all: the text is the message.
    }
  }
  summary.message = redactSecrets(summary.message).slice(0, MESSAGE_MAX);
  return summary;
}

/** The Instagram App ID a request names: noted by its handler, or the OAuth `client_id` (or `app_id`). */
function appIdOf(request: FastifyRequest, surface: LoggedSurface): string | undefined {
  if (request.loggedAppId !== undefined || surface !== 'api') return request.loggedAppId;
  const params = pickParams(request.method === 'POST' ? request.body : request.query, ['client_id', 'app_id']);
  const named = params.client_id ?? params.app_id;
  return named !== undefined && /^\d{1,32}$/.test(named) ? named : undefined;
}

/**
 * Notes what error answers say, for the log: an onSend hook for the surface `app` (OAuth, CDN). Not on
 * Graph, whose hot path an onSend hook would slow by a sixth: its handler notes its errors itself.
 */
export function noteErrorAnswers(app: FastifyInstance, log: RequestLog): void {
  if (!log.enabled) return;
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') request.loggedError = summarizeError(payload);
    done(null, payload);
  });
}

/** Registers the onResponse hook on the root instance; with the log off (size 0) only the request fields exist. */
export function registerRequestLog(app: FastifyInstance, log: RequestLog): void {
  app.decorateRequest('loggedAppId', undefined);
  app.decorateRequest('loggedError', undefined);
  if (!log.enabled) return;

  app.addHook('onResponse', (request, reply, done) => {
    const surface = loggedSurfaceOf(request.url);
    if (surface) {
      const headers = request.headers;
      log.record({
        surface,
        method: request.method,
        url: redactUrl(request.originalUrl),
        scheme: request.protocol,
        host: request.host,
        httpVersion: request.raw.httpVersion,
        appId: appIdOf(request, surface),
        status: reply.statusCode,
        latencyMs: reply.elapsedTime,
        requestSize: sizeOf(headers['content-length'], headers['transfer-encoding'] !== undefined),
        responseSize: request.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304 ? 0 : sizeOf(reply.getHeader('content-length'), true),
        error: request.loggedError,
        requestHeaders: redactRequestHeaders(headers, surface, reply.statusCode),
        responseHeaders: redactResponseHeaders(reply, surface),
      });
    }
    done();
  });
}
