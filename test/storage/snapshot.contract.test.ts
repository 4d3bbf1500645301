import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createSignInThrottle } from '../../src/accounts/sign-in-throttle.ts';
import { SnapshotError } from '../../src/snapshot/snapshot-entity.ts';
import { createSnapshotRepository, type Rows } from '../../src/snapshot/snapshot-repository.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { insertAccount, T0 } from './storage-fixtures.ts';

describeOnEachDatabase('snapshot tables', (under) => {
  let snapshots: ReturnType<typeof createSnapshotRepository>;
  let exported: Rows;
  before(async () => {
    const { db } = under.database;
    snapshots = createSnapshotRepository(db);
    await insertAccount(db, '17841400000000001', 'ada');
    for (const failedAt of [T0, T0 + 1, T0 + 2]) await db.insertInto('sign_in_failures').values({ throttle_key: 'instagram:id:ada', failed_at: failedAt }).execute();
    exported = await snapshots.readAll();
  });

  it('reads every row with numbers as numbers, and writes them back as they were', async () => {
    assert.deepEqual(exported.accounts, [
      { id: '17841400000000001', username: 'ada', full_name: 'Someone', password_hash: 'x', account_type: 'PERSONAL', is_private: 0, password_changed_at: T0, created_at: T0 },
    ]);
    assert.deepEqual(exported.sign_in_failures.map((r) => r.failed_at), [T0, T0 + 1, T0 + 2]);
    await snapshots.replaceAll(exported);
    assert.deepEqual(await snapshots.readAll(), exported);
  });

  it('numbers new sign-in failures past the imported ones', async () => {
    // An archive from another igloo, whose failures have higher ids than this database ever gave.
    await snapshots.replaceAll({ ...exported, sign_in_failures: exported.sign_in_failures.map((r) => ({ ...r, id: Number(r.id) + 100 })) });
    const throttle = createSignInThrottle({ db: under.database.db, clock: { now: () => T0 + 10 }, limits: { perAccount: 10, perAddress: 10, windowSeconds: 60 }, scope: 'instagram' });
    const attempt = await throttle.reserve({ identity: 'ada', address: '192.0.2.1' });
    const highest = Math.max(...exported.sign_in_failures.map((r) => Number(r.id) + 100));
    assert.deepEqual(attempt, { ids: [highest + 1, highest + 2] });
  });

  it('refuses rows the schema refuses as an invalid archive naming the table, and keeps what was there', async () => {
    const orphan = { ...exported, tokens: [{ token_hash: 'h', ig_app_id: 'no-such-app', account_id: '17841400000000001', kind: 'short', scopes: 'user_profile', code_hash: null, issued_at: T0, expires_at: T0, refreshed_at: null, revoked_at: null, revoked_reason: null }] };
    await assert.rejects(snapshots.replaceAll(orphan), (error) => error instanceof SnapshotError && error.field === 'tables/tokens.jsonl');
    assert.equal((await snapshots.readAll()).accounts.length, 1);
    if (under.kind === 'postgres') {
      // SQLite's type affinity stores a word in an integer column; PostgreSQL refuses it (SQLSTATE 22P02).
      const mistyped = { ...exported, accounts: [{ ...exported.accounts[0], created_at: 'yesterday' }] } as Rows;
      await assert.rejects(snapshots.replaceAll(mistyped), (error) => error instanceof SnapshotError && error.field === 'tables/accounts.jsonl');
    }
  });
});
