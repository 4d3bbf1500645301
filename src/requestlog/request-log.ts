// The request log (issue 8, DESIGN.md §6): the last N requests of the OAuth, Graph and CDN surfaces,
// kept in memory per process in a ring buffer. Entries arrive already redacted (request-log-hook.ts);
// this module stamps them with the clocks, bounds them, and answers filtered, paged reads.
import type { Clock } from '../clock.ts';

export type LoggedSurface = 'api' | 'graph' | 'cdn';
export const LOGGED_SURFACES: readonly LoggedSurface[] = ['api', 'graph', 'cdn'];

export type HeaderMap = Readonly<Record<string, string | string[] | number | undefined>>;

/** What an error answer said: Graph's `code`/`message`, OAuth's `error_type`/`error_message`, or the text. */
export interface LoggedError {
  code: string | number | null;
  message: string;
}

/** One request, as the hook records it: every URL and header value is already redacted. */
export interface RequestRecord {
  surface: LoggedSurface;
  method: string;
  /** Path and query as the client sent them, secrets redacted. */
  url: string;
  scheme: string;
  host: string;
  httpVersion: string;
  /** The Instagram App ID: from the token's principal or the client_id, when known. */
  appId: string | undefined;
  status: number;
  latencyMs: number;
  /** Body bytes from Content-Length; -1 when unknown (chunked). */
  requestSize: number;
  responseSize: number;
  error: LoggedError | undefined;
  requestHeaders: HeaderMap;
  responseHeaders: HeaderMap;
}

export interface RequestLogEntry extends RequestRecord {
  id: number;
  /** The virtual clock's time, and the wall clock's, when the response finished. */
  virtualMs: number;
  wallMs: number;
}

/** `status`: an exact status, or a class (4 for `4xx`). */
export interface RequestLogFilter {
  appId?: string;
  surface?: LoggedSurface;
  status?: { exact: number } | { hundreds: number };
  limit: number;
  /** Only entries older than this id. */
  before?: number;
}

export interface RequestLogPage {
  entries: RequestLogEntry[];
  /** The id to pass as `before` for the next page, when older matching entries exist. */
  nextBefore: number | undefined;
}

export interface RequestLog {
  /** False when the configured size is 0: nothing is recorded. */
  readonly enabled: boolean;
  /** Copies `record` in; its header and error objects are kept as they are (callers may share them). */
  record(record: RequestRecord): void;
  /** Newest first; each call builds new entry objects. */
  list(filter: RequestLogFilter): RequestLogPage;
  find(id: number): RequestLogEntry | undefined;
}

/** Distinct strings the log keeps one copy of before it starts its table afresh. */
const SHARED_STRINGS = 4096;

/**
 * One copy of each equal string: a client repeating a call sends the same redacted URL, host and version
 * each time, and every copy the log kept would be one more string for the old generation to carry.
 */
function createSharedStrings(capacity: number): (text: string) => string {
  let table = new Map<string, string>();
  return (text) => {
    const known = table.get(text);
    if (known !== undefined) return known;
    if (table.size === capacity) table = new Map();
    table.set(text, text);
    return text;
  };
}

/**
 * A ring of `size` slots indexed by id: entry `id` lives in slot `id % size`, so `before` starts its
 * scan in place and recording never moves anything.
 *
 * The ring is kept in columns (typed arrays for numbers, arrays for strings and objects), not as one
 * object per request, and its strings go through a small table of shared copies. Under load a slot lives
 * longer than two young-generation collections, so whatever a record keeps is copied into the old
 * generation and collected there: an object per request cost /graph/me about 2.5 µs and the repeated
 * URL and header strings most of the rest. An entry object is only built when someone reads the log.
 */
export function createRequestLog(deps: { size: number; clock: Clock; wall: Clock }): RequestLog {
  const { size, clock, wall } = deps;
  const surfaces = new Uint8Array(size);
  const statuses = new Uint16Array(size);
  const latencies = new Float64Array(size);
  const requestSizes = new Float64Array(size);
  const responseSizes = new Float64Array(size);
  const virtualTimes = new Float64Array(size);
  const wallTimes = new Float64Array(size);
  const methods = new Array<string>(size);
  const urls = new Array<string>(size);
  const schemes = new Array<string>(size);
  const hosts = new Array<string>(size);
  const httpVersions = new Array<string>(size);
  const appIds = new Array<string | undefined>(size);
  const errors = new Array<LoggedError | undefined>(size);
  const requestHeaders = new Array<HeaderMap>(size);
  const responseHeaders = new Array<HeaderMap>(size);
  const shared = createSharedStrings(SHARED_STRINGS);
  let nextId = 1;
  const oldestId = () => Math.max(1, nextId - size);

  const entryAt = (id: number): RequestLogEntry => {
    const slot = id % size;
    return {
      id,
      surface: LOGGED_SURFACES[surfaces[slot]!]!,
      method: methods[slot]!,
      url: urls[slot]!,
      scheme: schemes[slot]!,
      host: hosts[slot]!,
      httpVersion: httpVersions[slot]!,
      appId: appIds[slot],
      status: statuses[slot]!,
      latencyMs: latencies[slot]!,
      requestSize: requestSizes[slot]!,
      responseSize: responseSizes[slot]!,
      error: errors[slot],
      requestHeaders: requestHeaders[slot]!,
      responseHeaders: responseHeaders[slot]!,
      virtualMs: virtualTimes[slot]!,
      wallMs: wallTimes[slot]!,
    };
  };

  const matches = (id: number, filter: RequestLogFilter): boolean => {
    const slot = id % size;
    if (filter.appId !== undefined && appIds[slot] !== filter.appId) return false;
    if (filter.surface !== undefined && LOGGED_SURFACES[surfaces[slot]!] !== filter.surface) return false;
    const status = filter.status;
    if (status && ('exact' in status ? statuses[slot] !== status.exact : Math.floor(statuses[slot]! / 100) !== status.hundreds)) return false;
    return true;
  };

  return {
    enabled: size > 0,

    record(record) {
      if (size === 0) return;
      const slot = nextId++ % size;
      surfaces[slot] = LOGGED_SURFACES.indexOf(record.surface);
      methods[slot] = record.method;
      urls[slot] = shared(record.url);
      schemes[slot] = record.scheme;
      hosts[slot] = shared(record.host);
      httpVersions[slot] = shared(record.httpVersion);
      appIds[slot] = record.appId;
      statuses[slot] = record.status;
      latencies[slot] = record.latencyMs;
      requestSizes[slot] = record.requestSize;
      responseSizes[slot] = record.responseSize;
      errors[slot] = record.error;
      requestHeaders[slot] = record.requestHeaders;
      responseHeaders[slot] = record.responseHeaders;
      virtualTimes[slot] = clock.now();
      wallTimes[slot] = wall.now();
    },

    list(filter) {
      const entries: RequestLogEntry[] = [];
      const start = Math.min(nextId - 1, filter.before === undefined ? Infinity : filter.before - 1);
      for (let id = start; id >= oldestId(); id--) {
        if (!matches(id, filter)) continue;
        if (entries.length === filter.limit) return { entries, nextBefore: entries[entries.length - 1]?.id };
        entries.push(entryAt(id));
      }
      return { entries, nextBefore: undefined };
    },

    find(id) {
      if (!Number.isSafeInteger(id) || id < oldestId() || id >= nextId) return undefined;
      return entryAt(id);
    },
  };
}
