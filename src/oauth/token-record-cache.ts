// Keeps recently checked tokens in memory, so a Graph call usually costs no SQL and no hashing. Every
// write in this process that can change a token record (a revocation, a password change, a grant)
// clears the cache at once; records written by other processes are picked up within the TTL.
//
// Entries are keyed by the raw token: a hit then needs neither SHA-256 nor a shape check. Raw tokens
// live only in this process's memory, for at most the TTL, as they do in any request in flight; what
// is stored at rest is only ever the hash.
import type { Principal } from './access-tokens.ts';
import type { TokenRecord } from './token-repository.ts';

/** A token record as loaded, with the Principal it stands for built once. */
export interface CachedToken {
  record: TokenRecord;
  principal: Principal;
}

export interface TokenRecordCache {
  get: (rawToken: string) => CachedToken | undefined;
  remember: (rawToken: string, token: CachedToken) => void;
  /** Forgets everything: called after any write that can change a token record. */
  clear: () => void;
}

/**
 * @param ttlMs how long a record may be served without reading it again (0 turns the cache off)
 * @param now a monotonic wall clock: the TTL is about staleness, not about the virtual clock
 */
export function createTokenRecordCache(options: { ttlMs: number; maxEntries: number; now: () => number }): TokenRecordCache {
  const entries = new Map<string, { token: CachedToken; loadedAt: number }>();
  return {
    get: (rawToken) => {
      const entry = entries.get(rawToken);
      if (!entry) return undefined;
      if (options.now() - entry.loadedAt >= options.ttlMs) {
        entries.delete(rawToken);
        return undefined;
      }
      return entry.token;
    },
    remember: (rawToken, token) => {
      if (options.ttlMs <= 0) return;
      // Oldest first: Map keeps insertion order.
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(rawToken, { token, loadedAt: options.now() });
    },
    clear: () => entries.clear(),
  };
}
