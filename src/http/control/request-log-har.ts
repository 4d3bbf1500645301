// The request log as an HTTP Archive (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/), for
// browser dev tools and HAR viewers. Bodies are not kept, so `content` has a size and a type only; the
// headers are those stored, already redacted (no Authorization, Cookie or Set-Cookie values). igloo's
// own facts ride in `_`-prefixed fields, which the spec reserves for custom data.
import { STATUS_CODES } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { HeaderMap, RequestLogEntry } from '../../requestlog/request-log.ts';

const nameValue = Type.Object({ name: Type.String(), value: Type.String() });

export const harSchema = Type.Object({
  log: Type.Object({
    version: Type.Literal('1.2'),
    creator: Type.Object({ name: Type.String(), version: Type.String() }),
    entries: Type.Array(
      Type.Object({
        startedDateTime: Type.String(),
        time: Type.Number(),
        request: Type.Object({
          method: Type.String(),
          url: Type.String(),
          httpVersion: Type.String(),
          cookies: Type.Array(nameValue),
          headers: Type.Array(nameValue),
          queryString: Type.Array(nameValue),
          headersSize: Type.Integer(),
          bodySize: Type.Integer(),
        }),
        response: Type.Object({
          status: Type.Integer(),
          statusText: Type.String(),
          httpVersion: Type.String(),
          cookies: Type.Array(nameValue),
          headers: Type.Array(nameValue),
          content: Type.Object({ size: Type.Integer(), mimeType: Type.String() }),
          redirectURL: Type.String(),
          headersSize: Type.Integer(),
          bodySize: Type.Integer(),
        }),
        cache: Type.Object({}),
        timings: Type.Object({ send: Type.Number(), wait: Type.Number(), receive: Type.Number() }),
        _id: Type.Integer(),
        _surface: Type.String(),
        _app_id: Type.Union([Type.String(), Type.Null()]),
        _virtual_time: Type.String(),
        _error: Type.Union([Type.Object({ code: Type.Union([Type.String(), Type.Number(), Type.Null()]), message: Type.String() }), Type.Null()]),
      }),
    ),
  }),
});

function headerList(headers: HeaderMap): { name: string; value: string }[] {
  const list: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) list.push({ name, value: String(one) });
  }
  return list;
}

function queryStringOf(url: string): { name: string; value: string }[] {
  const at = url.indexOf('?');
  return at === -1 ? [] : [...new URLSearchParams(url.slice(at + 1))].map(([name, value]) => ({ name, value }));
}

const http = (version: string) => `HTTP/${version}`;

function harEntry(entry: RequestLogEntry) {
  const contentType = entry.responseHeaders['content-type'];
  const location = entry.responseHeaders.location;
  return {
    // The wall clock: HAR viewers lay requests out in real time; the virtual time is `_virtual_time`.
    startedDateTime: new Date(entry.wallMs - entry.latencyMs).toISOString(),
    time: entry.latencyMs,
    request: {
      method: entry.method,
      url: `${entry.scheme}://${entry.host}${entry.url}`,
      httpVersion: http(entry.httpVersion),
      cookies: [],
      headers: headerList(entry.requestHeaders),
      queryString: queryStringOf(entry.url),
      headersSize: -1,
      bodySize: entry.requestSize,
    },
    response: {
      status: entry.status,
      statusText: STATUS_CODES[entry.status] ?? '',
      httpVersion: http(entry.httpVersion),
      cookies: [],
      headers: headerList(entry.responseHeaders),
      content: { size: entry.responseSize, mimeType: typeof contentType === 'string' ? contentType : 'x-unknown' },
      redirectURL: typeof location === 'string' ? location : '',
      headersSize: -1,
      bodySize: entry.responseSize,
    },
    cache: {},
    // Only the server's time is known: all of it is waiting for the response.
    timings: { send: 0, wait: entry.latencyMs, receive: 0 },
    _id: entry.id,
    _surface: entry.surface,
    _app_id: entry.appId ?? null,
    _virtual_time: new Date(entry.virtualMs).toISOString(),
    _error: entry.error ?? null,
  };
}

/** @param version igloo's version, the log's `creator.version` */
export function harLogOf(entries: RequestLogEntry[], version: string) {
  return { log: { version: '1.2' as const, creator: { name: 'igloo', version }, entries: entries.map(harEntry) } };
}
