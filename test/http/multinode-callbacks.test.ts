// Deauthorize and Data Deletion callbacks (spec §7) with two igloo nodes on one PostgreSQL database, over
// real HTTP: users remove apps in Apps and Websites on both nodes, both nodes' workers empty the one
// outbox (claims with FOR UPDATE SKIP LOCKED, src/callbacks/callback-repository.ts), and the app's
// endpoints get each callback exactly once.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { verifySignedRequest } from '../../src/callbacks/signed-request.ts';
import { buildWorld, issueToken, type TestAccount, type TestWorld } from '../support/builders.ts';
import { startCallbackReceiver, type CallbackReceiver } from '../support/callback-receiver.ts';
import { emptyDatabaseUrl, usePostgres } from '../support/databases.ts';
import { buildTester } from '../support/graph-fixtures.ts';
import { signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const APPS = 4;
const USERS_PER_APP = 6;

usePostgres();

describe('callbacks with two nodes on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  let receiver: CallbackReceiver;
  before(async () => {
    receiver = await startCallbackReceiver();
    receiver.answer('/deletion', { status: 200, body: '{"url":"https://socialsizzle.example/deletion?id=abc123","confirmation_code":"abc123"}' });
    const env = { IGLOO_DATABASE_URL: await emptyDatabaseUrl('postgres'), IGLOO_CALLBACKS_TO_PRIVATE_NETWORKS: 'true' };
    a = await startTestServer(env);
    b = await startTestServer(env);
  });
  after(async () => {
    await a.close();
    await b.close();
    await receiver.close();
  });

  /** Apps and Websites > Remove, as the user, through the page of the given node. */
  async function removeApp(node: TestServer, world: TestWorld, user: TestAccount): Promise<void> {
    const web = await signedIn(node.url, user);
    const page = await web.get('/accounts/manage_access/');
    const removed = await web.postForm('/accounts/manage_access/remove/', { _csrf: web.csrf(page), app_id: world.igApp.igAppId });
    assert.equal(removed.status, 303, removed.text);
  }

  /** The outbox's deliveries that are not delivered yet, read from the shared database. */
  const undelivered = async () => (await a.services.db.selectFrom('callback_outbox').select('id').where('status', '!=', 'delivered').execute()).length;

  it('delivers each callback of removals made on both nodes exactly once', async () => {
    const removals: { node: TestServer; world: TestWorld; user: TestAccount; userId: string }[] = [];
    for (let i = 0; i < APPS; i++) {
      const world = await buildWorld(a.services);
      await a.services.apps.updateBasicDisplay(world.igApp.igAppId, { redirectUris: [world.redirectUri], deauthorizeUrl: `${receiver.url}/deauthorize`, dataDeletionUrl: `${receiver.url}/deletion` });
      for (let u = 0; u < USERS_PER_APP; u++) {
        const user = u === 0 ? world.tester : await buildTester(a.services, world);
        const { userId } = await issueToken(a.services, world, { account: user });
        removals.push({ node: removals.length % 2 === 0 ? a : b, world, user, userId });
      }
    }
    // Both nodes at once: each removal wakes its node's worker, and each worker claims what either queued.
    const onNode = (node: TestServer) => removals.filter((r) => r.node === node);
    await Promise.all([a, b].map(async (node) => {
      for (const { world, user } of onNode(node)) await removeApp(node, world, user);
    }));

    const expected = removals.flatMap(({ world, userId }) => [`/deauthorize ${world.igApp.igAppId} ${userId}`, `/deletion ${world.igApp.igAppId} ${userId}`]).sort();
    await receiver.waitFor(expected.length);
    // Polled, bounded: the last attempts are recorded after their POSTs were answered.
    for (let i = 0; i < 500 && (await undelivered()) > 0; i++) await sleep(20);
    assert.equal(await undelivered(), 0);
    // Both workers stopped, so a second POST of any delivery would have arrived by now.
    await Promise.all([a.services.callbacks.stop(), b.services.callbacks.stop()]);

    const received = receiver.received.map((call) => {
      const signed = new URLSearchParams(call.body).get('signed_request') ?? '';
      const removal = removals.find((r) => verifySignedRequest(signed, r.world.secret)?.user_id === r.userId);
      assert.ok(removal, `a callback no removal explains: ${call.path} ${call.body}`);
      return `${call.path} ${removal.world.igApp.igAppId} ${removal.userId}`;
    });
    assert.deepEqual(received.sort(), expected);
    const attempts = await a.services.db.selectFrom('callback_outbox').select('attempts').execute();
    assert.deepEqual(attempts.map((row) => row.attempts), expected.map(() => 1));
  });
});
