// Issues access tokens and checks them on every Graph request. The check is the hot path: a memory
// hit, or one indexed lookup by SHA-256, then pure rules (spec §3, §5.2; DESIGN.md §5).
import { HOUR, type Clock } from '../clock.ts';
import { sha256Hex } from '../digests.ts';
import type { IdGenerator } from '../ids.ts';
import type { Scope } from '../apps/app-entity.ts';
import { formatPacificTime } from './pacific-time.ts';
import { readScopes } from './scopes.ts';
import type { CachedToken, TokenRecordCache } from './token-record-cache.ts';
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
  /** The last refresh of a long-lived token (spec §3.3), or null. */
  readonly refreshedAt: number | null;
  /** The code the token (or the token it was exchanged from) came from. */
  readonly codeHash: string | null;
}

/** The revoked_reason of the tokens a password change ends (spec §1.5). */
export const PASSWORD_CHANGED = 'password_changed';

const TOKEN_SHAPE = /^IG[A-Za-z0-9_-]{16,512}$/;

export function expiredMessage(expiresAt: number, now: number): string {
  return `Error validating access token: Session has expired on ${formatPacificTime(expiresAt)}. The current time is ${formatPacificTime(now)}.`;
}

/** A token revoked: the app or the tester was removed, or its code was replayed (spec §5.2). */
export const tokenRevoked = (reason?: string | null) => new TokenError('token_revoked', 'Invalid OAuth access token.', { reason });

/** A token issued before a password change (spec §5.2). */
export const tokenPasswordChanged = () =>
  new TokenError(
    'token_password_changed',
    'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
  );

/** An expired token, with both instants in Pacific time (spec §5.2). */
export const tokenExpired = (expiresAt: number, now: number) => new TokenError('token_expired', expiredMessage(expiresAt, now));

/**
 * Why a record no longer grants access whatever the time (revoked, or issued before a password
 * change), as the TokenError Instagram would answer; undefined while it does.
 */
function refusalOf(record: TokenRecord): TokenError | undefined {
  const revokedByPasswordChange = record.revokedReason === PASSWORD_CHANGED;
  if ((record.revokedAt !== null && !revokedByPasswordChange) || record.grantStatus === 'removed') {
    return tokenRevoked(record.revokedReason);
  }
  // Revoked when the password changed, and older than the change in case a revocation was missed.
  if (revokedByPasswordChange || record.issuedAt < record.passwordChangedAt) {
    return tokenPasswordChanged();
  }
  return undefined;
}

/** Throws unless the checked token grants access now. */
function checkToken(token: CachedToken, now: number): void {
  if (token.refusal) throw token.refusal;
  const { expiresAt } = token.principal;
  if (expiresAt <= now) throw tokenExpired(expiresAt, now);
}

function principalOf(record: TokenRecord, scopes: ReadonlySet<Scope>): Principal {
  return {
    igAppId: record.igAppId,
    accountId: record.accountId,
    asid: record.asid,
    username: record.username,
    accountType: record.accountType,
    scopes,
    kind: record.kind,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    refreshedAt: record.refreshedAt,
    codeHash: record.codeHash,
  };
}

export function createAccessTokens(deps: { tokens: TokenRepository; cache: TokenRecordCache; clock: Clock; ids: IdGenerator }) {
  const { tokens, cache, clock, ids } = deps;
  /** Tokens carry one of a few scope lists: each list's Set is built once and shared. */
  const scopeSets = new Map<string, ReadonlySet<Scope>>();
  const scopeSetOf = (stored: string): ReadonlySet<Scope> => {
    let set = scopeSets.get(stored);
    if (!set) scopeSets.set(stored, (set = new Set(readScopes(stored))));
    return set;
  };

  const findToken = (raw: string) =>
    cache.load(raw, async () => {
      const record = await tokens.findRecord(sha256Hex(raw));
      return record && { principal: principalOf(record, scopeSetOf(record.scopes)), refusal: refusalOf(record) };
    });

  const loadRecord = async (raw: string): Promise<Principal> => {
    const token = await findToken(raw);
    if (!token) throw new TokenError('token_unparseable', 'Invalid OAuth access token - Cannot parse access token');
    checkToken(token, clock.now());
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
        checkToken(cached, clock.now());
        return cached.principal;
      }
      if (!TOKEN_SHAPE.test(raw)) throw new TokenError('token_unparseable', 'Invalid OAuth access token - Cannot parse access token');
      return loadRecord(raw);
    },

    /**
     * The Instagram App ID a token was issued for, whether or not it still grants access; undefined for
     * a token igloo never issued. Fault rules scoped to an app read it (issue 8).
     */
    async appOf(raw: string | undefined): Promise<string | undefined> {
      if (raw === undefined || !TOKEN_SHAPE.test(raw)) return undefined;
      return (cache.get(raw) ?? (await findToken(raw)))?.principal.igAppId;
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
