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

const PLAIN_SECRET_PARAMS = new Set(SECRET_PARAMS);

/** Whether the character at `index` can be part of a parameter name (`[A-Za-z0-9_]`). */
function isNameChar(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Where a parameter value that starts at `index` ends: at `&`, whitespace, `#`, `"` or `\`, as PARAM_VALUE reads it. */
function valueEnd(text: string, index: number): number {
  let end = index;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c === 38 || c === 35 || c === 34 || c === 92 || c === 32 || (c >= 9 && c <= 13)) break;
    if (c > 127 && /\s/.test(text.charAt(end))) break;
  }
  return end;
}

/**
 * A URL redacted as redactSecrets would, at a fraction of its cost for a plain URL (the request log
 * runs it on every Graph call): `access_token=` and the other secret parameters lose their values; a
 * raw token or code anywhere is replaced. A URL without percent-escapes, quotes or backslashes has
 * plain names and no JSON escapes, so a scan from each `=` back over the name replaces the pattern.
 */
export function redactUrl(url: string): string {
  if (url.includes('%') || url.includes('"') || url.includes('\\')) return redactSecrets(url);
  let redacted = '';
  let copied = 0;
  for (let equals = url.indexOf('='); equals !== -1; equals = url.indexOf('=', equals + 1)) {
    let start = equals;
    while (start > copied && isNameChar(url, start - 1)) start--;
    if (start === equals) continue;
    if (!PLAIN_SECRET_PARAMS.has(url.slice(start, equals).toLowerCase())) continue;
    redacted += `${url.slice(copied, equals + 1)}${REDACTED}`;
    copied = valueEnd(url, equals + 1);
    equals = copied - 1;
    if (copied === url.length) break;
  }
  if (copied > 0) redacted += url.slice(copied);
  else redacted = url;
  return redacted.includes('IG') || redacted.includes('AQ') ? redacted.replace(RAW_SECRET, REDACTED) : redacted;
}

export interface LogDestination {
  write(line: string): unknown;
}

/** A pino destination that writes every line redacted. */
export function redactingDestination(destination: LogDestination): LogDestination {
  return { write: (line: string) => destination.write(redactSecrets(line)) };
}
