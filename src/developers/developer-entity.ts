// Dashboard users: the "Facebook accounts" that own apps on developers.facebook.com.
import { DomainError } from '../domain-error.ts';

export interface Developer {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

export type DeveloperErrorCode = 'email_invalid' | 'email_taken' | 'password_too_short' | 'developer_not_found' | 'sign_in_failed' | 'sign_in_throttled' | 'password_incorrect' | 'name_invalid';

export class DeveloperError extends DomainError<DeveloperErrorCode> {}

export function checkEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new DeveloperError('email_invalid', 'Enter a valid email address.');
  }
  return email;
}
