// Deauthorize and Data Deletion callbacks (spec §7, DESIGN.md §3 and §5). When a user removes an app in
// Apps and Websites, one delivery for each callback URL the app has set is queued in the removal's own
// transaction (a durable outbox). A worker POSTs each as `signed_request`, signed with the Instagram
// App Secret when sent, and retries what fails on a schedule of the (virtual) clock.
import { HOUR, MINUTE, type Clock } from '../clock.ts';
import { DomainError } from '../domain-error.ts';
import type { InstagramApp } from '../apps/app-entity.ts';
import type { IdGenerator } from '../ids.ts';
import type { Database } from '../storage/database-schema.ts';
import type { Transaction } from 'kysely';
import type { AttemptOutcome, CallbackDelivery, CallbackKind, CallbackRepository, NewDelivery } from './callback-repository.ts';
import { signRequest, type SignedRequestPayload } from './signed-request.ts';

/**
 * Waits after the 1st, 2nd, … failed attempt; after the last, the delivery has failed for good. Meta's
 * schedule is not documented (spec §7): this one spans about a day.
 */
export const RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 12 * HOUR] as const;
/** How long the app may take to answer. */
const TIMEOUT_MS = 5_000;
/** How much of an answer is read (a data deletion answer is a small JSON object). */
const MAX_ANSWER_BYTES = 16 * 1024;
/** Deliveries one worker pass claims, and how long it holds them (wall time). */
const CLAIM_BATCH = 20;
const CLAIM_MS = TIMEOUT_MS * 2;
/** How often the worker looks for due deliveries (besides when one is queued or the clock moves). */
const POLL_MS = 1_000;
/** How many of an app's deliveries the dashboard lists, newest first. */
export const DELIVERIES_LISTED = 50;

export type CallbackErrorCode = 'delivery_not_found';
export class CallbackError extends DomainError<CallbackErrorCode> {}

interface CallbackDeps {
  callbacks: CallbackRepository;
  /** The Instagram App Secret now (a reset changes what later deliveries are signed with). */
  instagramAppSecret: (igAppId: string) => Promise<string>;
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

async function readAnswer(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_ANSWER_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/** Why a request did not get an answer, in a few words for the dashboard. */
function failureOf(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  if (!(error instanceof TypeError)) return 'igloo could not send it'; // fetch fails with a TypeError; anything else is ours
  // Node names why in the cause: a code (ECONNREFUSED), or a message ("bad port" for blocked ports).
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return why ? `could not connect (${why})` : 'could not connect';
}

export function createCallbackService(deps: CallbackDeps) {
  const { callbacks, instagramAppSecret, clock, wallClock, ids } = deps;
  let timer: NodeJS.Timeout | undefined;
  let passing: Promise<void> | undefined;
  let again = false;

  /** One attempt: the outcome to record. */
  const attempt = async (delivery: CallbackDelivery): Promise<AttemptOutcome> => {
    const now = clock.now();
    const attempts = delivery.attempts + 1;
    let result: string;
    let answer: ReturnType<typeof deletionAnswer>;
    let ok = false;
    try {
      const signed = signRequest(JSON.parse(delivery.payload) as SignedRequestPayload, await instagramAppSecret(delivery.igAppId));
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'igloo-callbacks' },
        body: new URLSearchParams({ signed_request: signed }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = await readAnswer(response);
      ok = response.status >= 200 && response.status < 300;
      result = `HTTP ${response.status}`;
      if (ok && delivery.kind === 'data_deletion') {
        answer = deletionAnswer(body);
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

  /** Delivers what is due now; returns how many were attempted. */
  const deliverDue = async (): Promise<number> => {
    const wallNow = wallClock.now();
    const due = await callbacks.claimDue(clock.now(), wallNow, wallNow + CLAIM_MS, CLAIM_BATCH);
    await Promise.all(due.map(async (delivery) => callbacks.recordAttempt(delivery.id, await attempt(delivery))));
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
          while ((await deliverDue()) === CLAIM_BATCH);
        } catch {
          // The database is closing or busy: the next pass tries again.
        }
      } while (again);
      passing = undefined;
    })();
    return passing;
  };

  /** Looks for due deliveries now (after a removal commits, or when the virtual clock moves). */
  const kick = (): void => {
    if (timer) setImmediate(() => void pass());
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

    /** Runs the worker: a pass now and every second. */
    start(): void {
      timer ??= setInterval(() => void pass(), POLL_MS).unref();
      kick();
    },
    /** Stops the worker and waits for the pass in flight. */
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await passing;
    },
  };
}

export type CallbackService = ReturnType<typeof createCallbackService>;
