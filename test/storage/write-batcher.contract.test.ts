import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createWriteBatcher } from '../../src/storage/write-batcher.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { T0 } from './storage-fixtures.ts';

describeOnEachDatabase('the write batcher', (under) => {
  /** The ids stored in [from, from + 100). */
  const idsStored = async (from: number) =>
    (await under.database.db.selectFrom('virtual_clock').select('id').where('id', '>=', from).where('id', '<', from + 100).orderBy('id').execute()).map((r) => r.id);

  it('commits the writes of one turn in one transaction, each answered with its own result', async () => {
    const batcher = createWriteBatcher(under.database.db);
    const transactions = new Set<unknown>();
    const write = (id: number) =>
      batcher.run(async (trx) => {
        transactions.add(trx);
        await trx.insertInto('virtual_clock').values({ id, offset_ms: 0, updated_at: T0 }).execute();
        return id * 2;
      });
    assert.deepEqual(await Promise.all([100, 101, 102].map(write)), [200, 202, 204]);
    assert.equal(transactions.size, 1);
    assert.deepEqual(await idsStored(100), [100, 101, 102]);
  });

  it('fails only the write the database refuses (PostgreSQL aborts the whole transaction), the others are stored', async () => {
    const batcher = createWriteBatcher(under.database.db);
    // 200 twice: the second insert breaks the primary key, inside the batch's transaction.
    const write = (id: number) => batcher.run(async (trx) => (await trx.insertInto('virtual_clock').values({ id, offset_ms: 0, updated_at: T0 }).execute(), id));
    const results = await Promise.allSettled([200, 201, 200, 202].map(write));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(await idsStored(200), [200, 201, 202]);
  });
});
