// Keeps recently checked tokens in memory (a ReadCache), so a Graph call usually costs no SQL and no
// hashing. Every write in this process that can change a token record (a revocation, a password
// change, a grant) clears the cache at once.
//
// Entries are keyed by the raw token: a hit then needs neither SHA-256 nor a shape check. Raw tokens
// live only in this process's memory, for at most the TTL, as they do in any request in flight; what
// is stored at rest is only ever the hash.
import { createReadCache, type ReadCache } from '../storage/read-cache.ts';
import type { Principal } from './access-tokens.ts';
import type { TokenError } from './token-error.ts';

/** A checked token: the Principal it stands for, built once, and why it is refused whatever the time. */
export interface CachedToken {
  principal: Principal;
  /** Thrown on every use: the token is revoked, or older than a password change. */
  refusal: TokenError | undefined;
}

/** Raw token → checked record. */
export type TokenRecordCache = ReadCache<CachedToken>;

export const createTokenRecordCache = (options: { ttlMs: number; maxEntries: number; now: () => number }): TokenRecordCache => createReadCache<CachedToken>(options);
