// SQL for media items. Album children have a parent_id; the feed counts and lists top-level items only.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Database, MediaTable } from '../storage/database-schema.ts';
import type { QueryPreparer } from '../storage/open-database.ts';
import type { Media, MediaType } from './media-entity.ts';
import type { Keyset, Page } from './feed-page.ts';

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

export interface FeedPageQuery {
  accountId: string;
  limit: number;
  /** Items older than this position (the next page). */
  after?: Keyset;
  /** Items newer than this position (the previous page). */
  before?: Keyset;
  /** Inclusive bounds on taken_at, in milliseconds. */
  since?: number;
  until?: number;
}

type MediaEb = ExpressionBuilder<Database, 'media'>;

/** (taken_at, id) strictly older or newer than a position. Ids are equal-length digit strings. */
const olderThan = (key: Keyset) => (eb: MediaEb) =>
  eb.or([eb('taken_at', '<', key.takenAt), eb.and([eb('taken_at', '=', key.takenAt), eb('id', '<', key.id)])]);
const newerThan = (key: Keyset) => (eb: MediaEb) =>
  eb.or([eb('taken_at', '>', key.takenAt), eb.and([eb('taken_at', '=', key.takenAt), eb('id', '>', key.id)])]);

/**
 * Plain SQL, every read from the database: cached-media-repository.ts keeps first pages in memory.
 * @param prepare prepares the hot read (the first page of a feed) once
 */
export function createMediaRepository(db: Kysely<Database>, prepare: QueryPreparer) {
  /** An account's top-level media within the time bounds, as a query to refine. */
  const feed = (query: Pick<FeedPageQuery, 'accountId' | 'since' | 'until'>) => {
    let select = db.selectFrom('media').where('account_id', '=', query.accountId).where('parent_id', 'is', null);
    if (query.since !== undefined) select = select.where('taken_at', '>=', query.since);
    if (query.until !== undefined) select = select.where('taken_at', '<=', query.until);
    return select;
  };
  // The first page of a feed is the hot read (every widget asks for it): prepared once.
  // Parameters, in order: account id, row limit.
  const firstPage = prepare.prepareAll(
    feed({ accountId: '(account id)' }).selectAll().orderBy('taken_at', 'desc').orderBy('id', 'desc').limit(0).compile(),
  );
  const exists = async (query: FeedPageQuery, where: (eb: MediaEb) => ReturnType<ReturnType<typeof olderThan>>): Promise<boolean> =>
    (await feed(query).select('id').where(where).limit(1).executeTakeFirst()) !== undefined;

  return {
    /**
     * One page of an account's feed, newest first, by keyset: stable while media is added (spec §4.4).
     * hasNext/hasPrevious say whether older/newer items exist beyond the page.
     */
    async listFeedPage(query: FeedPageQuery): Promise<Page<Media>> {
      if (query.before) {
        const rows = await feed(query).selectAll().where(newerThan(query.before)).orderBy('taken_at', 'asc').orderBy('id', 'asc').limit(query.limit + 1).execute();
        const items = rows.slice(0, query.limit).reverse().map(toMedia);
        const last = items[items.length - 1];
        return { items, hasPrevious: rows.length > query.limit, hasNext: last !== undefined && (await exists(query, olderThan(last))) };
      }
      const plain = !query.after && query.since === undefined && query.until === undefined;
      const after = query.after;
      const rows = plain
        ? (await firstPage([query.accountId, query.limit + 1])).map(toMedia)
        : (await feed(query)
            .selectAll()
            .$if(after !== undefined, (qb) => qb.where(olderThan(after as Keyset)))
            .orderBy('taken_at', 'desc')
            .orderBy('id', 'desc')
            .limit(query.limit + 1)
            .execute()).map(toMedia);
      const items = rows.slice(0, query.limit);
      const first = items[0];
      return { items, hasNext: rows.length > query.limit, hasPrevious: query.after !== undefined && first !== undefined && (await exists(query, newerThan(first))) };
    },
    /** How many top-level items are newer than a position, counting at most `cap`. */
    async countNewer(accountId: string, key: Keyset, cap: number): Promise<number> {
      const row = await db
        .selectFrom((qb) => qb.selectFrom('media').select('id').where('account_id', '=', accountId).where('parent_id', 'is', null).where(newerThan(key)).limit(cap).as('newer'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Inserts a post (and an album's children) in one transaction, parent first. */
    async insertPost(items: Media[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const item of items) await trx.insertInto('media').values(toRow(item)).execute();
      });
    },
    /**
     * Marks media as copyrighted or flagged (Graph then omits media_url and permalink).
     * @returns the owner's account id, or undefined when no media has this id
     */
    async setCopyrightFlagged(id: string, flagged: boolean): Promise<string | undefined> {
      const row = await db.updateTable('media').set({ copyright_flagged: flagged ? 1 : 0 }).where('id', '=', id).returning('account_id').executeTakeFirst();
      return row?.account_id;
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
