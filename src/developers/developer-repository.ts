// SQL for dashboard developers.
import type { Kysely, Selectable } from 'kysely';
import type { Database, DevelopersTable } from '../storage/database-schema.ts';
import { isUniqueViolation } from '../storage/constraint-errors.ts';
import { DeveloperError, type Developer } from './developer-entity.ts';

export interface DeveloperRow extends Developer {
  passwordHash: string;
}

const toDeveloper = (row: Selectable<DevelopersTable>): DeveloperRow => ({
  id: row.id,
  email: row.email,
  name: row.name,
  createdAt: Number(row.created_at),
  passwordHash: row.password_hash,
});

export function createDeveloperRepository(db: Kysely<Database>) {
  return {
    async insert(row: DeveloperRow): Promise<void> {
      try {
        await db
          .insertInto('developers')
          .values({ id: row.id, email: row.email, name: row.name, password_hash: row.passwordHash, created_at: row.createdAt })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DeveloperError('email_taken', 'An account with this email already exists.', {}, { cause: error });
        throw error;
      }
    },
    async findById(id: string): Promise<DeveloperRow | undefined> {
      const row = await db.selectFrom('developers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toDeveloper(row);
    },
    async findByEmail(email: string): Promise<DeveloperRow | undefined> {
      const row = await db.selectFrom('developers').selectAll().where('email', '=', email).executeTakeFirst();
      return row && toDeveloper(row);
    },
  };
}

export type DeveloperRepository = ReturnType<typeof createDeveloperRepository>;
