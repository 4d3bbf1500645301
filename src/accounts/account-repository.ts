// SQL for Instagram accounts.
import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, Database } from '../storage/database-schema.ts';
import { isUniqueViolation } from '../storage/constraint-errors.ts';
import { AccountError, type Account, type AccountType } from './account-entity.ts';

export interface AccountRow extends Account {
  passwordHash: string;
}

function toAccount(row: Selectable<AccountsTable>): AccountRow {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    accountType: row.account_type as AccountType,
    isPrivate: row.is_private === 1,
    passwordChangedAt: Number(row.password_changed_at),
    createdAt: Number(row.created_at),
    passwordHash: row.password_hash,
  };
}

/**
 * @param afterWrite called after every update of an existing account: cached token records carry
 *   account fields (oauth/token-record-cache.ts), so every update method must call it.
 */
export function createAccountRepository(db: Kysely<Database>, afterWrite: () => void | Promise<void> = () => undefined) {
  return {
    async insert(account: AccountRow): Promise<void> {
      try {
        await db
          .insertInto('accounts')
          .values({
            id: account.id,
            username: account.username,
            full_name: account.fullName,
            password_hash: account.passwordHash,
            account_type: account.accountType,
            is_private: account.isPrivate ? 1 : 0,
            password_changed_at: account.passwordChangedAt,
            created_at: account.createdAt,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new AccountError('username_taken', 'A user with that username already exists.', {}, { cause: error });
        throw error;
      }
    },
    async findById(id: string): Promise<AccountRow | undefined> {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAccount(row);
    },
    async findByUsername(username: string): Promise<AccountRow | undefined> {
      const row = await db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
      return row && toAccount(row);
    },
    /** Edit Profile: a new username and full name. */
    async updateProfile(id: string, profile: { username: string; fullName: string }): Promise<void> {
      try {
        await db.updateTable('accounts').set({ username: profile.username, full_name: profile.fullName }).where('id', '=', id).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new AccountError('username_taken', 'A user with that username already exists.', {}, { cause: error });
        throw error;
      }
      await afterWrite();
    },
    async updatePassword(id: string, passwordHash: string, changedAt: number): Promise<void> {
      await db.updateTable('accounts').set({ password_hash: passwordHash, password_changed_at: changedAt }).where('id', '=', id).execute();
      await afterWrite();
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
