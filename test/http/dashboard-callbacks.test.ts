// Basic Display > Callback deliveries over real HTTP (spec §7): a user removing the app in Apps and
// Websites sends the Deauthorize and Data Deletion callbacks to a receiver of the test's own, the page
// lists them with what they got back, Replay sends one again, and every refused Replay changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifySignedRequest } from '../../src/callbacks/signed-request.ts';
import { MINUTE } from '../../src/clock.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { startCallbackReceiver, startHangUpServer, type CallbackReceiver, type ReceivedCallback } from '../support/callback-receiver.ts';
import { decodeEntities, type PageResponse, type WebSession } from '../support/browser.ts';
import { appPage, buildDeveloper, developerOf, follow, noticeText, signInDeveloper, submitFrom } from '../support/dashboard.ts';
import { signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const BASIC_DISPLAY = 'instagram-basic-display/basic-display/';
const STATUS_ANSWER = '{"url":"https://example.com/status?id=abc","confirmation_code":"abc"}';

const DELETION_PATH = '/deletion?app=sizzle&step=1';
const signedRequestOf = (callback: ReceivedCallback) => new URLSearchParams(callback.body).get('signed_request') ?? '';

/** Polls until `probe` gives a value, for at most 15 s (a loaded CI machine is slow, never 15 s slow). */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface ListedDelivery {
  id: string;
  kind: string;
  status: string;
  /** Each `<dt>` with the text of its `<dd>`. */
  fields: Record<string, string>;
  /** Each `<dt>` whose `<dd>` is a `<time>`, with its datetime. */
  times: Record<string, string>;
  replayAction: string;
}

/** The deliveries listed under Callback deliveries, in page order. */
function listedDeliveries(page: PageResponse): ListedDelivery[] {
  const card = /<div class="card deliveries" id="callback-deliveries">[\s\S]*?<\/ul>\s*<\/div>/.exec(page.text)?.[0] ?? '';
  return [...card.matchAll(/<li class="item" data-delivery="([^"]+)">([\s\S]*?)<\/li>/g)].map(([, id = '', item = '']) => {
    const fields: Record<string, string> = {};
    const times: Record<string, string> = {};
    for (const [, label = '', value = ''] of item.matchAll(/<dt>([^<]*)<\/dt><dd>([\s\S]*?)<\/dd>/g)) {
      fields[label] = decodeEntities(value.replace(/<[^>]*>/g, ''));
      const time = /^<time datetime="([^"]+)">/.exec(value);
      if (time?.[1]) times[label] = time[1];
    }
    return {
      id: decodeEntities(id),
      kind: /<strong>([^<]*)<\/strong>/.exec(item)?.[1] ?? '',
      status: /<span class="badge[^"]*">([^<]*)<\/span>/.exec(item)?.[1] ?? '',
      fields,
      times,
      replayAction: decodeEntities(/<form method="post" action="([^"]+)">/.exec(item)?.[1] ?? ''),
    };
  });
}

const iso = (ms: number) => new Date(ms).toISOString();
const HUMAN_TIME = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}:\d{2} UTC$/;

describe('dashboard callback deliveries', () => {
  let server: TestServer;
  let receiver: CallbackReceiver;
  let world: TestWorld;
  let owner: WebSession;
  let userId: string;
  let page: string;

  before(async () => {
    server = await startTestServer();
    receiver = await startCallbackReceiver();
    receiver.answer(DELETION_PATH, { status: 200, body: STATUS_ANSWER });
    world = await buildWorld(server.services);
    owner = await signInDeveloper(server.url, await developerOf(server.services, world.developerId));
    userId = (await issueToken(server.services, world)).userId;
    page = appPage(world.app.appId, BASIC_DISPLAY);
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  const deliveriesOf = (igAppId = world.igApp.igAppId) => server.services.callbacks.listDeliveries(igAppId);

  it('says no callbacks were sent yet before any user removed the app', async () => {
    const shown = await owner.get(page);
    assert.equal(shown.status, 200);
    assert.match(shown.text, /<h2>Callback deliveries<\/h2>/);
    assert.match(shown.text, /signed with the Instagram App Secret\. A callback that gets no 2xx answer is tried again after 1 min, 5 min, 30 min, 2 h and 12 h, then marked Failed\./);
    assert.match(shown.text, /<p class="hint" id="no-callback-deliveries">No callbacks sent yet\. They are sent when a user removes the app in Apps and Websites\.<\/p>/);
    assert.deepEqual(listedDeliveries(shown), []);
  });

  it('lists both callbacks of a removal in Apps and Websites as Delivered, with the confirmation code, status URL and user_id', async () => {
    const saved = await submitFrom(owner, page, page, {
      displayName: world.igApp.displayName,
      redirectUris: world.redirectUri,
      deauthorizeUrl: `${receiver.url}/deauthorize`,
      dataDeletionUrl: `${receiver.url}${DELETION_PATH}`,
    });
    assert.equal(noticeText(await follow(owner, saved)), 'Changes saved.');

    const tester = await signedIn(server.url, world.tester);
    const apps = await tester.get('/accounts/manage_access/');
    const removed = await tester.postForm('/accounts/manage_access/remove/', { _csrf: tester.csrf(apps), app_id: world.igApp.igAppId });
    assert.equal(removed.status, 303);

    await until('both callbacks at the receiver', () => (receiver.received.length >= 2 ? true : undefined));
    assert.deepEqual(receiver.received.map((r) => r.path).sort(), ['/deauthorize', DELETION_PATH]);
    for (const callback of receiver.received) {
      assert.equal(callback.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(verifySignedRequest(signedRequestOf(callback), world.secret)?.user_id, userId);
    }
    const stored = await until('both deliveries recorded', async () => {
      const deliveries = await deliveriesOf();
      return deliveries.length === 2 && deliveries.every((d) => d.status === 'delivered') ? deliveries : undefined;
    });

    const shown = await owner.get(page);
    assert.doesNotMatch(shown.text, /id="no-callback-deliveries"/);
    // The URL is the app's own text: escaped, never markup.
    assert.match(shown.text, /<dt>URL<\/dt><dd><code>http:\/\/127\.0\.0\.1:\d+\/deletion\?app=sizzle&amp;step=1<\/code><\/dd>/);
    const listed = listedDeliveries(shown);
    assert.deepEqual(
      listed.map((d) => d.id),
      stored.map((d) => d.id),
    );
    const byKind = new Map(listed.map((d) => [d.kind, d]));
    const deauthorize = byKind.get('Deauthorize') ?? assert.fail('no Deauthorize delivery listed');
    const deletion = byKind.get('Data Deletion') ?? assert.fail('no Data Deletion delivery listed');
    const queuedAt = stored[0]?.createdAt ?? assert.fail('nothing stored');
    assert.deepEqual(deauthorize.fields, { URL: `${receiver.url}/deauthorize`, 'User ID': userId, Queued: deauthorize.fields.Queued, Attempts: '1', 'Last result': 'HTTP 200' });
    assert.deepEqual(deletion.fields, {
      URL: `${receiver.url}${DELETION_PATH}`,
      'User ID': userId,
      Queued: deletion.fields.Queued,
      Attempts: '1',
      'Last result': 'HTTP 200',
      'Confirmation code': 'abc',
      'Status URL': 'https://example.com/status?id=abc',
    });
    for (const delivery of [deauthorize, deletion]) {
      assert.equal(delivery.status, 'Delivered');
      assert.deepEqual(delivery.times, { Queued: iso(queuedAt) });
      assert.match(delivery.fields.Queued ?? '', HUMAN_TIME);
      assert.equal(delivery.replayAction, appPage(world.app.appId, `instagram-basic-display/callbacks/${delivery.id}/replay/`));
    }
  });

  it('Replay sends the callback again and lists the new delivery first, with what the app answered this time', async () => {
    const before = await deliveriesOf();
    const deletion = before.find((d) => d.kind === 'data_deletion') ?? assert.fail('no data deletion delivery');
    // This answer is the app's own text too: escaped on the page.
    receiver.answer(DELETION_PATH, { status: 200, body: '{"url":"https://example.com/status?id=<b>2</b>&x=1","confirmation_code":"<i>def</i>"}' });

    const replayed = await submitFrom(owner, page, appPage(world.app.appId, `instagram-basic-display/callbacks/${deletion.id}/replay/`), {});
    assert.equal(replayed.location, `${page}?done=callback-replayed`);
    assert.equal(noticeText(await follow(owner, replayed)), 'The callback was queued again.');

    await until('the replayed callback at the receiver', () => (receiver.received.length === 3 ? true : undefined));
    const again = receiver.received[2] ?? assert.fail('no third callback');
    assert.equal(again.path, '/deletion?app=sizzle&step=1');
    assert.equal(verifySignedRequest(signedRequestOf(again), world.secret)?.user_id, userId);
    const stored = await until('the replay recorded', async () => {
      const deliveries = await deliveriesOf();
      return deliveries.length === 3 && deliveries[0]?.status === 'delivered' ? deliveries : undefined;
    });

    const shown = await owner.get(page);
    assert.match(shown.text, /<dt>Confirmation code<\/dt><dd><code>&lt;i&gt;def&lt;\/i&gt;<\/code><\/dd>/);
    assert.doesNotMatch(shown.text, /<i>def<\/i>|<b>2<\/b>/);
    const listed = listedDeliveries(shown);
    assert.deepEqual(
      listed.map((d) => d.id),
      stored.map((d) => d.id),
    );
    const first = listed[0] ?? assert.fail('nothing listed');
    assert.notEqual(first.id, deletion.id);
    assert.equal(first.kind, 'Data Deletion');
    assert.equal(first.status, 'Delivered');
    assert.equal(first.fields['Confirmation code'], '<i>def</i>');
    assert.equal(first.fields['Status URL'], 'https://example.com/status?id=<b>2</b>&x=1');
    assert.equal(first.fields['User ID'], userId);
    assert.equal(first.times.Queued, iso(stored[0]?.createdAt ?? 0));
    // The original stays as it was.
    assert.equal(listed.find((d) => d.id === deletion.id)?.fields['Confirmation code'], 'abc');
  });

  it('refuses a Replay of an unknown delivery, of another app’s, by another developer or without a valid CSRF token, and queues nothing', async () => {
    const known = (await deliveriesOf())[0] ?? assert.fail('no delivery');
    const other = await buildWorld(server.services);
    await issueToken(server.services, other);
    await server.services.apps.updateBasicDisplay(other.igApp.igAppId, { redirectUris: [other.redirectUri], deauthorizeUrl: `${receiver.url}/deauthorize`, dataDeletionUrl: '' });
    await server.services.appConnections.removeConnection(other.tester.id, other.igApp.igAppId);
    const othersDelivery = (await deliveriesOf(other.igApp.igAppId))[0] ?? assert.fail('no delivery of the other app');
    await until('the other app’s callback at the receiver', () => (receiver.received.length === 4 ? true : undefined));
    const countsBefore = [(await deliveriesOf()).length, (await deliveriesOf(other.igApp.igAppId)).length];
    const replay = (appId: string, deliveryId: string) => appPage(appId, `instagram-basic-display/callbacks/${encodeURIComponent(deliveryId)}/replay/`);

    for (const deliveryId of ['no-such-delivery', othersDelivery.id]) {
      const refused = await submitFrom(owner, page, replay(world.app.appId, deliveryId), {});
      assert.equal(refused.status, 404, deliveryId);
      assert.equal(noticeText(refused), 'This callback delivery does not exist.');
      assert.match(refused.text, /<h2>Callback deliveries<\/h2>/);
    }

    const intruder = await signInDeveloper(server.url, await buildDeveloper(server.services));
    const trespass = await submitFrom(intruder, '/developers/apps/', replay(world.app.appId, known.id), {});
    assert.equal(trespass.status, 404);
    assert.match(trespass.text, /<h1>This page isn&#39;t available<\/h1>/);

    const foreignToken = intruder.csrf(await intruder.get('/developers/apps/'));
    for (const token of [undefined, 'wrong', foreignToken]) {
      const forged = await owner.postForm(replay(world.app.appId, known.id), token === undefined ? {} : { _csrf: token });
      assert.equal(forged.status, 403, `token ${token ?? 'missing'}`);
      assert.match(forged.text, /<h1>Page expired<\/h1>/);
    }

    assert.deepEqual([(await deliveriesOf()).length, (await deliveriesOf(other.igApp.igAppId)).length], countsBefore);
    assert.equal(receiver.received.length, 4);
  });

  it('shows a callback to an app that does not answer as Pending, with "could not connect" and the next attempt time', async (t) => {
    const hangUp = await startHangUpServer();
    t.after(() => hangUp.close());
    const downUrl = `${hangUp.url}/deauthorize`;

    const down = await buildWorld(server.services);
    const downUserId = (await issueToken(server.services, down)).userId;
    await server.services.apps.updateBasicDisplay(down.igApp.igAppId, { redirectUris: [down.redirectUri], deauthorizeUrl: downUrl, dataDeletionUrl: '' });
    await server.services.appConnections.removeConnection(down.tester.id, down.igApp.igAppId);
    const stored = await until('the first attempt recorded', async () => {
      const [delivery] = await deliveriesOf(down.igApp.igAppId);
      return delivery?.attempts === 1 ? delivery : undefined;
    });
    assert.equal(stored.status, 'pending');
    assert.equal(stored.nextAttemptAt, (stored.lastAttemptAt ?? 0) + 1 * MINUTE);

    const developer = await signInDeveloper(server.url, await developerOf(server.services, down.developerId));
    const [listed, ...rest] = listedDeliveries(await developer.get(appPage(down.app.appId, BASIC_DISPLAY)));
    assert.deepEqual(rest, []);
    assert.ok(listed);
    assert.equal(listed.kind, 'Deauthorize');
    assert.equal(listed.status, 'Pending');
    assert.deepEqual(listed.fields, {
      URL: downUrl,
      'User ID': downUserId,
      Queued: listed.fields.Queued,
      Attempts: '1',
      'Last result': listed.fields['Last result'],
      'Next attempt': listed.fields['Next attempt'],
    });
    // The peer's reset reaches the request while it reads (ECONNRESET) or, rarely, while it writes (EPIPE).
    assert.match(listed.fields['Last result'] ?? '', /^could not connect \((ECONNRESET|EPIPE)\)$/);
    assert.deepEqual(listed.times, { Queued: iso(stored.createdAt), 'Next attempt': iso(stored.nextAttemptAt) });
    assert.match(listed.fields['Next attempt'] ?? '', HUMAN_TIME);
  });
});
