// The App Dashboard's state: which products an app has added (Products > Set Up, spec §1.2) and the
// User Token Generator's pending requests (spec §1.2), each bound to the developer who started it.
// Immutable once released: later changes are new numbered migrations.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('app_products')
    .addColumn('app_id', 'text', (c) => c.notNull().references('fb_apps.app_id').onDelete('cascade'))
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_products_pk', ['app_id', 'product'])
    .execute();
  // Apps that already have an Instagram app have the product.
  await sql`insert into app_products (app_id, product, added_at) select fb_app_id, 'instagram_basic_display', created_at from ig_apps`.execute(db);

  await db.schema
    .createTable('token_generator_requests')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('ig_app_id', 'text', (c) => c.notNull().references('ig_apps.ig_app_id').onDelete('cascade'))
    .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('token_generator_requests').execute();
  await db.schema.dropTable('app_products').execute();
}
