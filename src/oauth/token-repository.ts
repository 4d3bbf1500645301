// SQL for access tokens, stored only as SHA-256 hashes, and the one-query lookup the Graph API makes on
// every request.
import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/database-schema.ts';
import type { PreparedFirst } from '../storage/open-database.ts';

export type TokenKind = 'short' | 'long';

export interface NewToken {
  tokenHash: string;
  igAppId: string;
  accountId: string;
  kind: TokenKind;
  scopes: string;
  codeHash: string | null;
  issuedAt: number;
  expiresAt: number;
}

/** A token with what a Graph request needs to know about its user and app. */
export interface TokenRecord {
  igAppId: string;
  accountId: string;
  kind: TokenKind;
  scopes: string;
  codeHash: string | null;
  issuedAt: number;
  expiresAt: number;
  /** The last refresh (spec §3.3), or null. */
  refreshedAt: number | null;
  revokedAt: number | null;
  revokedReason: string | null;
  asid: string;
  username: string;
  accountType: string;
  passwordChangedAt: number;
  grantStatus: string | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** @param afterWrite called after every change to an existing token (refreshes, revocations): see token-record-cache.ts. */
export function createTokenRepository(
  db: Kysely<Database>,
  prepare: <Row>(query: CompiledQuery<Row>) => PreparedFirst<Row>,
  afterWrite: () => void | Promise<void> = () => undefined,
) {
  const lookup = db
    .selectFrom('tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .innerJoin('app_scoped_ids as s', (join) => join.onRef('s.ig_app_id', '=', 't.ig_app_id').onRef('s.account_id', '=', 't.account_id'))
    .leftJoin('grants as g', (join) => join.onRef('g.ig_app_id', '=', 't.ig_app_id').onRef('g.account_id', '=', 't.account_id'))
    .select([
      't.ig_app_id',
      't.account_id',
      't.kind',
      't.scopes',
      't.code_hash',
      't.issued_at',
      't.expires_at',
      't.refreshed_at',
      't.revoked_at',
      't.revoked_reason',
      's.asid',
      'a.username',
      'a.account_type',
      'a.password_changed_at',
      'g.status as grant_status',
    ])
    .where('t.token_hash', '=', '(token hash)');
  // Prepared once: this lookup runs on every Graph request.
  const findByHash = prepare(lookup.compile());

  return {
    async insert(token: NewToken, trx: Db = db): Promise<void> {
      await trx
        .insertInto('tokens')
        .values({
          token_hash: token.tokenHash,
          ig_app_id: token.igAppId,
          account_id: token.accountId,
          kind: token.kind,
          scopes: token.scopes,
          code_hash: token.codeHash,
          issued_at: token.issuedAt,
          expires_at: token.expiresAt,
          refreshed_at: null,
          revoked_at: null,
          revoked_reason: null,
        })
        .execute();
    },
    async findRecord(tokenHash: string): Promise<TokenRecord | undefined> {
      const row = await findByHash([tokenHash]);
      if (!row) return undefined;
      return {
        igAppId: row.ig_app_id,
        accountId: row.account_id,
        kind: row.kind as TokenKind,
        scopes: row.scopes,
        codeHash: row.code_hash,
        issuedAt: Number(row.issued_at),
        expiresAt: Number(row.expires_at),
        refreshedAt: row.refreshed_at === null ? null : Number(row.refreshed_at),
        revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
        revokedReason: row.revoked_reason,
        asid: row.asid,
        username: row.username,
        accountType: row.account_type,
        passwordChangedAt: Number(row.password_changed_at),
        grantStatus: row.grant_status,
      };
    },
    /**
     * Extends a token that is not revoked to a new expiry, as of a refresh (spec §3.3). Returns whether
     * it did; cached records are dropped, so the new expiry is served at once.
     */
    async extend(tokenHash: string, refreshedAt: number, expiresAt: number, trx: Db = db): Promise<boolean> {
      const result = await trx
        .updateTable('tokens')
        .set({ refreshed_at: refreshedAt, expires_at: expiresAt })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      await afterWrite();
      return result.numUpdatedRows > 0n;
    },
    /** Revokes every live token issued from a code (a replayed code, spec §2.4 / RFC 6749 §4.1.2). */
    async revokeByCode(codeHash: string, at: number, reason: string, trx: Db = db): Promise<number> {
      const result = await trx
        .updateTable('tokens')
        .set({ revoked_at: at, revoked_reason: reason })
        .where('code_hash', '=', codeHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      await afterWrite();
      return Number(result.numUpdatedRows);
    },
  };
}

export type TokenRepository = ReturnType<typeof createTokenRepository>;
