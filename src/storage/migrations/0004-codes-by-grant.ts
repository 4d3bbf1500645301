// Removing an app (Apps and Websites) or a tester drops the account's unused codes for the app: codes
// get an index by account and app. Immutable once released: later changes are new numbered migrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('auth_codes_account_app').on('auth_codes').columns(['account_id', 'ig_app_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('auth_codes_account_app').execute();
}
