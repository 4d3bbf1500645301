// Browser sessions for Instagram accounts and for dashboard developers. The cookie carries a random id;
// only its SHA-256 is stored.
import type { Kysely } from 'kysely';
import { DAY, type Clock } from '../clock.ts';
import { sha256Hex } from '../digests.ts';
import type { IdGenerator } from '../ids.ts';
import type { Database } from '../storage/database-schema.ts';

export type SessionSubject = 'account' | 'developer';

export const SESSION_LIFETIME_MS = 30 * DAY;

export function createWebSessions(deps: { db: Kysely<Database>; clock: Clock; ids: IdGenerator }) {
  const { db, clock, ids } = deps;
  return {
    /** Starts a session and returns the raw id for the cookie. */
    async start(kind: SessionSubject, subjectId: string): Promise<string> {
      const raw = ids.opaque(32);
      const now = clock.now();
      await db
        .insertInto('sessions')
        .values({ id_hash: sha256Hex(raw), subject_kind: kind, subject_id: subjectId, created_at: now, expires_at: now + SESSION_LIFETIME_MS })
        .execute();
      return raw;
    },
    /** The subject id of a live session of that kind, if any. */
    async resolve(kind: SessionSubject, raw: string | undefined): Promise<string | undefined> {
      if (!raw) return undefined;
      const row = await db
        .selectFrom('sessions')
        .select(['subject_id', 'expires_at'])
        .where('id_hash', '=', sha256Hex(raw))
        .where('subject_kind', '=', kind)
        .executeTakeFirst();
      return row && Number(row.expires_at) > clock.now() ? row.subject_id : undefined;
    },
    async end(raw: string | undefined): Promise<void> {
      if (raw) await db.deleteFrom('sessions').where('id_hash', '=', sha256Hex(raw)).execute();
    },
    /** Ends every session of a subject (after a password change). */
    async endAll(kind: SessionSubject, subjectId: string): Promise<void> {
      await db.deleteFrom('sessions').where('subject_kind', '=', kind).where('subject_id', '=', subjectId).execute();
    },
  };
}

export type WebSessions = ReturnType<typeof createWebSessions>;
