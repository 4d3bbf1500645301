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
  /** Takes ownership of `record`, which becomes the entry. */
  record(record: RequestRecord): void;
  /** Newest first. */
  list(filter: RequestLogFilter): RequestLogPage;
  find(id: number): RequestLogEntry | undefined;
}

function matches(entry: RequestLogEntry, filter: RequestLogFilter): boolean {
  if (filter.appId !== undefined && entry.appId !== filter.appId) return false;
  if (filter.surface !== undefined && entry.surface !== filter.surface) return false;
  const status = filter.status;
  if (status && ('exact' in status ? entry.status !== status.exact : Math.floor(entry.status / 100) !== status.hundreds)) return false;
  return true;
}

/**
 * A ring of `size` slots indexed by id: entry `id` lives in slot `id % size`, so `before` starts its
 * scan in place and recording never moves anything.
 */
export function createRequestLog(deps: { size: number; clock: Clock; wall: Clock }): RequestLog {
  const { size, clock, wall } = deps;
  const slots: (RequestLogEntry | undefined)[] = new Array<RequestLogEntry | undefined>(size);
  let nextId = 1;
  const oldestId = () => Math.max(1, nextId - size);

  const find = (id: number): RequestLogEntry | undefined => {
    if (!Number.isSafeInteger(id) || id < oldestId() || id >= nextId) return undefined;
    return slots[id % size];
  };

  return {
    enabled: size > 0,

    record(record) {
      if (size === 0) return;
      // Stamped in place rather than copied: one object per request (the hook's, which is its own).
      const entry = record as RequestLogEntry;
      entry.id = nextId++;
      entry.virtualMs = clock.now();
      entry.wallMs = wall.now();
      slots[entry.id % size] = entry;
    },

    list(filter) {
      const entries: RequestLogEntry[] = [];
      const start = Math.min(nextId - 1, filter.before === undefined ? Infinity : filter.before - 1);
      for (let id = start; id >= oldestId(); id--) {
        const entry = slots[id % size];
        if (!entry || !matches(entry, filter)) continue;
        if (entries.length === filter.limit) return { entries, nextBefore: entries[entries.length - 1]?.id };
        entries.push(entry);
      }
      return { entries, nextBefore: undefined };
    },

    find,
  };
}
