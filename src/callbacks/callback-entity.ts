// Deauthorize and Data Deletion callbacks (spec §7): what a delivery is, its states, the retry
// schedule and the module's error codes.
import { DAY, HOUR, MINUTE } from '../clock.ts';
import { DomainError } from '../domain-error.ts';

export type CallbackKind = 'deauthorize' | 'data_deletion';
/** `pending` until delivered, or `failed` once no attempt is left. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface CallbackDelivery {
  id: string;
  igAppId: string;
  kind: CallbackKind;
  url: string;
  /** The signed_request payload, as JSON; it is signed when sent, with the app's secret of that moment. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastAttemptAt: number | null;
  /** `HTTP 200`, `could not connect (ECONNREFUSED)`, `no answer within 5 s`, …: what the last attempt got. */
  lastResult: string | null;
  /** From a data deletion callback's answer (spec §7). */
  confirmationCode: string | null;
  statusUrl: string | null;
  createdAt: number;
}

/**
 * Waits after the 1st, 2nd, … failed attempt; after the last, the delivery has failed for good. Meta's
 * schedule is not documented (spec §7): this one spans about a day.
 */
export const RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 12 * HOUR] as const;

/** Delivered and failed deliveries are kept this long (on the virtual clock), then deleted. */
export const DELIVERIES_KEPT_MS = 30 * DAY;

/** How many of an app's deliveries the dashboard lists, newest first. */
export const DELIVERIES_LISTED = 50;

export type CallbackErrorCode = 'delivery_not_found';
export class CallbackError extends DomainError<CallbackErrorCode> {}
