// Two igloo nodes on one PostgreSQL database, each on its own port, over real HTTP. Each keeps read
// caches (token records, Instagram apps and their secrets, first pages of feeds) for an hour here, so only the cross-node
// invalidation (LISTEN/NOTIFY, src/storage/cache-invalidation.ts) can make node B see what node A changed.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sha256Hex } from '../../src/digests.ts';
import { LISTENER_APPLICATION_NAME } from '../../src/storage/cache-invalidation.ts';
import { buildWorld, issueCode, type TestWorld } from '../support/builders.ts';
import { at, generateSampleFiles } from '../support/graph-fixtures.ts';
import { emptyDatabaseUrl, usePostgres } from '../support/databases.ts';
import { graphGet, postAccessToken, withoutTrace, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const PASSWORD_CHANGED =
  '{"error":{"message":"Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}';
/** A token removed in Apps and Websites, or whose tester was removed (spec §3.4). */
const INVALID_TOKEN = '{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}';
const CLIENT_SECRET_INVALID = '{"error":{"message":"Error validating client secret","type":"OAuthException","code":100,"fbtrace_id":"TRACE"}}';
const REDIRECT_MISMATCH =
  '{"error_type": "OAuthException", "code": 400, "error_message": "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request"}';

usePostgres();

/**
 * Asks again until `done` holds: the NOTIFY has been taken by PostgreSQL before the change returned, but
 * the other node reads it from its own connection. Bounded, so a missing invalidation fails the test.
 */
async function eventually(ask: () => Promise<WireResponse>, done: (answer: WireResponse) => boolean): Promise<WireResponse> {
  let answer = await ask();
  for (let i = 0; i < 100 && !done(answer); i++) {
    await sleep(20);
    answer = await ask();
  }
  return answer;
}

describe('two igloo nodes on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  let databaseUrl: string;
  before(async () => {
    databaseUrl = await emptyDatabaseUrl('postgres');
    // An hour of read cache: without invalidation, B would serve what it cached for the whole test.
    // The rate limit is raised so that B's repeated answers while it waits are never code 17.
    const env = { IGLOO_DATABASE_URL: databaseUrl, IGLOO_READ_CACHE_SECONDS: '3600', IGLOO_RATE_LIMIT_PER_HOUR: '100000' };
    a = await startTestServer(env);
    b = await startTestServer(env);
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  /** A short-lived token through A's token endpoint. */
  const tokenFromA = async (world: TestWorld): Promise<{ token: string; userId: string }> => {
    const code = await issueCode(a.services, world);
    const exchanged = await postAccessToken(a.url, { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code });
    assert.equal(exchanged.status, 200, exchanged.text);
    // user_id is a JSON number past 2^53: read as text, as an app in JavaScript must not parse it.
    const match = /^\{"access_token": "(IGQ[A-Za-z0-9]+)", "user_id": (\d+)\}$/.exec(exchanged.text);
    assert.ok(match, exchanged.text);
    return { token: match[1] as string, userId: match[2] as string };
  };
  const me = (node: TestServer, token: string) => graphGet(node.url, { path: 'me', fields: 'id,username', token });
  /** B answers 200 first, so its token cache holds the record when A changes it. */
  const cachedOnB = async (world: TestWorld, token: string, userId: string) => {
    const answer = await me(b, token);
    assert.equal(answer.text, `{"id":"${userId}","username":"${world.tester.username}"}`);
  };
  const refusedOnB = async (token: string, body: string) => {
    const answer = await eventually(() => me(b, token), (r) => r.status !== 200);
    assert.equal(answer.status, 400, answer.text);
    assert.equal(withoutTrace(answer.text), body);
  };

  it('accepts on B a token minted on A at once', async () => {
    const world = await buildWorld(a.services);
    const { token, userId } = await tokenFromA(world);
    await cachedOnB(world, token, userId);
  });

  it('refuses on B, with code 190, a token removed on A in Apps and Websites', async () => {
    const world = await buildWorld(a.services);
    const { token, userId } = await tokenFromA(world);
    await cachedOnB(world, token, userId);
    await a.services.appConnections.removeConnection(world.tester.id, world.igApp.igAppId);
    const onA = await me(a, token);
    assert.equal(withoutTrace(onA.text), INVALID_TOKEN);
    await refusedOnB(token, INVALID_TOKEN);
  });

  it('refuses on B, with code 190, a token whose account changed its password on A', async () => {
    const world = await buildWorld(a.services);
    const { token, userId } = await tokenFromA(world);
    await cachedOnB(world, token, userId);
    await a.services.accounts.changePassword({ accountId: world.tester.id, oldPassword: world.tester.password, newPassword: 'a brand new password', confirmPassword: 'a brand new password', address: '127.0.0.1' });
    await refusedOnB(token, PASSWORD_CHANGED);
  });

  it('refuses on B, in Development mode, the token of a tester removed on A', async () => {
    const world = await buildWorld(a.services);
    assert.equal(world.igApp.mode, 'development');
    const { token, userId } = await tokenFromA(world);
    await cachedOnB(world, token, userId);
    await a.services.testers.remove(world.igApp.igAppId, world.tester.id);
    await refusedOnB(token, INVALID_TOKEN);
  });

  it('refuses on B the app secret reset on A, and takes the new one', async () => {
    const world = await buildWorld(a.services);
    const { token } = await tokenFromA(world);
    const exchangeOnB = (secret: string) => graphGet(b.url, { path: 'access_token', query: { grant_type: 'ig_exchange_token', client_secret: secret, access_token: token } });
    // B now holds the app's sealed secret in its cache.
    assert.equal((await exchangeOnB(world.secret)).status, 200);
    const newSecret = await a.services.apps.resetInstagramAppSecret(world.igApp.igAppId);
    const refused = await eventually(() => exchangeOnB(world.secret), (r) => r.status !== 200);
    assert.equal(refused.status, 400, refused.text);
    assert.equal(withoutTrace(refused.text), CLIENT_SECRET_INVALID);

    const code = await issueCode(a.services, world);
    const exchange = { client_id: world.igApp.igAppId, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code };
    const old = await postAccessToken(b.url, { ...exchange, client_secret: world.secret });
    assert.equal(old.status, 400);
    assert.equal(old.text, REDIRECT_MISMATCH);
    const renewed = await postAccessToken(b.url, { ...exchange, client_secret: newSecret });
    assert.equal(renewed.status, 200, renewed.text);
  });

  it('shows on B, in the first page of /me/media, a post made on A', async () => {
    const world = await buildWorld(a.services);
    const { token } = await tokenFromA(world);
    const firstPage = () => graphGet(b.url, { path: 'me/media', fields: 'caption', token });
    const files = await generateSampleFiles();
    await a.services.media.createPost({ accountId: world.tester.id, files: [files.photo], caption: 'first', takenAt: at(0) });
    const before = await firstPage();
    assert.equal(before.status, 200, before.text);
    // B now serves this first page from its cache.
    assert.deepEqual((JSON.parse(before.text) as { data: unknown[] }).data.map((item) => (item as { caption: string }).caption), ['first']);
    await a.services.media.createPost({ accountId: world.tester.id, files: [files.photo], caption: 'second', takenAt: at(60) });
    const after = await eventually(firstPage, (r) => (JSON.parse(r.text) as { data: unknown[] }).data.length !== 1);
    assert.deepEqual((JSON.parse(after.text) as { data: unknown[] }).data.map((item) => (item as { caption: string }).caption), ['second', 'first']);
  });

  /** The igloo listeners' connections, as PostgreSQL sees them. */
  const listeners = async (): Promise<number> => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME}`.execute(a.services.db);
    return Number(rows[0]?.n);
  };

  it('forgets what it cached when its listener loses the connection, and listens again after', async () => {
    const world = await buildWorld(a.services);
    const { token, userId } = await tokenFromA(world);
    await cachedOnB(world, token, userId);
    // A revocation no node is told of (written past igloo): B keeps serving its cached record.
    await a.services.db.updateTable('tokens').set({ revoked_at: a.clock.now(), revoked_reason: 'password_changed' }).where('token_hash', '=', sha256Hex(token)).execute();
    await cachedOnB(world, token, userId);

    assert.equal(await listeners(), 2);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME}`.execute(a.services.db);
    await refusedOnB(token, PASSWORD_CHANGED);

    // Both listen again (bounded wait), and notifications reach B once more.
    for (let i = 0; i < 100 && (await listeners()) !== 2; i++) await sleep(20);
    assert.equal(await listeners(), 2);
    const second = await tokenFromA(world);
    await cachedOnB(world, second.token, second.userId);
    await a.services.appConnections.removeConnection(world.tester.id, world.igApp.igAppId);
    await refusedOnB(second.token, INVALID_TOKEN);
  });

  it('closes its listener with the node', async () => {
    const c = await startTestServer({ IGLOO_DATABASE_URL: databaseUrl });
    assert.equal(await listeners(), 3);
    await c.close();
    for (let i = 0; i < 100 && (await listeners()) !== 2; i++) await sleep(20);
    assert.equal(await listeners(), 2);
  });
});
