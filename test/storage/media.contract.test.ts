import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Media } from '../../src/media/media-entity.ts';
import { createMediaRepository } from '../../src/media/media-repository.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { insertAccount, T0 } from './storage-fixtures.ts';

const ACCOUNT = '17841400000000001';
const OTHER = '17841400000000002';

const item = (id: string, takenAt: number, over: Partial<Media> = {}): Media => ({
  id,
  accountId: ACCOUNT,
  parentId: null,
  mediaType: 'IMAGE',
  caption: `caption ${id}`,
  shortcode: `sc${id}`,
  position: 0,
  mediaKey: `key-${id}`,
  thumbnailKey: null,
  width: 1080,
  height: 1350,
  isReel: false,
  isSharedToFeed: false,
  copyrightFlagged: false,
  takenAt,
  createdAt: takenAt,
  ...over,
});

const ids = (page: { items: Media[] }) => page.items.map((m) => m.id);

describeOnEachDatabase('media paging', (under) => {
  let media: ReturnType<typeof createMediaRepository>;
  before(async () => {
    const { db } = under.database;
    // The plain repository: every read goes to the database (cached-media-repository.ts caches).
    media = createMediaRepository(db, under.database);
    await insertAccount(db, ACCOUNT);
    await insertAccount(db, OTHER);
    // Newest first: 105, 104 and 103 share a time (ties go by id), then 102, 101; an album (100) with two children.
    for (const [id, at] of [['17900000000000101', T0 + 1000], ['17900000000000102', T0 + 2000], ['17900000000000103', T0 + 3000], ['17900000000000104', T0 + 3000], ['17900000000000105', T0 + 3000]] as const) {
      await media.insertPost([item(id, at)]);
    }
    await media.insertPost([
      item('17900000000000100', T0, { mediaType: 'CAROUSEL_ALBUM' }),
      item('17900000000000201', T0, { parentId: '17900000000000100', position: 0 }),
      item('17900000000000202', T0, { parentId: '17900000000000100', position: 1, mediaType: 'VIDEO', thumbnailKey: 'thumb', isReel: true }),
    ]);
    await media.insertPost([item('17900000000000300', T0 + 9000, { accountId: OTHER })]);
  });

  it('serves the first page newest first, ties by id, top-level items only (the prepared read)', async () => {
    const page = await media.listFeedPage({ accountId: ACCOUNT, limit: 4 });
    assert.deepEqual(ids(page), ['17900000000000105', '17900000000000104', '17900000000000103', '17900000000000102']);
    assert.deepEqual([page.hasNext, page.hasPrevious], [true, false]);
    assert.deepEqual(page.items[0], item('17900000000000105', T0 + 3000));
  });

  it('pages on after a position and back before it', async () => {
    const next = await media.listFeedPage({ accountId: ACCOUNT, limit: 2, after: { takenAt: T0 + 3000, id: '17900000000000104' } });
    assert.deepEqual(ids(next), ['17900000000000103', '17900000000000102']);
    assert.deepEqual([next.hasNext, next.hasPrevious], [true, true]);
    const last = await media.listFeedPage({ accountId: ACCOUNT, limit: 2, after: { takenAt: T0 + 2000, id: '17900000000000102' } });
    assert.deepEqual(ids(last), ['17900000000000101', '17900000000000100']);
    assert.deepEqual([last.hasNext, last.hasPrevious], [false, true]);
    const back = await media.listFeedPage({ accountId: ACCOUNT, limit: 2, before: { takenAt: T0 + 2000, id: '17900000000000102' } });
    assert.deepEqual(ids(back), ['17900000000000104', '17900000000000103']);
    assert.deepEqual([back.hasNext, back.hasPrevious], [true, true]);
  });

  it('bounds a page by since and until, inclusive', async () => {
    const page = await media.listFeedPage({ accountId: ACCOUNT, limit: 10, since: T0 + 1000, until: T0 + 2000 });
    assert.deepEqual(ids(page), ['17900000000000102', '17900000000000101']);
    assert.deepEqual([page.hasNext, page.hasPrevious], [false, false]);
  });

  it('counts top-level items, and the newer ones up to a cap', async () => {
    assert.equal(await media.countTopLevel(ACCOUNT), 6);
    assert.equal(await media.countNewer(ACCOUNT, { takenAt: T0 + 1000, id: '17900000000000101' }, 100), 4);
    assert.equal(await media.countNewer(ACCOUNT, { takenAt: T0 + 1000, id: '17900000000000101' }, 2), 2);
  });

  it('lists an album children in order, and finds items by id and shortcode', async () => {
    assert.deepEqual(
      (await media.listChildren('17900000000000100')).map((m) => [m.id, m.position, m.mediaType, m.isReel]),
      [['17900000000000201', 0, 'IMAGE', false], ['17900000000000202', 1, 'VIDEO', true]],
    );
    assert.equal((await media.findByShortcode('sc17900000000000202'))?.thumbnailKey, 'thumb');
    assert.equal(await media.findById('17900000000000999'), undefined);
    assert.deepEqual((await media.listRecent(OTHER, 5)).map((m) => m.id), ['17900000000000300']);
  });

  it('flags media as copyrighted', async () => {
    await media.setCopyrightFlagged('17900000000000103', true);
    assert.equal((await media.findById('17900000000000103'))?.copyrightFlagged, true);
    await media.setCopyrightFlagged('17900000000000103', false);
    assert.equal((await media.findById('17900000000000103'))?.copyrightFlagged, false);
  });
});
