// SQL for authorization codes, stored only as SHA-256 hashes.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/database-schema.ts';
import type { QueryPreparer } from '../storage/open-database.ts';

export interface AuthCode {
  codeHash: string;
  igAppId: string;
  accountId: string;
  redirectUri: string;
  scopes: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

type Db = Kysely<Database> | Transaction<Database>;

export function createCodeRepository(db: Kysely<Database>, prepare: QueryPreparer) {
  // Prepared once: every code exchange reads its code. Parameters: the code hash.
  const findByHash = prepare.prepareFirst(db.selectFrom('auth_codes').selectAll().where('code_hash', '=', '(code hash)').compile());
  return {
    async insert(code: AuthCode): Promise<void> {
      await db
        .insertInto('auth_codes')
        .values({
          code_hash: code.codeHash,
          ig_app_id: code.igAppId,
          account_id: code.accountId,
          redirect_uri: code.redirectUri,
          scopes: code.scopes,
          created_at: code.createdAt,
          expires_at: code.expiresAt,
          used_at: null,
        })
        .execute();
    },
    async find(codeHash: string): Promise<AuthCode | undefined> {
      const row = await findByHash([codeHash]);
      return (
        row && {
          codeHash: row.code_hash,
          igAppId: row.ig_app_id,
          accountId: row.account_id,
          redirectUri: row.redirect_uri,
          scopes: row.scopes,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
          usedAt: row.used_at === null ? null : Number(row.used_at),
        }
      );
    },
    /** Marks the code used; false when another exchange got there first. */
    async markUsed(codeHash: string, at: number, trx: Db = db): Promise<boolean> {
      const result = await trx.updateTable('auth_codes').set({ used_at: at }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
  };
}

export type CodeRepository = ReturnType<typeof createCodeRepository>;
