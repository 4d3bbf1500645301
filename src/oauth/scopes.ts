// The `scope` parameter: comma-separated, or (URL-encoded) space-separated; user_profile is required
// (spec §2.1). Unknown scopes are reported in the 2020 wording, `Invalid scope: ['basic']` (spec §2.3).
import { SCOPES, type Scope } from '../apps/app-entity.ts';
import { missingField, OAuthError } from './oauth-error.ts';

/** Renders names as Python's list repr, the form Instagram's messages used: ['a', 'b']. */
export function pythonList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}

export function parseScopeParam(raw: string | undefined): Scope[] {
  if (raw === undefined) throw missingField('scope');
  return checkScopeNames(raw.split(/[,\s]+/).filter(Boolean));
}

/** The scopes named, in canonical order; throws OAuthError `invalid_scope` as the window reported it. */
export function checkScopeNames(names: readonly string[]): Scope[] {
  const unknown = names.filter((n) => !(SCOPES as string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new OAuthError('invalid_scope', `Invalid scope: ${pythonList(unknown)}`);
  const scopes = SCOPES.filter((s) => names.includes(s));
  if (!scopes.includes('user_profile')) throw new OAuthError('invalid_scope', 'Invalid scope: user_profile is required');
  return scopes;
}

export const formatScopes = (scopes: readonly Scope[]): string => scopes.join(',');
export const readScopes = (stored: string): Scope[] => stored.split(',').filter((s): s is Scope => (SCOPES as string[]).includes(s));
