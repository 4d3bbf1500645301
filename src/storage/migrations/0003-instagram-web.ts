// Instagram on the web: Apps and Websites lists an account's grants, so grants get an index by account.
// Immutable once released: later changes are new numbered migrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('grants_account').on('grants').columns(['account_id', 'updated_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('grants_account').execute();
}
