// Signed, expiring media URLs, as Instagram's CDN wrote them (spec §4.5): `oe` is the expiry as hex
// Unix seconds, `oh` a signature over the path and `oe`. Expiry follows the (virtual) clock, and is
// rounded up to the hour so that a URL stays the same for an hour and caches can work. Videos (.mp4)
// and images have lifetimes of their own (a day and four days from 2021 on).
import { createHmac } from 'node:crypto';
import { HOUR, type Clock } from '../clock.ts';
import { constantTimeEqual } from '../digests.ts';

/** The path under the CDN surface: `/v/t51.2885-15/m/17895695668004550.jpg`. */
const PATH_PREFIX = '/v/t51.2885-15/';

const MAX_REMEMBERED = 100_000;

/** Why a CDN URL is not served. */
export type CdnRefusal = 'bad_hash' | 'expired' | 'not_found';

export type CdnCheck = { ok: true; key: string; expiresAt: number } | { ok: false; reason: CdnRefusal };

/** How long a signed URL lives: `video` for `.mp4` keys, `image` for every other (photos, video posters). */
export interface CdnLifetimes {
  image: number;
  video: number;
}

export function createCdnSigner(deps: { secretKeyHex: string; clock: Clock; ttlMs: CdnLifetimes }) {
  const { clock, ttlMs } = deps;
  const hmacKey = createHmac('sha256', Buffer.from(deps.secretKeyHex, 'hex')).update('igloo cdn urls').digest();
  const signature = (path: string, oe: string) => createHmac('sha256', hmacKey).update(`${path}\n${oe}`).digest('hex').slice(0, 32);
  // A URL is the same for a whole hour: media pages sign the same keys again and again.
  const recent = new Map<string, { expiresAt: number; url: string }>();

  return {
    /** The path and query of a signed URL for a blob key, relative to the CDN's base URL. */
    sign(key: string): string {
      const expiresAt = Math.ceil((clock.now() + (key.endsWith('.mp4') ? ttlMs.video : ttlMs.image)) / HOUR) * HOUR;
      const cached = recent.get(key);
      if (cached?.expiresAt === expiresAt) return cached.url;
      const oe = Math.floor(expiresAt / 1000).toString(16).toUpperCase();
      const path = PATH_PREFIX + key;
      const url = `${path}?_nc_cat=1&_nc_sid=8ae9d6&oh=${signature(path, oe)}&oe=${oe}`;
      if (recent.size >= MAX_REMEMBERED) recent.clear();
      recent.set(key, { expiresAt, url });
      return url;
    },

    /** Checks a request's path (without the CDN prefix) and its `oh`/`oe` parameters. */
    check(path: string, oh: string | undefined, oe: string | undefined): CdnCheck {
      if (!path.startsWith(PATH_PREFIX)) return { ok: false, reason: 'not_found' };
      if (!oh || !oe || !/^[0-9A-F]{1,12}$/.test(oe) || !constantTimeEqual(signature(path, oe), oh)) return { ok: false, reason: 'bad_hash' };
      const expiresAt = parseInt(oe, 16) * 1000;
      if (expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
      return { ok: true, key: path.slice(PATH_PREFIX.length), expiresAt };
    },
  };
}

export type CdnSigner = ReturnType<typeof createCdnSigner>;
