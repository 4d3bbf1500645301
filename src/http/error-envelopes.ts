// The one place that turns errors into status codes and wire bodies, per surface (spec §5.1):
// graph.instagram.com's {"error":{…}} and api.instagram.com's {"error_type": …} (Python-style spacing);
// and the control API's {"error":{"code","message","field"?}}.
import { FaultError } from '../faults/fault-rules.ts';
import { GraphError } from '../graph/graph-error.ts';
import { EmulatorTokenError, type EmulatorTokenErrorCode } from '../oauth/emulator-tokens.ts';
import { OAuthError } from '../oauth/oauth-error.ts';
import { TokenError } from '../oauth/token-error.ts';
import { SnapshotError } from '../snapshot/snapshot-entity.ts';
import { WorldError } from '../world/world-entity.ts';
import { FieldError } from '../field-check.ts';

export interface WireError {
  status: number;
  body: string;
}

/** `{"error_type": "OAuthException", "code": 400, "error_message": "…"}` exactly (spec §2.3–2.4). */
export function oauthErrorBody(message: string): string {
  return `{"error_type": "OAuthException", "code": 400, "error_message": ${JSON.stringify(message)}}`;
}

export function apiError(error: unknown): WireError | undefined {
  return error instanceof OAuthError ? { status: 400, body: oauthErrorBody(error.message) } : undefined;
}

/**
 * What the Authorization Window's error page shows: the JSON body of 2019–23 (spec §2.3), or for
 * `invalid_request` the plain sentence of the 2024–25 pages (`Invalid request: Request parameters are
 * invalid: …`, spec §2.3, §8).
 */
export function authorizePageText(error: OAuthError): string {
  return error.code === 'invalid_request' ? error.message : oauthErrorBody(error.message);
}

/**
 * Token errors carry no `error_subcode` on graph.instagram.com: expired and password-changed tokens were
 * captured in 2021–22 as bare code 190 (https://github.com/bk-rs/instagram-apis-rs,
 * instagram-basic-display-api/tests/response_body_files/me_err__400.json, err__3.json); the 463/460 of
 * graph.facebook.com never appeared there.
 */
const TOKEN_WIRE: Record<TokenError['code'], { type?: 'IGApiException'; code: number; subcode?: number }> = {
  token_missing: { code: 2500 },
  token_unparseable: { code: 190 },
  token_expired: { code: 190 },
  token_password_changed: { code: 190 },
  token_revoked: { code: 190 },
  grant_type_unsupported: { type: 'IGApiException', code: 100 },
  client_secret_missing: { code: 101 },
  client_secret_invalid: { code: 100 },
  token_not_short_lived: { type: 'IGApiException', code: 100 },
  token_not_long_lived: { type: 'IGApiException', code: 100 },
};

function graphBody(message: string, type: string, code: number, subcode: number | undefined, traceId: string, transient = false): string {
  const error: Record<string, unknown> = { message, type };
  if (transient) error.is_transient = true;
  error.code = code;
  if (subcode !== undefined) error.error_subcode = subcode;
  error.fbtrace_id = traceId;
  return JSON.stringify({ error });
}

/** Graph errors: HTTP 400 for every known error (DESIGN.md §5) but code 2's 500; anything unknown is a 500. */
export function graphError(error: unknown, traceId: string): WireError {
  if (error instanceof GraphError) {
    return { status: error.wire.status ?? 400, body: graphBody(error.message, error.wire.type, error.wire.code, error.wire.subcode, traceId, error.wire.transient) };
  }
  if (error instanceof TokenError) {
    const wire = TOKEN_WIRE[error.code];
    return { status: 400, body: graphBody(error.message, wire.type ?? 'OAuthException', wire.code, wire.subcode, traceId) };
  }
  return { status: 500, body: graphBody('An unknown error has occurred.', 'OAuthException', 1, undefined, traceId) };
}

/** The control API's envelope; `field` names the body field at fault, when one is. */
export interface ControlErrorBody {
  error: { code: string; message: string; field?: string };
}

/** Unknown apps and accounts are 404; what the Authorization Window would refuse is a 409. */
const EMULATOR_TOKEN_WIRE: Record<EmulatorTokenErrorCode, { status: number; field?: string }> = {
  app_not_found: { status: 404 },
  account_not_found: { status: 404 },
  scope_invalid: { status: 400, field: 'scopes' },
  not_a_tester: { status: 409 },
  permission_not_approved: { status: 409 },
};

/** Validation failures are `invalid_field` (with `field`) or `invalid_body` (the body as a whole), 400. */
export function controlError(error: unknown): { status: number; body: ControlErrorBody } | undefined {
  if (error instanceof FieldError) {
    const body: ControlErrorBody = { error: { code: error.field === undefined ? 'invalid_body' : 'invalid_field', message: error.message } };
    if (error.field !== undefined) body.error.field = error.field;
    return { status: 400, body };
  }
  if (error instanceof FaultError) {
    if (error.code === 'fault_not_found') return { status: 404, body: { error: { code: error.code, message: error.message } } };
    return { status: 400, body: { error: { code: 'invalid_field', message: error.message, ...(error.field === undefined ? {} : { field: error.field }) } } };
  }
  // A world document's field at fault: 400, or 409 for a username or email already taken.
  if (error instanceof WorldError) {
    const taken = error.code === 'field_taken';
    return { status: taken ? 409 : 400, body: { error: { code: taken ? 'already_exists' : 'invalid_field', message: error.message, field: error.field } } };
  }
  // A refused snapshot names the part of the archive at fault; one past IGLOO_SNAPSHOT_MAX_MB is a 413.
  if (error instanceof SnapshotError) {
    if (error.code === 'archive_too_large') return { status: 413, body: { error: { code: 'payload_too_large', message: error.message } } };
    return { status: 400, body: { error: { code: 'invalid_field', message: error.message, field: error.field } } };
  }
  if (error instanceof EmulatorTokenError) {
    const wire = EMULATOR_TOKEN_WIRE[error.code];
    const code = wire.field === undefined ? error.code : 'invalid_field';
    return { status: wire.status, body: { error: { code, message: error.message, ...(wire.field === undefined ? {} : { field: wire.field }) } } };
  }
  return undefined;
}
