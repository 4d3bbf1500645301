import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createCallbackRepository, type NewDelivery } from '../../src/callbacks/callback-repository.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { insertApp, T0 } from './storage-fixtures.ts';

const delivery = (id: string, kind: NewDelivery['kind'], createdAt: number): NewDelivery => ({ id, igAppId: '1001', kind, url: `https://example.com/${kind}`, payload: `signed_request=${id}`, createdAt });

describeOnEachDatabase('callback outbox', (under) => {
  let outbox: ReturnType<typeof createCallbackRepository>;
  before(async () => {
    outbox = createCallbackRepository(under.database.db);
    await insertApp(under.database.db, '1001');
    await under.database.db.transaction().execute((trx) => outbox.insert([delivery('d1', 'deauthorize', T0), delivery('d2', 'data_deletion', T0)], trx));
    await outbox.insert([delivery('d3', 'deauthorize', T0 + 10)]);
  });

  it('claims due deliveries once: a second worker finds them held until the claim runs out', async () => {
    const claimed = await outbox.claimDue(T0 + 5, 1_000, 2_000, 10);
    assert.deepEqual(claimed.map((d) => [d.id, d.status, d.attempts, d.nextAttemptAt]), [['d1', 'pending', 0, T0], ['d2', 'pending', 0, T0]]);
    assert.deepEqual(await outbox.claimDue(T0 + 5, 1_500, 2_500, 10), [], 'held by the first worker');
    assert.deepEqual((await outbox.claimDue(T0 + 5, 2_000, 3_000, 1)).map((d) => d.id), ['d1'], 'the claim ran out at 2000');
  });

  it('records an attempt only under the claim that is current', async () => {
    const outcome = { status: 'delivered' as const, attempts: 1, nextAttemptAt: T0 + 5, lastAttemptAt: T0 + 5, lastResult: 'HTTP 200', confirmationCode: null, statusUrl: null };
    assert.equal(await outbox.recordAttempt('d1', 2_000, outcome), false, 'd1 was claimed again until 3000');
    assert.equal(await outbox.recordAttempt('d1', 3_000, outcome), true);
    assert.equal(await outbox.recordAttempt('d2', 2_000, { ...outcome, status: 'failed', lastResult: 'HTTP 500' }), true);
    const d1 = await outbox.find('d1');
    assert.deepEqual([d1?.status, d1?.attempts, d1?.lastAttemptAt, d1?.lastResult], ['delivered', 1, T0 + 5, 'HTTP 200']);
  });

  it('lists newest first, Deauthorize before Data Deletion, and purges finished deliveries', async () => {
    assert.deepEqual((await outbox.listOfApp('1001', 10)).map((d) => d.id), ['d3', 'd1', 'd2']);
    assert.deepEqual((await outbox.listAll(2)).map((d) => d.id), ['d3', 'd1']);
    assert.equal(await outbox.purgeFinished(T0 + 1), 2);
    assert.deepEqual((await outbox.listAll(10)).map((d) => [d.id, d.status]), [['d3', 'pending']]);
  });

  it('gives two workers claiming at once disjoint deliveries, every due one to exactly one of them', async () => {
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5'];
    await outbox.insert(ids.map((id) => delivery(id, 'deauthorize', T0 + 100)));
    const claim = () => outbox.claimDue(T0 + 100, 5_000, 100_000, 3);
    const [first, second] = await Promise.all([claim(), claim()]);
    // A worker that lost every race (SQLite's one-by-one claims) leaves the rest to the next pass.
    const claimed = [...(first ?? []), ...(second ?? []), ...(await claim()), ...(await claim())].map((d) => d.id);
    // d3 (due at T0 + 10, never claimed) is due too; no delivery is claimed twice.
    assert.deepEqual([...claimed].sort(), ['c1', 'c2', 'c3', 'c4', 'c5', 'd3']);
  });

  // PostgreSQL only: SQLite has one writer and no row locks to skip.
  if (under.kind === 'postgres') {
    it('skips, without waiting, a due delivery another transaction holds locked (FOR UPDATE SKIP LOCKED)', { timeout: 60_000 }, async () => {
      await outbox.insert([delivery('e1', 'deauthorize', T0 + 200), delivery('e2', 'data_deletion', T0 + 200)]);
      const claimed = await under.database.db.transaction().execute(async (trx) => {
        await trx.selectFrom('callback_outbox').select('id').where('id', '=', 'e1').forUpdate().execute();
        // Another connection of the pool: it would wait for e1's lock, and this transaction for it.
        return outbox.claimDue(T0 + 200, 7_000, 8_000, 10);
      });
      assert.deepEqual(claimed.map((d) => d.id), ['e2']);
      assert.deepEqual((await outbox.claimDue(T0 + 200, 7_000, 8_000, 10)).map((d) => d.id), ['e1'], 'free once the lock is gone');
    });
  }
});
