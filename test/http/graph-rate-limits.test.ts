// Platform Rate Limits over real HTTP with IGLOO_RATE_LIMIT_PER_HOUR=5: the X-App-Usage header, the user
// limit (code 17), the app limit of 5 × the app's users active in the last day (code 4), and recovery as
// the rolling hour moves on the virtual clock (spec §6.1, §5.2; DESIGN.md §5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueToken, type TestAccount, type TestWorld } from '../support/builders.ts';
import { assertGraphError, buildTester } from '../support/graph-fixtures.ts';
import { graphGet, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const PER_HOUR = 5;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const USAGE = /^\{"call_count":(\d+),"total_cputime":(\d+),"total_time":(\d+)\}$/;
const USER_LIMIT = '{"error":{"message":"(#17) User request limit reached","type":"OAuthException","is_transient":true,"code":17,"fbtrace_id":"TRACE"}}';
const APP_LIMIT = '{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"TRACE"}}';

/** The X-App-Usage header: three integer percentages, in this key order. */
function usageOf(response: WireResponse): { callCount: number; cpuTime: number; totalTime: number } {
  const header = response.headers.get('x-app-usage');
  const match = USAGE.exec(header ?? '');
  assert.ok(match, `X-App-Usage: ${header}`);
  const [callCount, cpuTime, totalTime] = match.slice(1).map(Number) as [number, number, number];
  for (const value of [callCount, cpuTime, totalTime]) assert.ok(value >= 0 && value <= 100, header ?? '');
  return { callCount, cpuTime, totalTime };
}

describe('rate limits (IGLOO_RATE_LIMIT_PER_HOUR=5)', () => {
  let server: TestServer;

  /** A fresh app (so its counters start at zero) and a 60-day token of its tester, which outlives clock moves. */
  const freshApp = async (): Promise<{ world: TestWorld; token: string }> => {
    const world = await buildWorld(server.services);
    return { world, token: await longLivedToken(world, world.tester) };
  };
  const longLivedToken = async (world: TestWorld, account: TestAccount): Promise<string> => {
    const { accessToken } = await issueToken(server.services, world, { account });
    const grant = await server.services.longLivedTokens.exchange({ grantType: 'ig_exchange_token', clientSecret: world.secret, accessToken });
    return grant.accessToken;
  };
  const me = (token: string) => graphGet(server.url, { path: 'me', token });
  /** Makes `count` calls that must all be admitted. */
  const spend = async (token: string, count: number, label: string) => {
    for (let i = 0; i < count; i++) assert.equal((await me(token)).status, 200, `${label}: call ${i + 1}`);
  };
  /** Moves the clock to one second past a minute, so that minute buckets line up with the test's arithmetic. */
  const alignToMinute = () => server.clock.advance(MINUTE - (server.clock.now() % MINUTE) + SECOND);

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: String(PER_HOUR) });
  });
  after(() => server.close());

  it('reports X-App-Usage as integer percentages on every Graph response after the token check', async () => {
    const { token } = await freshApp();
    const callCounts = [];
    for (let i = 0; i < PER_HOUR - 1; i++) callCounts.push(usageOf(await me(token)).callCount);
    assert.deepEqual(callCounts, [20, 40, 60, 80]);
    // An error after the token check carries it too (the call counts).
    const unknownField = await graphGet(server.url, { path: 'me', fields: 'bogus', token });
    assert.equal(unknownField.status, 400);
    assert.equal(usageOf(unknownField).callCount, 100);
    // Before the token check there is no app to report on.
    const missingToken = await graphGet(server.url, { path: 'me' });
    assert.equal(missingToken.status, 400);
    assert.equal(missingToken.headers.get('x-app-usage'), null);
  });

  it('refuses the sixth call of a user within the hour with code 17, is_transient true', async () => {
    const { token } = await freshApp();
    await spend(token, PER_HOUR, 'within the limit');
    for (const path of ['me', 'me/media', '17000000000000000']) {
      const refused = await graphGet(server.url, { path, token });
      assertGraphError(refused, USER_LIMIT);
      assert.equal(usageOf(refused).callCount, 100);
    }
  });

  it('does not block another user of the app, active today, when one user reaches the user limit', async () => {
    const { world, token } = await freshApp();
    const other = await longLivedToken(world, await buildTester(server.services, world));
    await spend(other, 1, 'the other user, earlier');
    await spend(token, PER_HOUR, 'the first user');
    assertGraphError(await me(token), USER_LIMIT);
    await spend(other, PER_HOUR - 1, 'the other user, after the first was limited');
    assertGraphError(await me(other), USER_LIMIT);
  });

  it("refuses calls with code 4 once the app's calls reach 5 × the users active in the last day", async () => {
    const { world, token } = await freshApp();
    await spend(token, PER_HOUR, 'the only active user');
    // A second user who has not used the app today: the app's budget is still 5 × 1, and it is spent.
    const newcomer = await longLivedToken(world, await buildTester(server.services, world));
    const refused = await me(newcomer);
    assertGraphError(refused, APP_LIMIT);
    assert.equal(usageOf(refused).callCount, 100);
    assertGraphError(await graphGet(server.url, { path: 'me/media', token: newcomer }), APP_LIMIT);
    // Once the first user's calls leave the rolling hour, the newcomer gets in and counts as active.
    server.clock.advance(60 * MINUTE);
    const admitted = await me(newcomer);
    assert.equal(admitted.status, 200);
    // 1 call of a budget of 5 × 2 users.
    assert.equal(usageOf(admitted).callCount, 10);
  });

  it('admits a limited user again once the hour has passed', async () => {
    const { token } = await freshApp();
    alignToMinute();
    await spend(token, PER_HOUR, 'first hour');
    assertGraphError(await me(token), USER_LIMIT);
    server.clock.advance(59 * MINUTE);
    assertGraphError(await me(token), USER_LIMIT);
    server.clock.advance(MINUTE);
    const admitted = await me(token);
    assert.equal(admitted.status, 200);
    assert.equal(usageOf(admitted).callCount, 20);
  });

  it('recovers minute by minute: calls made 59 minutes ago still count, 61 minutes ago no longer', async () => {
    const { token } = await freshApp();
    alignToMinute();
    await spend(token, 2, 'at minute 0');
    server.clock.advance(2 * MINUTE);
    await spend(token, PER_HOUR - 2, 'at minute 2');
    assertGraphError(await me(token), USER_LIMIT);

    server.clock.advance(57 * MINUTE);
    assertGraphError(await me(token), USER_LIMIT);
    server.clock.advance(2 * MINUTE);
    // Minute 61: the two calls of minute 0 have left the hour, the three of minute 2 have not.
    await spend(token, 2, 'at minute 61');
    assertGraphError(await me(token), USER_LIMIT);
    server.clock.advance(2 * MINUTE);
    // Minute 63: only the two calls of minute 61 remain.
    await spend(token, PER_HOUR - 2, 'at minute 63');
    assertGraphError(await me(token), USER_LIMIT);
  });
});
