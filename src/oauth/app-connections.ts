// Apps and Websites (spec §1.5): the apps an Instagram user has authorized, sorted into the Active,
// Expired and Removed tabs, and Remove, which cuts the app off at once.
import { DAY, HOUR, type Clock } from '../clock.ts';
import { DomainError } from '../domain-error.ts';
import { AppError } from '../apps/app-entity.ts';
import type { AppService } from '../apps/app-service.ts';
import type { CallbackService } from '../callbacks/callback-service.ts';
import type { AccountGrant, GrantRepository, GrantUse } from './grant-repository.ts';

/** An app counts as Active while it was used within the last 90 days (spec §1.5). */
export const ACTIVE_WINDOW_MS = 90 * DAY;
/** A grant's last use is noted at most this often per grant and process: Graph calls stay reads. */
const USE_RECORDED_EVERY_MS = HOUR;
/** Noted uses are written together, this long (wall time) after the first of them. */
const USE_WRITE_DELAY_MS = 5_000;

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

export interface AppConnectionsDeps {
  grants: GrantRepository;
  apps: Pick<AppService, 'getInstagramApp'>;
  callbacks: Pick<CallbackService, 'queueRemoval' | 'kick'>;
  clock: Clock;
}

export function createAppConnections(deps: AppConnectionsDeps) {
  const { grants, apps, callbacks, clock } = deps;
  /** When this process last noted each grant's use, by app, then account. */
  const notedAt = new Map<string, Map<string, number>>();
  let notedCount = 0;
  /** Noted uses not yet written. */
  let pending = new Map<string, GrantUse>();
  let writeTimer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  /** Writes the pending uses in one transaction; on failure they wait for the next write. */
  const writeUses = (): Promise<void> => {
    clearTimeout(writeTimer);
    writeTimer = undefined;
    const uses = pending;
    pending = new Map();
    writing = writing.then(async () => {
      if (uses.size === 0) return;
      try {
        await grants.recordUses([...uses.values()]);
      } catch {
        for (const [key, use] of uses) if (!pending.has(key)) pending.set(key, use);
        writeTimer ??= setTimeout(() => void writeUses(), USE_WRITE_DELAY_MS).unref();
      }
    });
    return writing;
  };

  return {
    /** The account's apps in the three tabs, most recent first. */
    async listConnections(accountId: string): Promise<Record<ConnectionState, AppConnection[]>> {
      await writeUses();
      const now = clock.now();
      const tabs: Record<ConnectionState, AppConnection[]> = { active: [], expired: [], removed: [] };
      for (const grant of await grants.listOfAccount(accountId)) {
        const connection = connectionOf(grant, now);
        tabs[connection.state].push(connection);
      }
      return tabs;
    },

    /**
     * A Graph call used the grant: keeps the app Active. Costs a map lookup on most calls; a use is
     * noted at most once an hour per grant, and noted uses are written together a few seconds later
     * (a crash loses at most those seconds of "last used" times, never a grant).
     */
    recordUse(igAppId: string, accountId: string): void {
      const now = clock.now();
      let ofApp = notedAt.get(igAppId);
      const last = ofApp?.get(accountId);
      if (last !== undefined && now - last < USE_RECORDED_EVERY_MS && now >= last) return;
      // Forgetting only costs an extra write: bounded without bookkeeping.
      if (notedCount >= 100_000) {
        notedAt.clear();
        notedCount = 0;
        ofApp = undefined;
      }
      if (!ofApp) notedAt.set(igAppId, (ofApp = new Map<string, number>()));
      if (last === undefined) notedCount++;
      ofApp.set(accountId, now);
      pending.set(`${igAppId} ${accountId}`, { igAppId, accountId, at: now });
      writeTimer ??= setTimeout(() => void writeUses(), USE_WRITE_DELAY_MS).unref();
    },

    /** Drops the uses noted and not yet written, and what was noted when (a world reset: their grants are gone). */
    forgetUses(): void {
      clearTimeout(writeTimer);
      writeTimer = undefined;
      pending = new Map();
      notedAt.clear();
      notedCount = 0;
    },

    /** Writes the uses noted so far (before shutting down). */
    flushUses: (): Promise<void> => writeUses(),

    /**
     * Remove: the app's tokens for this user stop working on their next call (spec §1.5, §3.4), and the
     * app's Deauthorize and Data Deletion callbacks are queued with the removal (spec §7).
     */
    async removeConnection(accountId: string, igAppId: string): Promise<void> {
      // A grant names an existing app; an id that names none is answered like a connection that does not exist.
      const app = await apps.getInstagramApp(igAppId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'app_not_found') return undefined;
        throw error;
      });
      const asid = app && (await grants.findAsid(igAppId, accountId));
      const removed = await grants.removeGrant(igAppId, accountId, clock.now(), app && asid ? (trx) => callbacks.queueRemoval(trx, app, asid) : undefined);
      if (!removed) throw new ConnectionError('connection_not_found', 'This app is not connected to your account.');
      callbacks.kick();
    },
  };
}

export type AppConnections = ReturnType<typeof createAppConnections>;
