// Rules for Instagram accounts: sign-up, throttled sign-in, password changes.
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { PasswordHasher } from '../password-hasher.ts';
import { AccountError, checkFullName, checkPassword, checkUsername, type Account, type AccountType } from './account-entity.ts';
import type { AccountRepository } from './account-repository.ts';
import { verifyThrottled, type SignInThrottle } from './sign-in-throttle.ts';
import type { WebSessions } from './web-sessions.ts';

/** Edit Profile > Change Password, as typed. */
export interface PasswordChange {
  accountId: string;
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
  /** The client address, for the sign-in throttle. */
  address: string;
}

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
  /** Ends every token and unused code of an account, for every app. */
  revokeAllAccess: (accountId: string, at: number) => Promise<void>;
}) {
  const { accounts, throttle, passwords, clock, ids, sessions, revokeAllAccess } = deps;
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

    /**
     * Edit Profile > Change Password. The old password is checked under the sign-in throttle, the new
     * one by sign-up's rules and against its confirmation. Then every token and unused code of the
     * account ends (spec §1.5), and so does every web session: the caller's own goes on in the new
     * session returned (a raw id, for the cookie).
     */
    async changePassword(change: PasswordChange): Promise<string> {
      checkPassword(change.newPassword);
      if (change.newPassword !== change.confirmPassword) throw new AccountError('password_mismatch', 'Please make sure both passwords match.');
      const current = await accounts.findById(change.accountId);
      if (!current) throw new AccountError('account_not_found', 'This account no longer exists.');
      const subject = { identity: current.username, address: change.address };
      const outcome = await verifyThrottled({ throttle, passwords }, subject, () => Promise.resolve(current), change.oldPassword);
      if (!outcome.ok && outcome.throttled) throw new AccountError('sign_in_throttled', 'Please wait a few minutes before you try again.');
      if (!outcome.ok) throw new AccountError('old_password_incorrect', 'Your old password was entered incorrectly. Please enter it again.');
      const now = clock.now();
      await accounts.updatePassword(change.accountId, await passwords.hash(change.newPassword), now);
      await revokeAllAccess(change.accountId, now);
      await sessions.endAll('account', change.accountId);
      return sessions.start('account', change.accountId);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
