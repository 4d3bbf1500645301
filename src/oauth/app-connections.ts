// Apps and Websites (spec §1.5): the apps an Instagram user has authorized, sorted into the Active,
// Expired and Removed tabs, and Remove, which cuts the app off at once.
import { DAY, HOUR, type Clock } from '../clock.ts';
import { DomainError } from '../domain-error.ts';
import type { AccountGrant, GrantRepository } from './grant-repository.ts';

/** An app counts as Active while it was used within the last 90 days (spec §1.5). */
export const ACTIVE_WINDOW_MS = 90 * DAY;
/** A grant's last use is written at most this often per grant and process: Graph calls stay reads. */
const USE_RECORDED_EVERY_MS = HOUR;

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
 * Which tab a grant belongs in. "Used" is the grant's last_used_at (set at authorization and by Graph
 * calls, to the hour); a grant unused for 90 days by the (virtual) clock is Expired.
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
  /** When this process last wrote each grant's use, by `igAppId account`. */
  const recordedAt = new Map<string, number>();
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

    /**
     * A Graph call used the grant: keeps the app Active. Writes at most once an hour per grant, so most
     * calls return undefined at once; the promise, when there is one, settles once the write is done.
     */
    recordUse(igAppId: string, accountId: string): Promise<void> | undefined {
      const now = clock.now();
      const key = `${igAppId} ${accountId}`;
      const last = recordedAt.get(key);
      if (last !== undefined && now - last < USE_RECORDED_EVERY_MS && now >= last) return undefined;
      // Forgetting only costs an extra write: bounded without bookkeeping.
      if (recordedAt.size >= 100_000) recordedAt.clear();
      recordedAt.set(key, now);
      return grants.recordUse(igAppId, accountId, now);
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
