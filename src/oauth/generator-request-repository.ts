// SQL for the User Token Generator's pending requests: one per "Generate Token" click, found by the
// SHA-256 of its state and used at most once.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';

export interface GeneratorRequest {
  stateHash: string;
  igAppId: string;
  developerId: string;
  /** The tester the developer chose. */
  accountId: string;
  redirectUri: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export function createGeneratorRequestRepository(db: Kysely<Database>) {
  return {
    async insert(request: GeneratorRequest): Promise<void> {
      await db
        .insertInto('token_generator_requests')
        .values({
          state_hash: request.stateHash,
          ig_app_id: request.igAppId,
          developer_id: request.developerId,
          account_id: request.accountId,
          redirect_uri: request.redirectUri,
          created_at: request.createdAt,
          expires_at: request.expiresAt,
          used_at: null,
        })
        .execute();
    },
    async find(stateHash: string): Promise<GeneratorRequest | undefined> {
      const row = await db.selectFrom('token_generator_requests').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
      return (
        row && {
          stateHash: row.state_hash,
          igAppId: row.ig_app_id,
          developerId: row.developer_id,
          accountId: row.account_id,
          redirectUri: row.redirect_uri,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
          usedAt: row.used_at === null ? null : Number(row.used_at),
        }
      );
    },
    /** Marks the request used; false when it was used already. */
    async markUsed(stateHash: string, at: number): Promise<boolean> {
      const result = await db.updateTable('token_generator_requests').set({ used_at: at }).where('state_hash', '=', stateHash).where('used_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    /** Forgets requests that expired before `before`. */
    async deleteExpired(before: number): Promise<void> {
      await db.deleteFrom('token_generator_requests').where('expires_at', '<', before).execute();
    },
  };
}

export type GeneratorRequestRepository = ReturnType<typeof createGeneratorRequestRepository>;
