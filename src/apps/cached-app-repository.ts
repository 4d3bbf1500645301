// The app repository with its hot reads kept in memory: an Instagram app and its sealed secret, which
// the Authorization Window and the code exchange read on every request. Wraps the plain repository and
// returns the same interface; services.ts composes the two (decisions §7 and §9).
import type { CacheInvalidation } from '../storage/cache-invalidation.ts';
import { createReadCache } from '../storage/read-cache.ts';
import type { InstagramApp } from './app-entity.ts';
import type { AppRepository } from './app-repository.ts';

/**
 * @param readCache how long a value may be served from memory (0 turns the cache off); every write
 *   through the returned repository that can change a cached value clears it
 * @param invalidation clears it on the other nodes sharing the database too
 */
export function createCachedAppRepository(plain: AppRepository, readCache: { ttlMs: number; now: () => number }, invalidation: CacheInvalidation): AppRepository {
  // Shared between callers: an InstagramApp from here is read only.
  const instagramApps = createReadCache<InstagramApp>({ ...readCache, maxEntries: 10_000 });
  const instagramSecrets = createReadCache<string>({ ...readCache, maxEntries: 10_000 });
  // Here and on every other node sharing the database (a reset secret must fail everywhere at once).
  const changed = invalidation.shared('apps', () => {
    instagramApps.clear();
    instagramSecrets.clear();
  });
  /** Clears after a write has finished: a read that loaded meanwhile is not kept (read-cache.ts). */
  const thenClear = async (write: Promise<void>): Promise<void> => {
    await write;
    await changed();
  };

  return {
    ...plain,
    findInstagramApp: async (igAppId) => instagramApps.get(igAppId) ?? (await instagramApps.load(igAppId, () => plain.findInstagramApp(igAppId))),
    findInstagramAppSecret: async (igAppId) => instagramSecrets.get(igAppId) ?? (await instagramSecrets.load(igAppId, () => plain.findInstagramAppSecret(igAppId))),
    // An Instagram app carries its Facebook app's mode and API version.
    updateFbApp: (appId, changes) => thenClear(plain.updateFbApp(appId, changes)),
    updateInstagramAppSecret: (igAppId, secretSealed) => thenClear(plain.updateInstagramAppSecret(igAppId, secretSealed)),
    updateBasicDisplay: (igAppId, settings) => thenClear(plain.updateBasicDisplay(igAppId, settings)),
    setAutoConsent: (igAppId, on) => thenClear(plain.setAutoConsent(igAppId, on)),
  };
}
