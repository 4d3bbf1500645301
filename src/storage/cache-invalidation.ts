// Read caches (read-cache.ts, the app repository's, the token records') are per process. Several igloo
// nodes on one PostgreSQL database clear each other's through LISTEN/NOTIFY: a node that changes what
// others may have cached clears its own cache and NOTIFYs `igloo_invalidate` with the cache's name
// (and a key, when one entry is enough); every node LISTENs on a client of its own and clears it too. On SQLite there is one process,
// so sharing is a plain local clear.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

export const INVALIDATION_CHANNEL = 'igloo_invalidate';
/** The listener's application_name in pg_stat_activity (operators and tests find it by it). */
export const LISTENER_APPLICATION_NAME = 'igloo cache listener';

export interface CacheInvalidation {
  /**
   * Registers one cache by name and returns what clears it (or its entry `key`) everywhere: here at
   * once, then on every other node; it resolves once PostgreSQL has taken the notification (after the
   * write's commit, since callers call it after their write). Keys carry no spaces (ids).
   */
  shared: (name: string, clear: (key?: string) => void) => (key?: string) => Promise<void>;
  /** Clears every shared cache everywhere (a world reset, a snapshot import). */
  clearAll: () => Promise<void>;
  close: () => Promise<void>;
}

/** One process on one SQLite file: nothing to tell anyone. */
export function createLocalInvalidation(): CacheInvalidation {
  const clears: ((key?: string) => void)[] = [];
  const done = Promise.resolve();
  return {
    shared: (_name, clear) => {
      clears.push(clear);
      return (key) => (clear(key), done);
    },
    clearAll: () => {
      for (const clear of clears) clear();
      return done;
    },
    close: () => done,
  };
}

const FIRST_RETRY_MS = 50;
const LAST_RETRY_MS = 5_000;

/**
 * @param notify sends one notification on the node's pool (`select pg_notify(…)`)
 * The listener has a client of its own, never one of the pool's: LISTEN belongs to a session, and the
 * pool hands sessions around.
 */
export async function createPostgresInvalidation(deps: { url: string; notify: (channel: string, payload: string) => Promise<unknown> }): Promise<CacheInvalidation> {
  const { default: pgModule } = await import('pg');
  // Own notifications come back to the node's listener too; the id lets it skip them.
  const nodeId = randomBytes(8).toString('hex');
  const clears = new Map<string, (key?: string) => void>();
  const clearEveryCache = () => {
    for (const clear of clears.values()) clear();
  };
  const receive = (payload: string) => {
    const [from, name, key] = payload.split(' ');
    if (from === nodeId) return;
    const clear = name === undefined ? undefined : clears.get(name);
    // 'all', or a name this version does not know (a newer node): clearing everything is always safe.
    if (clear) clear(key);
    else clearEveryCache();
  };
  const publish = async (name: string, key?: string): Promise<void> => {
    try {
      await deps.notify(INVALIDATION_CHANNEL, key === undefined ? `${nodeId} ${name}` : `${nodeId} ${name} ${key}`);
    } catch {
      // The write has committed and this node's cache is clear; without the database the others
      // cannot be told, and serve what they hold for at most IGLOO_READ_CACHE_SECONDS.
    }
  };

  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let retryMs = FIRST_RETRY_MS;

  const connect = async (): Promise<void> => {
    const next = new pgModule.Client({ connectionString: deps.url, application_name: LISTENER_APPLICATION_NAME });
    next.on('notification', (message) => {
      if (message.channel === INVALIDATION_CHANNEL) receive(message.payload ?? '');
    });
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  };
  /** The listener's connection broke: notifications may be missed until it is back. */
  const lost = (which: pg.Client) => {
    if (which !== client) return;
    client = undefined;
    void which.end().catch(() => undefined);
    clearEveryCache();
    scheduleReconnect();
  };
  const scheduleReconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          retryMs = FIRST_RETRY_MS;
          // Whatever was notified while the listener was away is lost: forget everything once more.
          clearEveryCache();
        },
        () => {
          retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
          scheduleReconnect();
        },
      );
    }, retryMs);
    retry.unref();
  };

  // Listening before the node serves anything: a failure here fails the start.
  await connect();
  return {
    shared: (name, clear) => {
      clears.set(name, clear);
      return (key) => (clear(key), publish(name, key));
    },
    clearAll: () => (clearEveryCache(), publish('all')),
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      const last = client;
      client = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}
