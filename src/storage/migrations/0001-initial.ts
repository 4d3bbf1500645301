// The first schema: developers, apps, Instagram accounts, sessions, testers, grants, codes, tokens, media.
// Immutable once released: later changes are new numbered migrations.
import type { Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('developers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fb_apps')
    .addColumn('app_id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('developers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('app_type', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('api_version', 'text', (c) => c.notNull())
    .addColumn('privacy_policy_url', 'text')
    .addColumn('site_url', 'text')
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fb_apps_owner').on('fb_apps').column('owner_id').execute();

  await db.schema
    .createTable('ig_apps')
    .addColumn('ig_app_id', 'text', (c) => c.primaryKey())
    .addColumn('fb_app_id', 'text', (c) => c.notNull().unique().references('fb_apps.app_id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    .addColumn('deauthorize_url', 'text')
    .addColumn('data_deletion_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('redirect_uris')
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('uri', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('redirect_uris_pk', ['ig_app_id', 'uri'])
    .execute();

  await db.schema
    .createTable('permission_reviews')
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('permission_reviews_pk', ['ig_app_id', 'permission'])
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('account_type', 'text', (c) => c.notNull())
    .addColumn('is_private', 'integer', (c) => c.notNull())
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sign_in_failures')
    // SQLite's INTEGER PRIMARY KEY AUTOINCREMENT is PostgreSQL's serial.
    .addColumn('id', databaseKindOf(db) === 'postgres' ? 'serial' : 'integer', (c) => (databaseKindOf(db) === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('throttle_key', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failures_key').on('sign_in_failures').columns(['throttle_key', 'failed_at']).execute();

  await db.schema
    .createTable('testers')
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('testers_pk', ['ig_app_id', 'account_id'])
    .execute();
  await db.schema.createIndex('testers_account').on('testers').column('account_id').execute();

  await db.schema
    .createTable('app_scoped_ids')
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('asid', 'text', (c) => c.notNull().unique())
    .addPrimaryKeyConstraint('app_scoped_ids_pk', ['ig_app_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('grants')
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('grants_pk', ['ig_app_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('auth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('tokens_account_app').on('tokens').columns(['account_id', 'ig_app_id']).execute();
  await db.schema.createIndex('tokens_code').on('tokens').column('code_hash').execute();

  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.references('media.id').onDelete('cascade'))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('shortcode', 'text', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('media_key', 'text', (c) => c.notNull())
    .addColumn('thumbnail_key', 'text')
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('is_reel', 'integer', (c) => c.notNull())
    .addColumn('is_shared_to_feed', 'integer', (c) => c.notNull())
    .addColumn('copyright_flagged', 'integer', (c) => c.notNull())
    .addColumn('taken_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_account_feed').on('media').columns(['account_id', 'parent_id', 'taken_at', 'id']).execute();
  await db.schema.createIndex('media_parent').on('media').columns(['parent_id', 'position']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['media', 'tokens', 'auth_codes', 'grants', 'app_scoped_ids', 'testers', 'sign_in_failures', 'sessions', 'accounts', 'permission_reviews', 'redirect_uris', 'ig_apps', 'fb_apps', 'developers']) {
    await db.schema.dropTable(table).execute();
  }
}
