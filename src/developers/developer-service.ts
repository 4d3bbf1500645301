// Rules for dashboard developers: sign-up and throttled sign-in.
import { verifyThrottled, type SignInThrottle } from '../accounts/sign-in-throttle.ts';
import { MIN_PASSWORD_LENGTH } from '../accounts/account-entity.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { PasswordHasher } from '../password-hasher.ts';
import { checkEmail, DeveloperError, type Developer } from './developer-entity.ts';
import type { DeveloperRepository, DeveloperRow } from './developer-repository.ts';

const publicDeveloper = ({ passwordHash: _ignored, ...developer }: DeveloperRow): Developer => developer;

export function createDeveloperService(deps: {
  developers: DeveloperRepository;
  throttle: SignInThrottle;
  passwords: PasswordHasher;
  clock: Clock;
  ids: IdGenerator;
}) {
  const { developers, throttle, passwords, clock, ids } = deps;
  return {
    async createDeveloper(input: { email: string; name: string; password: string }): Promise<Developer> {
      const email = checkEmail(input.email);
      if (input.name.trim().length > 64) throw new DeveloperError('name_invalid', 'Enter a name of at most 64 characters.');
      if (input.password.length < MIN_PASSWORD_LENGTH) {
        throw new DeveloperError('password_too_short', `Use a password at least ${MIN_PASSWORD_LENGTH} characters long.`);
      }
      const row: DeveloperRow = {
        id: ids.appId(),
        email,
        name: input.name.trim() || email,
        createdAt: clock.now(),
        passwordHash: await passwords.hash(input.password),
      };
      await developers.insert(row);
      return publicDeveloper(row);
    },

    async signIn(input: { email: string; password: string; address: string }): Promise<Developer> {
      const subject = { identity: input.email.trim().toLowerCase(), address: input.address };
      const outcome = await verifyThrottled({ throttle, passwords }, subject, () => developers.findByEmail(subject.identity), input.password);
      if (outcome.ok) return publicDeveloper(outcome.row);
      if (outcome.throttled) throw new DeveloperError('sign_in_throttled', 'Too many attempts. Please wait a few minutes before you try again.');
      throw new DeveloperError('sign_in_failed', 'The email or password you entered is incorrect.');
    },

    /**
     * Asks a signed-in developer for their password again before a secret is shown or reset. Wrong
     * answers count against the same throttle as sign-in.
     */
    async confirmPassword(input: { developerId: string; password: string; address: string }): Promise<Developer> {
      const row = await developers.findById(input.developerId);
      if (!row) throw new DeveloperError('developer_not_found', 'Log in again to continue.');
      const subject = { identity: row.email, address: input.address };
      const outcome = await verifyThrottled({ throttle, passwords }, subject, () => Promise.resolve(row), input.password);
      if (outcome.ok) return publicDeveloper(outcome.row);
      if (outcome.throttled) throw new DeveloperError('sign_in_throttled', 'Too many attempts. Please wait a few minutes before you try again.');
      throw new DeveloperError('password_incorrect', 'The password you entered is incorrect.');
    },

    async findDeveloperByEmail(email: string): Promise<Developer | undefined> {
      const row = await developers.findByEmail(email.trim().toLowerCase());
      return row && publicDeveloper(row);
    },

    async findDeveloper(id: string): Promise<Developer | undefined> {
      const row = await developers.findById(id);
      return row && publicDeveloper(row);
    },
  };
}

export type DeveloperService = ReturnType<typeof createDeveloperService>;
