// The read-cache wrappers around the plain app and media repositories (decisions §7, §9): what they
// keep, what clears it, and that a read which was loading when its cache was cleared is not kept.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createAppRepository } from '../../src/apps/app-repository.ts';
import { createCachedAppRepository } from '../../src/apps/cached-app-repository.ts';
import type { Media } from '../../src/media/media-entity.ts';
import { createCachedMediaRepository } from '../../src/media/cached-media-repository.ts';
import { createMediaRepository } from '../../src/media/media-repository.ts';
import { createLocalInvalidation, type CacheInvalidation } from '../../src/storage/cache-invalidation.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { insertAccount, insertApp, T0 } from './storage-fixtures.ts';

const ACCOUNT = '17841400000000011';
const HOUR_OF_CACHE = { ttlMs: 3_600_000, now: () => 0 };

const post = (id: string, takenAt: number): Media => ({
  id,
  accountId: ACCOUNT,
  parentId: null,
  mediaType: 'IMAGE',
  caption: null,
  shortcode: `rc${id}`,
  position: 0,
  mediaKey: `key-${id}`,
  thumbnailKey: null,
  width: 1080,
  height: 1080,
  isReel: false,
  isSharedToFeed: false,
  copyrightFlagged: false,
  takenAt,
  createdAt: takenAt,
});

describeOnEachDatabase('read-cache wrappers', (under) => {
  let invalidation: CacheInvalidation;
  before(async () => {
    invalidation = createLocalInvalidation();
    await insertAccount(under.database.db, ACCOUNT);
    await insertApp(under.database.db, '4100');
  });

  it('serves a first page from memory until a write through the wrapper clears the owner', async () => {
    const plain = createMediaRepository(under.database.db, under.database);
    const cached = createCachedMediaRepository(plain, HOUR_OF_CACHE, invalidation);
    const firstIds = async () => (await cached.listFeedPage({ accountId: ACCOUNT, limit: 5 })).items.map((m) => m.id);
    await cached.insertPost([post('17900000000001001', T0)]);
    assert.deepEqual(await firstIds(), ['17900000000001001']);
    await plain.insertPost([post('17900000000001002', T0 + 1)]);
    assert.deepEqual(await firstIds(), ['17900000000001001'], 'a write around the wrapper is not seen');
    await cached.setCopyrightFlagged('17900000000001001', true);
    assert.deepEqual(await firstIds(), ['17900000000001002', '17900000000001001']);
  });

  it('does not keep a first page that was loading when its cache was cleared', async () => {
    const plain = createMediaRepository(under.database.db, under.database);
    const cached = createCachedMediaRepository(plain, HOUR_OF_CACHE, invalidation);
    const loading = cached.listFeedPage({ accountId: ACCOUNT, limit: 5 });
    await invalidation.clearAll();
    await loading;
    await plain.insertPost([post('17900000000001003', T0 + 2)]);
    const page = await cached.listFeedPage({ accountId: ACCOUNT, limit: 5 });
    assert.equal(page.items[0]?.id, '17900000000001003');
  });

  it('keeps an Instagram app secret until the wrapper writes one, and drops one loading during a clear', async () => {
    const plain = createAppRepository(under.database.db);
    const cached = createCachedAppRepository(plain, HOUR_OF_CACHE, invalidation);
    assert.equal(await cached.findInstagramAppSecret('4100'), 's');
    await plain.updateInstagramAppSecret('4100', 'around');
    assert.equal(await cached.findInstagramAppSecret('4100'), 's', 'a write around the wrapper is not seen');
    await cached.updateInstagramAppSecret('4100', 'through');
    assert.equal(await cached.findInstagramAppSecret('4100'), 'through');

    const loading = cached.findInstagramApp('4100');
    await invalidation.clearAll();
    await loading;
    await plain.setAutoConsent('4100', true);
    assert.equal((await cached.findInstagramApp('4100'))?.autoConsent, true);
  });
});
