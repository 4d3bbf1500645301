import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testConfig } from '../config/load-config.ts';
import { openDatabase, type OpenedDatabase } from './open-database.ts';
import { createWriteBatcher } from './write-batcher.ts';

describe('createWriteBatcher', () => {
  let database: OpenedDatabase;
  before(async () => {
    database = await openDatabase(testConfig().databaseUrl, { synchronous: 'OFF' });
  });
  after(() => database.close());

  const keysStored = async (prefix: string) =>
    (await database.db.selectFrom('sign_in_failures').select('throttle_key').where('throttle_key', 'like', `${prefix}%`).orderBy('id').execute()).map((r) => r.throttle_key);

  it('commits the writes of one turn together, each answered with its own result', async () => {
    const batcher = createWriteBatcher(database.db);
    const transactions = new Set<unknown>();
    const write = (key: string) =>
      batcher.run(async (trx) => {
        transactions.add(trx);
        await trx.insertInto('sign_in_failures').values({ throttle_key: key, failed_at: 1 }).execute();
        return key.toUpperCase();
      });
    assert.deepEqual(await Promise.all(['a0', 'a1', 'a2'].map(write)), ['A0', 'A1', 'A2']);
    assert.equal(transactions.size, 1, 'one transaction for the three writes');
    assert.deepEqual(await keysStored('a'), ['a0', 'a1', 'a2']);
  });

  it('fails only the write that fails: the others of its batch are stored, its own rows are not', async () => {
    const batcher = createWriteBatcher(database.db);
    const write = (key: string) =>
      batcher.run(async (trx) => {
        await trx.insertInto('sign_in_failures').values({ throttle_key: key, failed_at: 1 }).execute();
        if (key === 'b1') throw new Error('b1 refuses');
        return key;
      });
    const results = await Promise.allSettled(['b0', 'b1', 'b2'].map(write));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['b0', 'b1 refuses', 'b2'],
    );
    assert.deepEqual(await keysStored('b'), ['b0', 'b2']);
  });
});
