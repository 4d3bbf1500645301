import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { LATEST_MIGRATION, migrateToLatest } from '../../src/storage/migrations.ts';
import { describeOnEachDatabase } from '../support/databases.ts';

const TABLES = [
  'accounts',
  'app_products',
  'app_scoped_ids',
  'auth_codes',
  'callback_outbox',
  'developers',
  'fb_apps',
  'grants',
  'ig_apps',
  'igloo_migrations',
  'igloo_migrations_lock',
  'media',
  'media_blob_chunks',
  'media_blobs',
  'permission_reviews',
  'rate_limit_calls',
  'rate_limit_users',
  'redirect_uris',
  'sessions',
  'sign_in_failures',
  'testers',
  'token_generator_requests',
  'tokens',
  'virtual_clock',
];

describeOnEachDatabase('migrations from an empty database', (under) => {
  it('creates every table, and a second run has nothing left to apply', async () => {
    const tables = await under.database.db.introspection.getTables();
    assert.deepEqual(tables.map((t) => t.name).sort(), TABLES);
    assert.deepEqual(await migrateToLatest(under.database.db as never), []);
    const applied = await sql<{ name: string }>`select name from igloo_migrations order by name`.execute(under.database.db);
    assert.equal(applied.rows.at(-1)?.name, LATEST_MIGRATION);
    assert.equal(applied.rows.length, 10);
  });

  it('reads bigint columns back as numbers, and counts as numbers', async () => {
    const { db } = under.database;
    const at = 1_767_225_600_123;
    await db.insertInto('virtual_clock').values({ id: 1, offset_ms: -at, updated_at: at }).execute();
    const row = await db.selectFrom('virtual_clock').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(row, { id: 1, offset_ms: -at, updated_at: at });
    const count = await db.selectFrom('virtual_clock').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(count.n, 1);
    // Past 2^53 the query fails (PostgreSQL; SQLite's driver gives a rounded number) and the pool goes on.
    if (under.kind === 'postgres') {
      await assert.rejects(sql`select cast('9007199254740993' as bigint) as n`.execute(db), { name: 'RangeError' });
      assert.deepEqual((await sql<{ n: number }>`select cast('9007199254740991' as bigint) as n`.execute(db)).rows, [{ n: Number.MAX_SAFE_INTEGER }]);
    }
  });

  it('numbers the sign-in failures it keeps (the auto-incrementing key)', async () => {
    const { db } = under.database;
    const first = await db.insertInto('sign_in_failures').values({ throttle_key: 'k', failed_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const second = await db.insertInto('sign_in_failures').values({ throttle_key: 'k', failed_at: 2 }).returning('id').executeTakeFirstOrThrow();
    assert.equal(typeof first.id, 'number');
    assert.equal(second.id, first.id + 1);
  });
});
