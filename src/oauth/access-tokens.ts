// Issues access tokens and checks them on every Graph request. The check is the hot path: a memory
// hit, or one indexed lookup by SHA-256, then pure rules (spec §3, §5.2; DESIGN.md §5).
import { HOUR, type Clock } from '../clock.ts';
import { sha256Hex } from '../digests.ts';
import type { IdGenerator } from '../ids.ts';
import type { Scope } from '../apps/app-entity.ts';
import { formatPacificTime } from './pacific-time.ts';
import { readScopes } from './scopes.ts';
import type { TokenRecordCache } from './token-record-cache.ts';
import { TokenError } from './token-error.ts';
import type { TokenKind, TokenRecord, TokenRepository } from './token-repository.ts';

export const SHORT_LIVED_MS = 1 * HOUR;

/** Who is calling, as the Graph API sees a valid token. Shared by every call with the token: read only. */
export interface Principal {
  readonly igAppId: string;
  readonly accountId: string;
  readonly asid: string;
  readonly username: string;
  readonly accountType: string;
  readonly scopes: ReadonlySet<Scope>;
  readonly kind: TokenKind;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** The code the token (or the token it was exchanged from) came from. */
  readonly codeHash: string | null;
}

const TOKEN_SHAPE = /^IG[A-Za-z0-9_-]{16,512}$/;

export function expiredMessage(expiresAt: number, now: number): string {
  return `Error validating access token: Session has expired on ${formatPacificTime(expiresAt)}. The current time is ${formatPacificTime(now)}.`;
}

/** Throws the TokenError Instagram would answer for a record that no longer grants access. */
function checkRecord(record: TokenRecord, now: number): void {
  if (record.revokedAt !== null || record.grantStatus === 'removed') {
    throw new TokenError('token_revoked', 'Invalid OAuth access token.', { reason: record.revokedReason });
  }
  if (record.issuedAt < record.passwordChangedAt) {
    throw new TokenError(
      'token_password_changed',
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
    );
  }
  if (record.expiresAt <= now) throw new TokenError('token_expired', expiredMessage(record.expiresAt, now));
}

function principalOf(record: TokenRecord): Principal {
  return {
    igAppId: record.igAppId,
    accountId: record.accountId,
    asid: record.asid,
    username: record.username,
    accountType: record.accountType,
    scopes: new Set(readScopes(record.scopes)),
    kind: record.kind,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    codeHash: record.codeHash,
  };
}

export function createAccessTokens(deps: { tokens: TokenRepository; cache: TokenRecordCache; clock: Clock; ids: IdGenerator }) {
  const { tokens, cache, clock, ids } = deps;

  const loadRecord = async (raw: string): Promise<Principal> => {
    const token = await cache.load(raw, async () => {
      const record = await tokens.findRecord(sha256Hex(raw));
      return record && { record, principal: principalOf(record) };
    });
    if (!token) throw new TokenError('token_unparseable', 'Invalid OAuth access token - Cannot parse access token');
    checkRecord(token.record, clock.now());
    return token.principal;
  };

  return {
    /**
     * Checks a raw token; throws (or rejects with) TokenError with the reason Instagram would give. A
     * token served from the cache is answered synchronously: this runs on every Graph call.
     */
    authenticate(raw: string | undefined): Principal | Promise<Principal> {
      if (raw === undefined || raw === '') {
        throw new TokenError('token_missing', 'An active access token must be used to query information about the current user.');
      }
      const cached = cache.get(raw);
      if (cached) {
        checkRecord(cached.record, clock.now());
        return cached.principal;
      }
      if (!TOKEN_SHAPE.test(raw)) throw new TokenError('token_unparseable', 'Invalid OAuth access token - Cannot parse access token');
      return loadRecord(raw);
    },

    /** Creates a token; returns the raw string, which is never stored. */
    newToken(input: { igAppId: string; accountId: string; kind: TokenKind; scopes: string; codeHash: string | null; lifetimeMs: number }) {
      const raw = ids.accessToken();
      const issuedAt = clock.now();
      return {
        raw,
        row: { tokenHash: sha256Hex(raw), igAppId: input.igAppId, accountId: input.accountId, kind: input.kind, scopes: input.scopes, codeHash: input.codeHash, issuedAt, expiresAt: issuedAt + input.lifetimeMs },
      };
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
