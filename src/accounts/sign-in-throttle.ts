// Throttles failed sign-ins per account and per client address over a sliding window, so a password
// cannot be guessed quickly from one place or against one account from many.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { PasswordHasher } from '../password-hasher.ts';
import type { Database } from '../storage/database-schema.ts';

export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
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
  const failures = async (key: string): Promise<number> => {
    const row = await db
      .selectFrom('sign_in_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('throttle_key', '=', key)
      .where('failed_at', '>', since())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    /** True when this subject may try again now. */
    async allows(subject: ThrottleSubject): Promise<boolean> {
      const k = keys(subject);
      return (await failures(k.identity)) < limits.perAccount && (await failures(k.address)) < limits.perAddress;
    },
    async recordFailure(subject: ThrottleSubject): Promise<void> {
      const k = keys(subject);
      const now = clock.now();
      await db.deleteFrom('sign_in_failures').where('failed_at', '<=', since()).execute();
      await db.insertInto('sign_in_failures').values([{ throttle_key: k.identity, failed_at: now }, { throttle_key: k.address, failed_at: now }]).execute();
    },
    /** A successful sign-in forgives the account's failures (not the address's). */
    async recordSuccess(subject: ThrottleSubject): Promise<void> {
      await db.deleteFrom('sign_in_failures').where('throttle_key', '=', keys(subject).identity).execute();
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

export type SignInOutcome<Row> = { ok: true; row: Row } | { ok: false; throttled: boolean };

/**
 * A password check under the throttle: refuses while throttled, spends the same time on unknown
 * identities as on wrong passwords, and records the outcome.
 */
export async function verifyThrottled<Row extends { passwordHash: string }>(
  deps: { throttle: SignInThrottle; passwords: PasswordHasher },
  subject: ThrottleSubject,
  find: () => Promise<Row | undefined>,
  password: string,
): Promise<SignInOutcome<Row>> {
  if (!(await deps.throttle.allows(subject))) return { ok: false, throttled: true };
  const row = await find();
  const ok = row ? await deps.passwords.verify(row.passwordHash, password) : await deps.passwords.verifyNothing(password);
  if (!row || !ok) {
    await deps.throttle.recordFailure(subject);
    return { ok: false, throttled: false };
  }
  await deps.throttle.recordSuccess(subject);
  return { ok: true, row };
}
