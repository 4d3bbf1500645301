// Identifier, secret and token generators (DESIGN.md §4). Randomness is injected so tests can be
// deterministic; production uses node:crypto.
import { randomBytes as cryptoRandomBytes } from 'node:crypto';

export type RandomBytes = (size: number) => Buffer;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface IdGenerator {
  /** Instagram user id: 17 digits starting 1784. */
  instagramUserId(): string;
  /** App-scoped user id: 16 digits, no leading zero. */
  appScopedUserId(): string;
  /** Facebook App ID and Instagram App ID: 16 digits. */
  appId(): string;
  /** App secret: 32 lowercase hex characters. */
  appSecret(): string;
  /** Media id: 17 digits starting 17. */
  mediaId(): string;
  /** Shortcode of a permalink (`/p/{shortcode}/`): 11 characters of [A-Za-z0-9_-]. */
  shortcode(): string;
  /** Opaque access token, `IGQV…`, ≥ 256 random bits (spec §3.1). */
  accessToken(): string;
  /** Opaque authorization code, `AQ…`, URL-safe (spec §2.2). */
  authorizationCode(): string;
  /** Opaque session or CSRF-style secret. */
  opaque(bytes?: number): string;
  /** fbtrace_id-like string: 23 base64url characters. */
  traceId(): string;
}

const TRACE_BYTES = 18;

export function createIdGenerator(randomBytes: RandomBytes = cryptoRandomBytes): IdGenerator {
  let tracePool: Buffer = Buffer.alloc(0);
  let tracePoolAt = 0;
  const digits = (count: number): string => {
    let out = '';
    while (out.length < count) {
      for (const byte of randomBytes(count)) {
        if (byte < 250 && out.length < count) out += String(byte % 10);
      }
    }
    return out;
  };
  const nonZeroDigit = (): string => String(1 + (Number(digits(2)) % 9));
  const alnum = (count: number): string => {
    let out = '';
    while (out.length < count) {
      for (const byte of randomBytes(count)) {
        // 248 = 4 × 62: rejection keeps every character equally likely.
        if (byte < 248 && out.length < count) out += ALNUM[byte % 62];
      }
    }
    return out;
  };
  return {
    instagramUserId: () => '1784' + digits(13),
    appScopedUserId: () => nonZeroDigit() + digits(15),
    appId: () => nonZeroDigit() + digits(15),
    appSecret: () => randomBytes(16).toString('hex'),
    mediaId: () => '17' + digits(15),
    // 150 alphanumerics ≈ 893 bits; the observed tokens were 140–170 characters ending "ZD" (spec §3.1).
    shortcode: () => randomBytes(9).toString('base64url').slice(0, 11),
    accessToken: () => 'IGQWR' + alnum(150) + 'ZD',
    authorizationCode: () => 'AQ' + randomBytes(216).toString('base64url'),
    opaque: (bytes = 32) => randomBytes(bytes).toString('base64url'),
    traceId: () => {
      // Every Graph response carries one, so random bytes are drawn in batches (one syscall per 240).
      if (tracePoolAt + TRACE_BYTES > tracePool.length) {
        tracePool = randomBytes(TRACE_BYTES * 240);
        tracePoolAt = 0;
      }
      tracePoolAt += TRACE_BYTES;
      return tracePool.toString('base64url', tracePoolAt - TRACE_BYTES, tracePoolAt).slice(0, 23);
    },
  };
}
