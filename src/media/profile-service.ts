// Profiles and posts as Instagram on the web shows them: a profile's grid, a post with its items in
// order, and the bytes of one item — each only for accounts whose profile is visible.
import type { Readable } from 'node:stream';
import type { Account } from '../accounts/account-entity.ts';
import { AccountError } from '../accounts/account-entity.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { MediaError, type Media } from './media-entity.ts';
import type { MediaRepository } from './media-repository.ts';

/** How many of the newest posts a profile page shows. */
export const PROFILE_GRID_SIZE = 48;

export interface Profile {
  account: Account;
  postCount: number;
  /** Top-level posts, newest first. */
  posts: Media[];
}

export interface Post {
  owner: Account;
  post: Media;
  /** What the permalink shows, in order: an album's children, or the post itself. */
  items: Media[];
  /** The album an album child belongs to (children have their own permalinks, spec §4.5). */
  album: Media | null;
}

/** `file` is the photo or video itself; `thumbnail` a JPEG still (the photo, or a video's poster frame). */
export type MediaVariant = 'file' | 'thumbnail';

export interface MediaFile {
  contentType: 'image/jpeg' | 'video/mp4';
  size: number;
  modifiedMs: number;
  read(range?: { start: number; end: number }): Readable;
}

/** Every profile is public for now: igloo has no followers to approve, so private accounts show too. */
const isVisible = (_owner: Account): boolean => true;

const notFound = () => new MediaError('media_not_found', "Sorry, this page isn't available.");

export function createProfileService(deps: { accounts: AccountService; media: MediaRepository; blobs: BlobStore }) {
  const { accounts, media, blobs } = deps;

  /** A post (or album child) by shortcode, with its visible owner. */
  const findPost = async (shortcode: string): Promise<Post> => {
    const post = await media.findByShortcode(shortcode);
    const owner = post && (await accounts.findAccount(post.accountId));
    if (!post || !owner || !isVisible(owner)) throw notFound();
    const items = post.mediaType === 'CAROUSEL_ALBUM' ? await media.listChildren(post.id) : [post];
    const album = post.parentId === null ? null : ((await media.findById(post.parentId)) ?? null);
    return { owner, post, items, album };
  };

  return {
    /** /{username}/: the account, its post count and its newest posts. */
    async getProfile(username: string): Promise<Profile> {
      const account = await accounts.findAccountByUsername(username);
      if (!account || !isVisible(account)) throw new AccountError('account_not_found', "Sorry, this page isn't available.");
      const [postCount, posts] = await Promise.all([media.countTopLevel(account.id), media.listRecent(account.id, PROFILE_GRID_SIZE)]);
      return { account, postCount, posts };
    },

    /** /p/{shortcode}/ */
    getPost: findPost,

    /** The bytes of item `index` of a post (0 for a photo or video, or an album's first child). */
    async openMediaFile(shortcode: string, index: number, variant: MediaVariant): Promise<MediaFile> {
      const { items } = await findPost(shortcode);
      const item = items[index];
      if (!item) throw notFound();
      const key = variant === 'file' || item.mediaType !== 'VIDEO' ? item.mediaKey : item.thumbnailKey;
      const stat = key === null ? undefined : await blobs.stat(key);
      if (key === null || !stat) throw notFound();
      return {
        contentType: key.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg',
        size: stat.size,
        modifiedMs: stat.modifiedMs,
        read: (range) => blobs.read(key, range),
      };
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
