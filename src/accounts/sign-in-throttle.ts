// Throttles failed sign-ins per account and per client address over a sliding window, so a password
// cannot be guessed quickly from one place or against one account from many. Each attempt counts as a
// failure from before its password is checked until it succeeds.
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { PasswordHasher } from '../password-hasher.ts';
import type { Database } from '../storage/database-schema.ts';

export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}

/** The rows an attempt reserved (one per throttle key). */
export interface Attempt {
  ids: number[];
}

export interface ThrottleSubject {
  /** What the user typed (username or email), lower-cased. */
  identity: string;
  address: string;
}

export function createSignInThrottle(deps: { db: Kysely<Database>; clock: Clock; limits: ThrottleLimits; scope: string }) {
  const { db, clock, limits, scope } = deps;
  const keys = (subject: ThrottleSubject) => ({
    identity: `${scope}:id:${subject.identity.toLowerCase()}`,
    address: `${scope}:ip:${subject.address}`,
  });
  const since = () => clock.now() - limits.windowSeconds * 1000;
  return {
    /**
     * Counts an attempt as a failure before its password is checked, in one statement (so concurrent
     * attempts cannot all pass a count taken before any of them is recorded): at most `perAccount` and
     * `perAddress` password checks run per window. Undefined when this subject may not try now.
     * @see issue 7, point 10
     */
    async reserve(subject: ThrottleSubject): Promise<Attempt | undefined> {
      const k = keys(subject);
      const from = since();
      await db.deleteFrom('sign_in_failures').where('failed_at', '<=', from).execute();
      // The casts give PostgreSQL the parameters' types, which it cannot infer in a select list.
      const { rows } = await sql<{ id: number }>`
        insert into sign_in_failures (throttle_key, failed_at)
        select throttle_key, cast(${clock.now()} as bigint) from (select cast(${k.identity} as text) as throttle_key union all select cast(${k.address} as text)) as attempt
        where (select count(*) from sign_in_failures where throttle_key = ${k.identity} and failed_at > ${from}) < ${limits.perAccount}
          and (select count(*) from sign_in_failures where throttle_key = ${k.address} and failed_at > ${from}) < ${limits.perAddress}
        returning id`.execute(db);
      return rows.length === 0 ? undefined : { ids: rows.map((r) => r.id) };
    },
    /** A successful sign-in forgives the account's failures (not the address's) and was no failure itself. */
    async recordSuccess(subject: ThrottleSubject, attempt: Attempt): Promise<void> {
      await db
        .deleteFrom('sign_in_failures')
        .where((eb) => eb.or([eb('throttle_key', '=', keys(subject).identity), eb('id', 'in', attempt.ids)]))
        .execute();
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

export type SignInOutcome<Row> = { ok: true; row: Row } | { ok: false; throttled: boolean };

/**
 * A password check under the throttle: refuses while throttled, spends the same time on unknown
 * identities as on wrong passwords, and counts the attempt before checking (forgiven on success).
 */
export async function verifyThrottled<Row extends { passwordHash: string }>(
  deps: { throttle: SignInThrottle; passwords: PasswordHasher },
  subject: ThrottleSubject,
  find: () => Promise<Row | undefined>,
  password: string,
): Promise<SignInOutcome<Row>> {
  const attempt = await deps.throttle.reserve(subject);
  if (!attempt) return { ok: false, throttled: true };
  const row = await find();
  const ok = row ? await deps.passwords.verify(row.passwordHash, password) : await deps.passwords.verifyNothing(password);
  if (!row || !ok) return { ok: false, throttled: false };
  await deps.throttle.recordSuccess(subject, attempt);
  return { ok: true, row };
}
