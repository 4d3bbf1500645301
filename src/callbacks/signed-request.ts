// Meta's `signed_request` (spec §7): `<base64url(signature)>.<base64url(payload JSON)>`, unpadded,
// the signature being HMAC-SHA256 over the encoded payload (the part after the dot) keyed with the
// Instagram App Secret (DESIGN.md §5).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequestPayload {
  algorithm: 'HMAC-SHA256';
  issued_at: number;
  /** The app-scoped id of the user, as a string (the same value as `/me`'s `id`). */
  user_id: string;
}

export function signRequest(payload: SignedRequestPayload, secret: string): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', secret).update(encoded).digest('base64url')}.${encoded}`;
}

/** What an app's handler does with a signed_request: undefined unless it is well formed and signed with `secret`. */
export function verifySignedRequest(signedRequest: string, secret: string): Record<string, unknown> | undefined {
  const dot = signedRequest.indexOf('.');
  if (dot <= 0) return undefined;
  const signature = Buffer.from(signedRequest.slice(0, dot), 'base64url');
  const encoded = signedRequest.slice(dot + 1);
  const expected = createHmac('sha256', secret).update(encoded).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' && (payload as { algorithm?: unknown }).algorithm === 'HMAC-SHA256' ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
