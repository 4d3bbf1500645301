// How igloo stores what it must not keep in the clear (codes, tokens, session ids) and compares secrets.
import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex digest: codes, tokens and session ids are stored only as this. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
