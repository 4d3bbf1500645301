// SQL for media items. Album children have a parent_id; the feed counts and lists top-level items only.
import type { Kysely, Selectable } from 'kysely';
import type { Database, MediaTable } from '../storage/database-schema.ts';
import type { Media, MediaType } from './media-entity.ts';

export const toMedia = (row: Selectable<MediaTable>): Media => ({
  id: row.id,
  accountId: row.account_id,
  parentId: row.parent_id,
  mediaType: row.media_type as MediaType,
  caption: row.caption,
  shortcode: row.shortcode,
  position: row.position,
  mediaKey: row.media_key,
  thumbnailKey: row.thumbnail_key,
  width: row.width,
  height: row.height,
  isReel: row.is_reel === 1,
  isSharedToFeed: row.is_shared_to_feed === 1,
  copyrightFlagged: row.copyright_flagged === 1,
  takenAt: Number(row.taken_at),
  createdAt: Number(row.created_at),
});

const toRow = (media: Media): Selectable<MediaTable> => ({
  id: media.id,
  account_id: media.accountId,
  parent_id: media.parentId,
  media_type: media.mediaType,
  caption: media.caption,
  shortcode: media.shortcode,
  position: media.position,
  media_key: media.mediaKey,
  thumbnail_key: media.thumbnailKey,
  width: media.width,
  height: media.height,
  is_reel: media.isReel ? 1 : 0,
  is_shared_to_feed: media.isSharedToFeed ? 1 : 0,
  copyright_flagged: media.copyrightFlagged ? 1 : 0,
  taken_at: media.takenAt,
  created_at: media.createdAt,
});

export function createMediaRepository(db: Kysely<Database>) {
  return {
    /** Inserts a post (and an album's children) in one transaction, parent first. */
    async insertPost(items: Media[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const item of items) await trx.insertInto('media').values(toRow(item)).execute();
      });
    },
    async findById(id: string): Promise<Media | undefined> {
      const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toMedia(row);
    },
    async findByShortcode(shortcode: string): Promise<Media | undefined> {
      const row = await db.selectFrom('media').selectAll().where('shortcode', '=', shortcode).executeTakeFirst();
      return row && toMedia(row);
    },
    async listChildren(parentId: string): Promise<Media[]> {
      const rows = await db.selectFrom('media').selectAll().where('parent_id', '=', parentId).orderBy('position').execute();
      return rows.map(toMedia);
    },
    async countTopLevel(accountId: string): Promise<number> {
      const row = await db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Top-level media of an account, newest first (profile grids). */
    async listRecent(accountId: string, limit: number): Promise<Media[]> {
      const rows = await db
        .selectFrom('media')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('parent_id', 'is', null)
        .orderBy('taken_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toMedia);
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;
