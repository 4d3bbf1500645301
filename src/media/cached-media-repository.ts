// The media repository with the first page of each feed (what widgets poll) kept in memory. Wraps the
// plain repository and returns the same interface; services.ts composes the two (decisions §7 and §9).
import type { CacheInvalidation } from '../storage/cache-invalidation.ts';
import type { Page } from './feed-page.ts';
import type { Media } from './media-entity.ts';
import type { MediaRepository } from './media-repository.ts';

interface CachedPage {
  page: Page<Media>;
  loadedAt: number;
}

/** Past this many accounts, the cache starts again empty. */
const MAX_ACCOUNTS = 10_000;

/**
 * @param firstPageCache how long a first page may be served from memory (0 turns the cache off); every
 *   write through the returned repository clears the owner's pages at once
 * @param invalidation clears them on the other nodes sharing the database too
 */
export function createCachedMediaRepository(plain: MediaRepository, firstPageCache: { ttlMs: number; now: () => number }, invalidation: CacheInvalidation): MediaRepository {
  /** Account id → page size → the page. */
  const cachedPages = new Map<string, Map<number, CachedPage>>();
  /** Counts forgets, so that a read which loaded while a write committed does not keep its stale page. */
  let forgets = 0;
  /** An account's pages (or all, without one), here and on every other node. */
  const forgetPagesOf = invalidation.shared('media', (accountId) => {
    forgets++;
    if (accountId === undefined) cachedPages.clear();
    else cachedPages.delete(accountId);
  });

  return {
    ...plain,
    async listFeedPage(query) {
      const first = !query.before && !query.after && query.since === undefined && query.until === undefined;
      if (!first) return plain.listFeedPage(query);
      const now = firstPageCache.now();
      const cached = cachedPages.get(query.accountId)?.get(query.limit);
      // A copy of the page object: callers may adjust its flags (the media edge's 10,000 cap).
      if (cached && now - cached.loadedAt < firstPageCache.ttlMs) return { ...cached.page };
      const startedIn = forgets;
      const page = await plain.listFeedPage(query);
      if (firstPageCache.ttlMs > 0 && startedIn === forgets) {
        if (cachedPages.size >= MAX_ACCOUNTS) cachedPages.clear();
        let pages = cachedPages.get(query.accountId);
        if (!pages) cachedPages.set(query.accountId, (pages = new Map<number, CachedPage>()));
        pages.set(query.limit, { page: { ...page }, loadedAt: now });
      }
      return page;
    },
    async insertPost(items) {
      await plain.insertPost(items);
      for (const accountId of new Set(items.map((item) => item.accountId))) await forgetPagesOf(accountId);
    },
    async setCopyrightFlagged(id, flagged) {
      const accountId = await plain.setCopyrightFlagged(id, flagged);
      if (accountId !== undefined) await forgetPagesOf(accountId);
      return accountId;
    },
  };
}
