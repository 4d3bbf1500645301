// Rules for Instagram accounts: sign-up, throttled sign-in, password changes.
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { PasswordHasher } from '../password-hasher.ts';
import { AccountError, checkFullName, checkPassword, checkUsername, type Account, type AccountType } from './account-entity.ts';
import type { AccountRepository } from './account-repository.ts';
import { verifyThrottled, type SignInThrottle } from './sign-in-throttle.ts';
import type { WebSessions } from './web-sessions.ts';

export interface NewAccount {
  username: string;
  password: string;
  fullName?: string;
  accountType?: AccountType;
  isPrivate?: boolean;
}

function publicAccount({ passwordHash: _ignored, ...account }: Account & { passwordHash: string }): Account {
  return account;
}

export function createAccountService(deps: {
  accounts: AccountRepository;
  throttle: SignInThrottle;
  passwords: PasswordHasher;
  clock: Clock;
  ids: IdGenerator;
  sessions: WebSessions;
}) {
  const { accounts, throttle, passwords, clock, ids, sessions } = deps;
  return {
    async createAccount(input: NewAccount): Promise<Account> {
      const username = checkUsername(input.username);
      const fullName = checkFullName(input.fullName ?? '');
      checkPassword(input.password);
      if (await accounts.findByUsername(username)) throw new AccountError('username_taken', 'A user with that username already exists.');
      const now = clock.now();
      const row = {
        id: ids.instagramUserId(),
        username,
        fullName,
        accountType: input.accountType ?? 'PERSONAL',
        isPrivate: input.isPrivate ?? false,
        passwordChangedAt: now,
        createdAt: now,
        passwordHash: await passwords.hash(input.password),
      };
      await accounts.insert(row);
      return publicAccount(row);
    },

    /** Checks a username and password; throttled per account and per address. */
    async signIn(input: { username: string; password: string; address: string }): Promise<Account> {
      const subject = { identity: input.username.trim().toLowerCase(), address: input.address };
      const outcome = await verifyThrottled({ throttle, passwords }, subject, () => accounts.findByUsername(subject.identity), input.password);
      if (outcome.ok) return publicAccount(outcome.row);
      if (outcome.throttled) throw new AccountError('sign_in_throttled', 'Please wait a few minutes before you try again.');
      throw new AccountError('sign_in_failed', 'Sorry, your password was incorrect. Please double-check your password.');
    },

    async findAccount(id: string): Promise<Account | undefined> {
      const row = await accounts.findById(id);
      return row && publicAccount(row);
    },

    async findAccountByUsername(username: string): Promise<Account | undefined> {
      const row = await accounts.findByUsername(username.trim().toLowerCase());
      return row && publicAccount(row);
    },

    async getAccountByUsername(username: string): Promise<Account> {
      const row = await accounts.findByUsername(username.trim().toLowerCase());
      if (!row) throw new AccountError('account_not_found', `No Instagram account is called "${username.trim()}".`);
      return publicAccount(row);
    },

    /** Edit Profile: changes the username (Instagram's rules, unique) and the full name. */
    async updateProfile(id: string, input: { username: string; fullName: string }): Promise<Account> {
      const username = checkUsername(input.username);
      const fullName = checkFullName(input.fullName);
      const current = await accounts.findById(id);
      if (!current) throw new AccountError('account_not_found', 'This account no longer exists.');
      const holder = await accounts.findByUsername(username);
      if (holder && holder.id !== id) throw new AccountError('username_taken', 'A user with that username already exists.');
      await accounts.updateProfile(id, { username, fullName });
      return publicAccount({ ...current, username, fullName });
    },

    /** Sets a new password; tokens issued before this moment stop working (spec §1.5), and web sessions end. */
    async changePassword(id: string, password: string): Promise<void> {
      checkPassword(password);
      await accounts.updatePassword(id, await passwords.hash(password), clock.now());
      await sessions.endAll('account', id);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
