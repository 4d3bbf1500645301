// Platform Rate Limits (spec §6.1) with two igloo nodes on one PostgreSQL database, over real HTTP: the
// counters are shared (src/ratelimit/shared-rate-limiter.ts), so a user's and an app's calls count on
// every node, X-App-Usage on one node reports the calls made on the other, and a snapshot import on one
// node clears what all count with.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { emptyDatabaseUrl, usePostgres } from '../support/databases.ts';
import { assertGraphError, buildTester } from '../support/graph-fixtures.ts';
import { graphGet, type WireResponse } from '../support/http-clients.ts';
import { exportSnapshot, importSnapshot } from '../support/snapshot-archives.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const PER_HOUR = 5;
const USER_LIMIT = '{"error":{"message":"(#17) User request limit reached","type":"OAuthException","is_transient":true,"code":17,"fbtrace_id":"TRACE"}}';
const APP_LIMIT = '{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"TRACE"}}';

usePostgres();

/** X-App-Usage's call_count: the app's calls in the hour, as a percentage of its budget. */
function callCountOf(response: WireResponse): number {
  const header = response.headers.get('x-app-usage') ?? '';
  const match = /^\{"call_count":(\d+),"total_cputime":\d+,"total_time":\d+\}$/.exec(header);
  assert.ok(match, `X-App-Usage: ${header}`);
  return Number(match[1]);
}

describe(`rate limits shared by two nodes on one PostgreSQL database (IGLOO_RATE_LIMIT_PER_HOUR=${PER_HOUR})`, () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    const env = { IGLOO_DATABASE_URL: await emptyDatabaseUrl('postgres'), IGLOO_RATE_LIMIT_PER_HOUR: String(PER_HOUR) };
    a = await startTestServer(env);
    b = await startTestServer(env);
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  const me = (node: TestServer, token: string) => graphGet(node.url, { path: 'me', token });
  /** Calls that must be admitted, on the given nodes in turn: the usage each answer reports. */
  const spend = async (token: string, nodes: TestServer[]): Promise<number[]> => {
    const counts = [];
    for (const node of nodes) {
      const answer = await me(node, token);
      assert.equal(answer.status, 200, answer.text);
      counts.push(callCountOf(answer));
    }
    return counts;
  };
  const freshToken = async (world: TestWorld) => (await issueToken(a.services, world)).accessToken;

  it("refuses with code 17, on either node, the user's sixth call made across both", async () => {
    const world = await buildWorld(a.services);
    const token = await freshToken(world);
    // B's first answer reports A's two calls: 3 of 5.
    assert.deepEqual(await spend(token, [a, a, b, b, a]), [20, 40, 60, 80, 100]);
    const refused = await me(b, token);
    assertGraphError(refused, USER_LIMIT);
    assert.equal(callCountOf(refused), 100);
    assertGraphError(await me(a, token), USER_LIMIT);
  });

  it("refuses with code 4 on B a newcomer once the app's calls on A spent its budget", async () => {
    const world = await buildWorld(a.services);
    assert.deepEqual(await spend(await freshToken(world), [a, a, a, a, a]), [20, 40, 60, 80, 100]);
    const newcomer = (await issueToken(a.services, world, { account: await buildTester(a.services, world) })).accessToken;
    assertGraphError(await me(b, newcomer), APP_LIMIT);
    assertGraphError(await me(a, newcomer), APP_LIMIT);
  });

  it('admits the user again on B once a snapshot import on A cleared the shared counters', async () => {
    const world = await buildWorld(a.services);
    const token = await freshToken(world);
    const exported = await exportSnapshot(a.url);
    assert.equal(exported.status, 200);
    await spend(token, [b, a, b, a, b]);
    assertGraphError(await me(b, token), USER_LIMIT);
    const imported = await importSnapshot(a.url, exported.archive);
    assert.equal(imported.status, 200, JSON.stringify(imported.json));
    // The same token and app, restored: only its count starts again.
    assert.deepEqual(await spend(token, [b]), [20]);
  });

  it("writes every call of a burst on A to the app's shared totals, so B's X-App-Usage counts them all", async () => {
    const world = await buildWorld(a.services);
    const tokens = [await freshToken(world)];
    for (let i = 0; i < 4; i++) tokens.push((await issueToken(a.services, world, { account: await buildTester(a.services, world) })).accessToken);
    // Five users' first calls at once on A: one statement at a time writes the app's totals, the others
    // leave their call to it or to the write after it.
    const burst = await Promise.all(tokens.map((token) => me(a, token)));
    for (const answer of burst) assert.equal(answer.status, 200, answer.text);
    const appTotal = async () =>
      Number((await a.services.db.selectFrom('rate_limit_calls').select((eb) => eb.fn.sum<number>('calls').as('n')).where('ig_app_id', '=', world.igApp.igAppId).where('account_id', '=', '').executeTakeFirst())?.n ?? 0);
    // Written beside the answers, not before them: polled, bounded.
    let total = await appTotal();
    for (let i = 0; i < 250 && total < 5; i++) {
      await sleep(20);
      total = await appTotal();
    }
    assert.equal(total, 5);
    // B: 6 calls of a budget of 5 users × 5.
    assert.deepEqual(await spend(tokens[0] as string, [b]), [24]);
  });

  // Last: it moves A's virtual clock a day ahead of B's (each node reads its offset at start).
  it('deletes the minutes that left the hour and the users idle for a day', async () => {
    const counts = async () => {
      const calls = await a.services.db.selectFrom('rate_limit_calls').select(['account_id', 'minute']).execute();
      const users = await a.services.db.selectFrom('rate_limit_users').select('account_id').where('ig_app_id', '<>', '').execute();
      return { minutes: [...new Set(calls.map((row) => row.minute))], users: users.map((row) => row.account_id) };
    };
    const earlier = await buildWorld(a.services);
    await spend(await freshToken(earlier), [a]);
    assert.ok((await counts()).users.includes(earlier.tester.id));
    a.clock.advance(25 * 60 * 60 * 1000);
    const world = await buildWorld(a.services);
    await spend(await freshToken(world), [a]);
    // The deletes run beside the call, not before its answer: polled, bounded.
    let left = await counts();
    for (let i = 0; i < 250 && (left.minutes.length > 1 || left.users.length > 1); i++) {
      await sleep(20);
      left = await counts();
    }
    assert.deepEqual(left, { minutes: [Math.floor(a.clock.now() / 60_000)], users: [world.tester.id] });
  });
});
