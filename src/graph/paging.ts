// Cursor paging of Graph edges (spec §4.4, §4.6): opaque cursors over a (timestamp, id) keyset, the
// `limit` rules (DESIGN.md §5: default 25, at most 100), and the paging object with full `next` and
// `previous` URLs that repeat the caller's query.
import type { Keyset, Page } from '../media/feed-page.ts';
import { GraphError } from './graph-error.ts';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

const CURSOR_PREFIX = 'AQH';

/** Opaque to clients; base64 of `AQH…`, so it reads `QVFI…` like Instagram's cursors. */
export function encodeCursor(key: Keyset): string {
  return Buffer.from(`${CURSOR_PREFIX}${key.takenAt.toString(36)}.${key.id}`).toString('base64url');
}

export function decodeCursor(cursor: string, name: 'after' | 'before'): Keyset {
  const text = Buffer.from(cursor, 'base64url').toString('latin1');
  const match = /^AQH([0-9a-z]{1,12})\.(\d{1,20})$/.exec(text);
  if (!match) throw invalidParameter(`(#100) The ${name} cursor is invalid`);
  return { takenAt: parseInt(match[1] as string, 36), id: match[2] as string };
}

export function invalidParameter(message: string): GraphError {
  return new GraphError('invalid_parameter', message, { type: 'IGApiException', code: 100 });
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (!/^\d{1,9}$/.test(raw.trim()) || Number(raw) < 1) throw invalidParameter('(#100) The parameter limit must be a positive integer');
  return Math.min(Number(raw), MAX_LIMIT);
}

/** An ISO date and time without a zone: read as UTC, never as the server's local time. */
const ZONELESS_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)$/;

/** `since`/`until`: a Unix timestamp or a date string (spec §4.4); milliseconds out. */
export function parseTime(raw: string | undefined, name: 'since' | 'until'): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = raw.trim();
  const zoneless = ZONELESS_DATE_TIME.exec(value);
  const ms = /^-?\d{1,12}$/.test(value) ? Number(value) * 1000 : Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : value);
  if (!Number.isFinite(ms)) throw invalidParameter(`(#100) The parameter ${name} must be a Unix timestamp or a date`);
  return ms;
}

export interface PageRequest {
  limit: number;
  after?: Keyset;
  before?: Keyset;
}

/** Where a page's links point: the edge's URL and the caller's query, in the caller's order. */
export interface EdgeLink {
  url: string;
  query: [string, string][];
}

export interface PagingObject {
  cursors: { before: string; after: string };
  previous?: string;
  next?: string;
}

function linkTo(edge: EdgeLink, limit: number, cursor: ['after' | 'before', string]): string {
  const params = new URLSearchParams();
  for (const [name, value] of edge.query) if (name !== 'after' && name !== 'before' && name !== 'limit') params.append(name, value);
  params.set('limit', String(limit));
  params.set(cursor[0], cursor[1]);
  return `${edge.url}?${params.toString()}`;
}

/** The paging object of a non-empty page: cursors always, `previous`/`next` only where there is more. */
export function pagingOf<T>(page: Page<T>, keyOf: (item: T) => Keyset, limit: number, edge: EdgeLink | undefined): PagingObject | undefined {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const cursors = { before: encodeCursor(keyOf(first)), after: encodeCursor(keyOf(last)) };
  const paging: PagingObject = { cursors };
  if (edge && page.hasPrevious) paging.previous = linkTo(edge, limit, ['before', cursors.before]);
  if (edge && page.hasNext) paging.next = linkTo(edge, limit, ['after', cursors.after]);
  return paging;
}
