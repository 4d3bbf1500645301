// Deauthorize and Data Deletion callbacks over real HTTP (spec §7, DESIGN.md §5): a user removes an app
// in Apps and Websites, and igloo POSTs a `signed_request` to each callback URL the app has set, signed
// with the Instagram App Secret; failures are retried on the virtual clock, then given up.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { verifySignedRequest } from '../../src/callbacks/signed-request.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { startCallbackReceiver, startHangUpServer, type CallbackReceiver } from '../support/callback-receiver.ts';
import { graphGet } from '../support/http-clients.ts';
import { signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface DeliveryBody {
  id: string;
  instagram_app_id: string;
  kind: string;
  url: string;
  payload: { algorithm: string; issued_at: number; user_id: string };
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_result: string | null;
  confirmation_code: string | null;
  status_url: string | null;
  created_at: string;
}

describe('Deauthorize and Data Deletion callbacks', () => {
  let server: TestServer;
  let receiver: CallbackReceiver;

  before(async () => {
    server = await startTestServer();
    receiver = await startCallbackReceiver();
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  /** An app whose tester authorized it, with the callback URLs given (paths on the receiver). */
  async function connectedApp(urls: { deauthorize?: string; dataDeletion?: string }): Promise<{ world: TestWorld; userId: string }> {
    const world = await buildWorld(server.services);
    await server.services.apps.updateBasicDisplay(world.igApp.igAppId, {
      redirectUris: [world.redirectUri],
      deauthorizeUrl: urls.deauthorize ? receiver.url + urls.deauthorize : '',
      dataDeletionUrl: urls.dataDeletion ? receiver.url + urls.dataDeletion : '',
    });
    const { accessToken } = await issueToken(server.services, world);
    const me = await graphGet(server.url, { path: 'me', fields: 'id', token: accessToken });
    return { world, userId: (JSON.parse(me.text) as { id: string }).id };
  }

  /** Apps and Websites > Remove, as the tester, through the page. */
  async function removeApp(world: TestWorld): Promise<void> {
    const web = await signedIn(server.url, world.tester);
    const page = await web.get('/accounts/manage_access/');
    const removed = await web.postForm('/accounts/manage_access/remove/', { _csrf: web.csrf(page), app_id: world.igApp.igAppId });
    assert.equal(removed.status, 303, removed.text);
  }

  async function deliveriesOf(world: TestWorld): Promise<DeliveryBody[]> {
    const response = await fetch(`${server.url}/_igloo/callbacks`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { data: DeliveryBody[] }).data.filter((d) => d.instagram_app_id === world.igApp.igAppId);
  }

  /** Polls the control API until the app's deliveries satisfy `done` (bounded). */
  async function deliveriesWhen(world: TestWorld, done: (deliveries: DeliveryBody[]) => boolean): Promise<DeliveryBody[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const deliveries = await deliveriesOf(world);
      if (done(deliveries)) return deliveries;
      if (Date.now() > deadline) throw new Error(`deliveries never got there: ${JSON.stringify(deliveries)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const advance = async (ms: number) => {
    const response = await fetch(`${server.url}/_igloo/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: ms }) });
    assert.equal(response.status, 200);
  };

  it('POSTs a signed_request for the user to both callback URLs when the user removes the app', async () => {
    receiver.answer('/deletion', { status: 200, body: '{"url":"https://socialsizzle.example/deletion?id=abc123","confirmation_code":"abc123"}' });
    const { world, userId } = await connectedApp({ deauthorize: '/deauthorize', dataDeletion: '/deletion' });
    const before = receiver.received.length;
    const removedAt = Math.floor(server.clock.now() / 1000);
    await removeApp(world);

    const calls = (await receiver.waitFor(before + 2)).slice(before).sort((a, b) => a.path.localeCompare(b.path));
    assert.deepEqual(
      calls.map((c) => [c.method, c.path, c.headers['content-type']]),
      [
        ['POST', '/deauthorize', 'application/x-www-form-urlencoded'],
        ['POST', '/deletion', 'application/x-www-form-urlencoded'],
      ],
    );
    for (const call of calls) {
      const form = new URLSearchParams(call.body);
      assert.deepEqual([...form.keys()], ['signed_request']);
      const payload = verifySignedRequest(form.get('signed_request') ?? '', world.secret);
      assert.ok(payload, 'signed with the Instagram App Secret');
      assert.deepEqual(Object.keys(payload), ['algorithm', 'issued_at', 'user_id']);
      assert.equal(payload.algorithm, 'HMAC-SHA256');
      assert.equal(payload.user_id, userId, 'the app-scoped id, as /me gives it');
      assert.ok(Math.abs((payload.issued_at as number) - removedAt) <= 5, `issued_at ${String(payload.issued_at)}`);
    }

    const deliveries = await deliveriesWhen(world, (all) => all.length === 2 && all.every((d) => d.status === 'delivered'));
    const deletion = deliveries.find((d) => d.kind === 'data_deletion');
    assert.equal(deletion?.last_result, 'HTTP 200');
    assert.equal(deletion?.confirmation_code, 'abc123');
    assert.equal(deletion?.status_url, 'https://socialsizzle.example/deletion?id=abc123');
    const deauthorize = deliveries.find((d) => d.kind === 'deauthorize');
    assert.deepEqual([deauthorize?.attempts, deauthorize?.last_result, deauthorize?.confirmation_code], [1, 'HTTP 200', null]);
  });

  it('notes a data deletion answer without the required JSON', async () => {
    receiver.answer('/deletion-plain', { status: 200, body: 'ok' });
    const { world } = await connectedApp({ dataDeletion: '/deletion-plain' });
    await removeApp(world);
    const [deletion] = await deliveriesWhen(world, (all) => all[0]?.status === 'delivered');
    assert.equal(deletion?.last_result, 'HTTP 200, without the required {"url", "confirmation_code"} JSON');
    assert.equal(deletion?.confirmation_code, null);
  });

  it('sends nothing for an app without callback URLs', async () => {
    const { world } = await connectedApp({});
    await removeApp(world);
    assert.deepEqual(await deliveriesOf(world), []);
  });

  it('retries a failed delivery when its time comes on the virtual clock, signed with the secret of that moment', async () => {
    receiver.answer('/flaky', { status: 500 });
    const { world } = await connectedApp({ deauthorize: '/flaky' });
    const before = receiver.received.length;
    await removeApp(world);
    await receiver.waitFor(before + 1);
    const [first] = await deliveriesWhen(world, (all) => all[0]?.attempts === 1);
    assert.deepEqual([first?.status, first?.last_result], ['pending', 'HTTP 500']);
    assert.equal(Date.parse(first?.next_attempt_at ?? '') - Date.parse(first?.last_attempt_at ?? ''), MINUTE);

    const secret = await server.services.apps.resetInstagramAppSecret(world.igApp.igAppId);
    receiver.answer('/flaky', { status: 204 });
    await advance(MINUTE);
    const [retry] = (await receiver.waitFor(before + 2)).slice(before + 1);
    assert.ok(verifySignedRequest(new URLSearchParams(retry?.body).get('signed_request') ?? '', secret), 'signed with the new secret');
    const [done] = await deliveriesWhen(world, (all) => all[0]?.status === 'delivered');
    assert.deepEqual([done?.attempts, done?.last_result, done?.next_attempt_at], [2, 'HTTP 204', null]);
  });

  it('gives up after six attempts over about a day (1 min, 5 min, 30 min, 2 h, 12 h apart)', async () => {
    receiver.answer('/down', { status: 503 });
    const { world } = await connectedApp({ deauthorize: '/down' });
    const before = receiver.received.length;
    await removeApp(world);
    const waits = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 12 * HOUR];
    await deliveriesWhen(world, (all) => all[0]?.attempts === 1);
    for (const [i, wait] of waits.entries()) {
      await advance(wait);
      await deliveriesWhen(world, (all) => all[0]?.attempts === i + 2);
    }
    const [failed] = await deliveriesOf(world);
    assert.deepEqual([failed?.status, failed?.attempts, failed?.last_result, failed?.next_attempt_at], ['failed', 6, 'HTTP 503', null]);
    await advance(DAY);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(receiver.received.filter((r) => r.path === '/down').length, 6);
    assert.equal(receiver.received.length - before, 6);
  });

  // Moves the clock a month on: after the tests above.
  it('deletes delivered and failed deliveries once they are 30 days old, and keeps pending ones', async () => {
    const { world } = await connectedApp({ deauthorize: '/deauthorize' });
    await removeApp(world);
    await deliveriesWhen(world, (all) => all[0]?.status === 'delivered');
    const kept = (await deliveriesOf(world))[0]?.id;
    await advance(29 * DAY);
    assert.equal((await deliveriesOf(world))[0]?.id, kept, 'kept for 30 days');
    await advance(DAY + HOUR);
    await deliveriesWhen(world, (all) => all.length === 0);
    const pending = (await fetch(`${server.url}/_igloo/callbacks`).then((r) => r.json())) as { data: DeliveryBody[] };
    assert.ok(pending.data.every((d) => d.status === 'pending'), 'only pending deliveries are left');
  });

  it('records a callback URL that cuts the connection, and keeps the delivery for its retry', async () => {
    const hangUp = await startHangUpServer();
    try {
      const world = await buildWorld(server.services);
      await server.services.apps.updateBasicDisplay(world.igApp.igAppId, { redirectUris: [world.redirectUri], deauthorizeUrl: `${hangUp.url}/gone`, dataDeletionUrl: '' });
      await issueToken(server.services, world);
      await removeApp(world);
      const [pending] = await deliveriesWhen(world, (all) => all[0]?.attempts === 1);
      assert.equal(pending?.status, 'pending');
      // The peer's reset reaches the request while it reads (ECONNRESET) or, rarely, while it writes (EPIPE).
      assert.match(pending?.last_result ?? '', /^could not connect \((ECONNRESET|EPIPE)\)$/);
    } finally {
      await hangUp.close();
    }
  });
});

describe('callbacks with IGLOO_CALLBACKS_TO_PRIVATE_NETWORKS=false', () => {
  let server: TestServer;
  let receiver: CallbackReceiver;

  before(async () => {
    server = await startTestServer({ IGLOO_CALLBACKS_TO_PRIVATE_NETWORKS: 'false' });
    receiver = await startCallbackReceiver();
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  it('refuses to send a callback to a loopback address, by IP or by a name that resolves to one', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const world = await buildWorld(server.services);
      const url = `${receiver.url.replace('127.0.0.1', host)}/deauthorize`;
      await server.services.apps.updateBasicDisplay(world.igApp.igAppId, { redirectUris: [world.redirectUri], deauthorizeUrl: url, dataDeletionUrl: '' });
      await issueToken(server.services, world);
      await server.services.appConnections.removeConnection(world.tester.id, world.igApp.igAppId);
      const deadline = Date.now() + 15_000;
      let [delivery] = await server.services.callbacks.listDeliveries(world.igApp.igAppId);
      while (delivery?.attempts !== 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        [delivery] = await server.services.callbacks.listDeliveries(world.igApp.igAppId);
      }
      assert.deepEqual([delivery?.status, delivery?.lastResult], ['pending', 'refused: a private address (IGLOO_CALLBACKS_TO_PRIVATE_NETWORKS)'], host);
    }
    assert.equal(receiver.received.length, 0);
  });
});
