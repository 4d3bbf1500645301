// Apps and Websites (spec §1.5): the apps an Instagram user has authorized, sorted into the Active,
// Expired and Removed tabs, and Remove, which cuts the app off at once.
import { DAY, type Clock } from '../clock.ts';
import { DomainError } from '../domain-error.ts';
import type { AccountGrant, GrantRepository } from './grant-repository.ts';

/** An app counts as Active while it was used within the last 90 days (spec §1.5). */
export const ACTIVE_WINDOW_MS = 90 * DAY;

export type ConnectionState = 'active' | 'expired' | 'removed';

export interface AppConnection {
  igAppId: string;
  displayName: string;
  state: ConnectionState;
  /** When the user last authorized the app. */
  authorizedAt: number;
  /** Active: when it was last used. Expired: when it expired. Removed: when it was removed. */
  since: number;
}

export type ConnectionErrorCode = 'connection_not_found';

export class ConnectionError extends DomainError<ConnectionErrorCode> {}

/**
 * Which tab a grant belongs in. "Used" is the grant's last_used_at (set at authorization); a grant
 * unused for 90 days by the (virtual) clock is Expired.
 */
export function connectionOf(grant: AccountGrant, now: number): AppConnection {
  const base = { igAppId: grant.igAppId, displayName: grant.displayName };
  if (grant.status === 'removed') return { ...base, state: 'removed', authorizedAt: grant.createdAt, since: grant.updatedAt };
  const expiresAt = grant.lastUsedAt + ACTIVE_WINDOW_MS;
  const authorizedAt = grant.updatedAt;
  return expiresAt <= now ? { ...base, state: 'expired', authorizedAt, since: expiresAt } : { ...base, state: 'active', authorizedAt, since: grant.lastUsedAt };
}

export function createAppConnections(deps: { grants: GrantRepository; clock: Clock }) {
  const { grants, clock } = deps;
  return {
    /** The account's apps in the three tabs, most recent first. */
    async listConnections(accountId: string): Promise<Record<ConnectionState, AppConnection[]>> {
      const now = clock.now();
      const tabs: Record<ConnectionState, AppConnection[]> = { active: [], expired: [], removed: [] };
      for (const grant of await grants.listOfAccount(accountId)) {
        const connection = connectionOf(grant, now);
        tabs[connection.state].push(connection);
      }
      return tabs;
    },

    /** Remove: the app's tokens for this user stop working on their next call (spec §1.5, §3.4). */
    async removeConnection(accountId: string, igAppId: string): Promise<void> {
      if (!(await grants.removeGrant(igAppId, accountId, clock.now()))) {
        throw new ConnectionError('connection_not_found', 'This app is not connected to your account.');
      }
    },
  };
}

export type AppConnections = ReturnType<typeof createAppConnections>;
