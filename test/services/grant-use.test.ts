// A grant's "last used" time (Apps and Websites, spec §1.5) is noted on Graph calls and written behind
// them: these tests pin down that the write reaches the database, also when the process stops first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DAY } from '../../src/clock.ts';
import { testConfig } from '../../src/config/load-config.ts';
import { createServices } from '../../src/services.ts';
import { buildWorld, type TestWorld } from '../support/builders.ts';

describe('grant use', () => {
  let dataDir: string;
  const open = () =>
    createServices(testConfig({ IGLOO_DATA_DIR: dataDir, IGLOO_DATABASE_URL: `sqlite:${join(dataDir, 'igloo.db')}`, IGLOO_MODE: 'service' }));
  const lastUsedAt = async (services: Awaited<ReturnType<typeof open>>['services'], world: TestWorld) => {
    const row = await services.db.selectFrom('grants').select('last_used_at').where('ig_app_id', '=', world.igApp.igAppId).where('account_id', '=', world.tester.id).executeTakeFirstOrThrow();
    return Number(row.last_used_at);
  };

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'igloo-grant-use-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes a noted use when the services close, and notes a grant at most once an hour', async () => {
    const first = await open();
    const world = await buildWorld(first.services);
    await first.services.oauth.generateUserToken({ igAppId: world.igApp.igAppId, accountId: world.tester.id });
    const authorizedAt = await lastUsedAt(first.services, world);
    await first.services.db.updateTable('grants').set({ last_used_at: authorizedAt - DAY }).execute();
    first.services.appConnections.recordUse(world.igApp.igAppId, world.tester.id);
    await first.close();

    const second = await open();
    try {
      const used = await lastUsedAt(second.services, world);
      assert.ok(used >= authorizedAt, 'the use was written on close');
      const { appConnections, db } = second.services;
      // Another process (or a restart) notes the grant again; within the hour it is noted once.
      await db.updateTable('grants').set({ last_used_at: used - 2 * DAY }).execute();
      appConnections.recordUse(world.igApp.igAppId, world.tester.id);
      await appConnections.flushUses();
      const noted = await lastUsedAt(second.services, world);
      assert.ok(noted >= used);
      await db.updateTable('grants').set({ last_used_at: used - 2 * DAY }).execute();
      appConnections.recordUse(world.igApp.igAppId, world.tester.id);
      await appConnections.flushUses();
      assert.equal(await lastUsedAt(second.services, world), used - 2 * DAY, 'a second call within the hour writes nothing');
    } finally {
      await second.close();
    }
  });
});
