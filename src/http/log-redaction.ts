// What a log line may not carry: access tokens, app secrets, authorization codes, signed requests,
// Authorization headers and cookies. Every line the logger writes, at every level, passes through
// redactSecrets on its way to the destination, so URLs in requests, error messages (Fastify puts the
// URL in some) and any logged object are covered alike.

export const REDACTED = '[REDACTED]';

/** Query and form parameters whose values are secrets (spec §2.4, §3.2, §3.3, §7). */
const SECRET_PARAMS = ['access_token', 'client_secret', 'app_secret', 'code', 'fb_exchange_token', 'signed_request'];
/** Keys of logged objects (headers among them) whose values are secrets; not `code`, which errors carry. */
const SECRET_KEYS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', ...SECRET_PARAMS.filter((name) => name !== 'code')];

/** A name as it may appear in a URL: each character itself or percent-encoded (Fastify decodes both). */
const urlName = (name: string): string =>
  [...name].map((char) => `(?:${char}|%${char.charCodeAt(0).toString(16)})`).join('');

// `name=value` up to the next separator; a JSON escape (\") is part of the value, never its end.
const PARAM_VALUE = new RegExp(`(^|[^A-Za-z0-9_])(${SECRET_PARAMS.map(urlName).join('|')})=(?:[^&\\s#"\\\\]|\\\\.)*`, 'gi');
// `"name":"value"` in a JSON log line.
const KEY_VALUE = new RegExp(`"(${SECRET_KEYS.join('|')})":"(?:[^"\\\\]|\\\\.)*"`, 'gi');
// Raw tokens and codes wherever they appear (an error message, a header logged by a plugin).
const RAW_SECRET = /\bIG[A-Za-z0-9_-]{30,}|\bAQ[A-Za-z0-9_-]{100,}/g;

export function redactSecrets(text: string): string {
  return text
    .replace(PARAM_VALUE, `$1$2=${REDACTED}`)
    .replace(KEY_VALUE, `"$1":"${REDACTED}"`)
    .replace(RAW_SECRET, REDACTED);
}

// The same parameters in a URL without percent-escapes, quotes or backslashes: plain names, and values
// without JSON escapes, make a much cheaper pattern.
const PLAIN_PARAM_VALUE = new RegExp(`(^|[^A-Za-z0-9_])(${SECRET_PARAMS.join('|')})=[^&\\s#"\\\\]*`, 'gi');

/**
 * A URL redacted as redactSecrets would, at a fraction of its cost for a plain URL (the
 * request log runs it on every Graph call): `access_token=` and the other secret parameters lose their
 * values; a raw token or code anywhere is replaced.
 */
export function redactUrl(url: string): string {
  if (url.includes('%') || url.includes('"') || url.includes('\\')) return redactSecrets(url);
  const redacted = url.includes('=') ? url.replace(PLAIN_PARAM_VALUE, `$1$2=${REDACTED}`) : url;
  return redacted.includes('IG') || redacted.includes('AQ') ? redacted.replace(RAW_SECRET, REDACTED) : redacted;
}

export interface LogDestination {
  write(line: string): unknown;
}

/** A pino destination that writes every line redacted. */
export function redactingDestination(destination: LogDestination): LogDestination {
  return { write: (line: string) => destination.write(redactSecrets(line)) };
}
