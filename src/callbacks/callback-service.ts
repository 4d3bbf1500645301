// Deauthorize and Data Deletion callbacks (spec §7, DESIGN.md §3 and §5). When a user removes an app in
// Apps and Websites, one delivery for each callback URL the app has set is queued in the removal's own
// transaction (a durable outbox). A worker POSTs each as `signed_request`, signed with the Instagram
// App Secret when sent, and retries what fails on a schedule of the (virtual) clock.
import type { Transaction } from 'kysely';
import type { InstagramApp } from '../apps/app-entity.ts';
import { HOUR, type Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { Database } from '../storage/database-schema.ts';
import { CallbackError, DELIVERIES_KEPT_MS, DELIVERIES_LISTED, RETRY_DELAYS_MS, type CallbackDelivery, type CallbackKind } from './callback-entity.ts';
import { failureOf, postForm, TIMEOUT_MS } from './callback-delivery.ts';
import type { AttemptOutcome, CallbackRepository, NewDelivery } from './callback-repository.ts';
import { signRequest, type SignedRequestPayload } from './signed-request.ts';

/** Deliveries one worker pass claims, and how long it holds them (wall time). */
const CLAIM_BATCH = 20;
const CLAIM_MS = TIMEOUT_MS * 2;
/** How often the worker looks for due deliveries (besides when one is queued or the clock moves). */
const POLL_MS = 1_000;
/** How often (virtual time) a pass also deletes the deliveries kept long enough. */
const PURGE_EVERY_MS = HOUR;

interface CallbackDeps {
  callbacks: CallbackRepository;
  /** The Instagram App Secret now (a reset changes what later deliveries are signed with). */
  instagramAppSecret: (igAppId: string) => Promise<string>;
  /** Whether callbacks may go to loopback, private and link-local addresses (emulator mode: yes). */
  allowPrivateNetwork: boolean;
  /** The virtual clock: issued_at and the retry schedule. */
  clock: Clock;
  /** The wall clock: how long a worker holds a claimed delivery. */
  wallClock: Clock;
  ids: IdGenerator;
}

/** The answer a data deletion callback must give: `{"url": …, "confirmation_code": …}` (spec §7). */
function deletionAnswer(body: string): { url: string; confirmationCode: string } | undefined {
  try {
    const parsed = JSON.parse(body) as { url?: unknown; confirmation_code?: unknown };
    if (typeof parsed.url === 'string' && typeof parsed.confirmation_code === 'string' && parsed.url !== '' && parsed.confirmation_code !== '') {
      return { url: parsed.url, confirmationCode: parsed.confirmation_code };
    }
  } catch {
    // not JSON: answered below as missing
  }
  return undefined;
}

export function createCallbackService(deps: CallbackDeps) {
  const { callbacks, instagramAppSecret, allowPrivateNetwork, clock, wallClock, ids } = deps;
  let timer: NodeJS.Timeout | undefined;
  let passing: Promise<void> | undefined;
  let again = false;
  let purgedAt = -Infinity;
  /** Aborts the POSTs in flight when the worker stops. */
  let stopping = new AbortController();

  /** One attempt: the outcome to record. */
  const attempt = async (delivery: CallbackDelivery): Promise<AttemptOutcome> => {
    const now = clock.now();
    const attempts = delivery.attempts + 1;
    let result: string;
    let answer: ReturnType<typeof deletionAnswer>;
    let ok = false;
    try {
      const signed = signRequest(JSON.parse(delivery.payload) as SignedRequestPayload, await instagramAppSecret(delivery.igAppId));
      const response = await postForm(delivery.url, new URLSearchParams({ signed_request: signed }), { allowPrivateNetwork, signal: stopping.signal });
      ok = response.status >= 200 && response.status < 300;
      result = `HTTP ${response.status}`;
      if (ok && delivery.kind === 'data_deletion') {
        answer = deletionAnswer(response.body);
        if (!answer) result += ', without the required {"url", "confirmation_code"} JSON';
      }
    } catch (error) {
      result = failureOf(error);
    }
    const retryIn = RETRY_DELAYS_MS[attempts - 1];
    const status = ok ? 'delivered' : retryIn === undefined ? 'failed' : 'pending';
    return {
      status,
      attempts,
      nextAttemptAt: status === 'pending' ? now + (retryIn ?? 0) : delivery.nextAttemptAt,
      lastAttemptAt: now,
      lastResult: result,
      confirmationCode: answer?.confirmationCode ?? null,
      statusUrl: answer?.url ?? null,
    };
  };

  /** Delivers what is due now; returns how many were claimed. */
  const deliverDue = async (): Promise<number> => {
    const wallNow = wallClock.now();
    const claimUntil = wallNow + CLAIM_MS;
    const due = await callbacks.claimDue(clock.now(), wallNow, claimUntil, CLAIM_BATCH);
    await Promise.all(
      due.map(async (delivery) => {
        const outcome = await attempt(delivery);
        // Stopped mid-way: the claim runs out and the delivery is tried again, not counted as failed.
        if (!stopping.signal.aborted) await callbacks.recordAttempt(delivery.id, claimUntil, outcome);
      }),
    );
    return due.length;
  };

  /** One worker pass at a time; a kick during a pass runs another right after it. */
  const pass = (): Promise<void> => {
    if (passing) {
      again = true;
      return passing;
    }
    passing = (async () => {
      do {
        again = false;
        try {
          while (timer && (await deliverDue()) === CLAIM_BATCH);
          const now = clock.now();
          if (timer && now - purgedAt >= PURGE_EVERY_MS) {
            purgedAt = now;
            await callbacks.purgeFinished(now - DELIVERIES_KEPT_MS);
          }
        } catch {
          // The database is busy or closing: the next pass tries again.
        }
      } while (again && timer);
      passing = undefined;
    })();
    return passing;
  };

  /** Looks for due deliveries now (after a removal commits, or when the virtual clock moves). */
  const kick = (): void => {
    if (timer) setImmediate(() => void (timer && pass()));
  };

  return {
    /** The deliveries a removal causes, to be inserted in the removal's transaction. */
    async queueRemoval(trx: Transaction<Database>, app: InstagramApp, asid: string): Promise<void> {
      const now = clock.now();
      const payload = JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(now / 1000), user_id: asid } satisfies SignedRequestPayload);
      const targets: [CallbackKind, string | null][] = [
        ['deauthorize', app.deauthorizeUrl],
        ['data_deletion', app.dataDeletionUrl],
      ];
      const deliveries: NewDelivery[] = targets.flatMap(([kind, url]) => (url ? [{ id: ids.opaque(12), igAppId: app.igAppId, kind, url, payload, createdAt: now }] : []));
      await callbacks.insert(deliveries, trx);
    },

    kick,

    /** Sends a delivery again as a new one, whatever became of it (the dashboard's Replay). */
    async replay(igAppId: string, deliveryId: string): Promise<void> {
      const delivery = await callbacks.find(deliveryId);
      if (!delivery || delivery.igAppId !== igAppId) throw new CallbackError('delivery_not_found', 'This callback delivery does not exist.');
      await callbacks.insert([{ id: ids.opaque(12), igAppId, kind: delivery.kind, url: delivery.url, payload: delivery.payload, createdAt: clock.now() }]);
      kick();
    },

    listDeliveries: (igAppId: string) => callbacks.listOfApp(igAppId, DELIVERIES_LISTED),
    listAllDeliveries: () => callbacks.listAll(DELIVERIES_LISTED * 4),

    /** Deliveries pending and failed (the metrics' outbox depth). */
    outboxDepth: () => callbacks.countOpen(),

    /** Runs the worker: a pass now and every second. */
    start(): void {
      if (timer) return;
      stopping = new AbortController();
      timer = setInterval(() => void pass(), POLL_MS).unref();
      kick();
    },
    /** Stops the worker: no new pass, the POSTs in flight aborted, and waits for the pass to end. */
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      stopping.abort();
      await passing;
    },
  };
}

export type CallbackService = ReturnType<typeof createCallbackService>;
