// Keeps recently checked token records in memory, so a Graph call usually costs no SQL. Every write in
// this process that can change a record (a revocation, a password change, a grant) clears the cache
// at once; records written by other processes are picked up within the TTL.
import type { Scope } from '../apps/app-entity.ts';
import { readScopes } from './scopes.ts';
import type { TokenRecord } from './token-repository.ts';

export interface CachedTokenRecord extends TokenRecord {
  scopeSet: ReadonlySet<Scope>;
}

export interface TokenRecordCache {
  get: (tokenHash: string) => CachedTokenRecord | undefined;
  remember: (tokenHash: string, record: TokenRecord) => CachedTokenRecord;
  /** Forgets everything: called after any write that can change a token record. */
  clear: () => void;
}

/**
 * @param ttlMs how long a record may be served without reading it again (0 turns the cache off)
 * @param now a monotonic wall clock: the TTL is about staleness, not about the virtual clock
 */
export function createTokenRecordCache(options: { ttlMs: number; maxEntries: number; now: () => number }): TokenRecordCache {
  const entries = new Map<string, { record: CachedTokenRecord; loadedAt: number }>();
  return {
    get: (tokenHash) => {
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (options.now() - entry.loadedAt >= options.ttlMs) {
        entries.delete(tokenHash);
        return undefined;
      }
      return entry.record;
    },
    remember: (tokenHash, record) => {
      const cached = { ...record, scopeSet: new Set(readScopes(record.scopes)) };
      if (options.ttlMs <= 0) return cached;
      // Oldest first: Map keeps insertion order.
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(tokenHash, { record: cached, loadedAt: options.now() });
      return cached;
    },
    clear: () => entries.clear(),
  };
}
