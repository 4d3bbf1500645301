// Rows the storage contract tests stand on: a developer, an app with its Instagram app, and accounts,
// inserted with plain Kysely so that each test exercises only the repository it is about.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/database-schema.ts';

export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, in ms: past 2^32, so int8 must hold it.

export async function insertApp(db: Kysely<Database>, igAppId: string): Promise<void> {
  const fbAppId = `fb${igAppId}`;
  const ownerId = `dev${igAppId}`;
  await db.insertInto('developers').values({ id: ownerId, email: `${ownerId}@example.com`, name: 'Dev', password_hash: 'x', created_at: T0 }).execute();
  await db
    .insertInto('fb_apps')
    .values({ app_id: fbAppId, owner_id: ownerId, name: 'App', app_type: 'consumer', contact_email: 'a@example.com', mode: 'development', api_version: 'v21.0', privacy_policy_url: null, site_url: null, secret_encrypted: 's', created_at: T0 })
    .execute();
  await db.insertInto('ig_apps').values({ ig_app_id: igAppId, fb_app_id: fbAppId, display_name: `Display ${igAppId}`, secret_encrypted: 's', deauthorize_url: null, data_deletion_url: null, created_at: T0 }).execute();
}

export async function insertAccount(db: Kysely<Database>, id: string, username = `user${id}`): Promise<void> {
  await db
    .insertInto('accounts')
    .values({ id, username, full_name: 'Someone', password_hash: 'x', account_type: 'PERSONAL', is_private: 0, password_changed_at: T0, created_at: T0 })
    .execute();
}
