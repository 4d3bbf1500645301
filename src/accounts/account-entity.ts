// Instagram accounts: the entity, its rules (username, password, full name) and its error codes.
import { DomainError } from '../domain-error.ts';

export type AccountType = 'PERSONAL' | 'MEDIA_CREATOR' | 'BUSINESS';
export const ACCOUNT_TYPES: readonly AccountType[] = ['PERSONAL', 'MEDIA_CREATOR', 'BUSINESS'];

export interface Account {
  id: string;
  username: string;
  fullName: string;
  accountType: AccountType;
  isPrivate: boolean;
  passwordChangedAt: number;
  createdAt: number;
}

export type AccountErrorCode =
  | 'username_invalid'
  | 'username_taken'
  | 'full_name_invalid'
  | 'password_too_short'
  | 'password_mismatch'
  | 'old_password_incorrect'
  | 'account_not_found'
  | 'sign_in_failed'
  | 'sign_in_throttled';

export class AccountError extends DomainError<AccountErrorCode> {}

/** Names of www paths: a profile lives at /{username}/, so these can never be usernames. */
const RESERVED_USERNAMES = new Set(['accounts', 'p', 'create', 'media', 'oauth', 'explore', 'direct', 'reels', 'stories', 'developers', 'graph', 'cdn', '_igloo']);

/**
 * Instagram's username rules: 1–30 characters of letters, digits, periods and underscores, not starting
 * or ending with a period, and no two periods in a row. Stored lower-case. Names of www paths are taken.
 */
export function checkUsername(raw: string): string {
  const username = raw.trim().toLowerCase();
  if (username === '') throw new AccountError('username_invalid', 'Enter a username.');
  if (!/^[a-z0-9._]{1,30}$/.test(username)) {
    throw new AccountError('username_invalid', 'Usernames can only use letters, numbers, underscores and periods, up to 30 characters.');
  }
  if (username.startsWith('.') || username.endsWith('.') || username.includes('..')) {
    throw new AccountError('username_invalid', "Usernames can't start or end with a period, or have two periods in a row.");
  }
  if (RESERVED_USERNAMES.has(username)) throw new AccountError('username_invalid', "This username isn't available. Please try another.");
  return username;
}

export const MIN_PASSWORD_LENGTH = 6;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError('password_too_short', `Create a password at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
}

export function checkFullName(raw: string): string {
  const name = raw.trim();
  if (name.length > 64) throw new AccountError('full_name_invalid', 'Enter a name under 64 characters.');
  return name;
}
