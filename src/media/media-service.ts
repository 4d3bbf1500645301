// Posting: a photo, a video, or an album of up to 10 of them, with a caption (issue 3; spec §4.5).
// Bytes are processed (media-processing.ts), stored durably in the blob store, then the rows are inserted.
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { MAX_ALBUM_ITEMS, MAX_CAPTION_LENGTH, MediaError, type Media } from './media-entity.ts';
import { looksLikeVideo, processImage, processVideo, sizeOf, type MediaSource, type ProcessedVideo } from './media-processing.ts';
import type { MediaRepository } from './media-repository.ts';

/** A video already in MP4 (with `+faststart`) and a photo to show for it: stored as is, without ffmpeg. */
export interface PreparedVideo {
  mp4: Buffer;
  poster: Buffer;
}

const isPrepared = (file: MediaSource | PreparedVideo): file is PreparedVideo => !Buffer.isBuffer(file) && 'mp4' in file;

export interface NewPost {
  accountId: string;
  caption?: string;
  /** The uploaded files, in album order (the demo world passes its shipped video prepared). */
  files: (MediaSource | PreparedVideo)[];
  /** When it was taken (defaults to now); the demo world spreads its posts over time. */
  takenAt?: number;
  /** A single video posted as a reel (spec §4.5: is_shared_to_feed). */
  reel?: { sharedToFeed: boolean };
}

async function prepareVideo(video: PreparedVideo): Promise<ProcessedVideo> {
  if (!(await looksLikeVideo(video.mp4))) throw new MediaError('media_invalid', 'This video could not be read. Upload an MP4 or MOV video.');
  return { mp4: video.mp4, poster: await processImage(video.poster) };
}

export function createMediaService(deps: { media: MediaRepository; blobs: BlobStore; clock: Clock; ids: IdGenerator }) {
  const { media, blobs, clock, ids } = deps;

  /**
   * Processes one file into the blobs it will store and the fields of its media row. Nothing is
   * written yet: a bad third file must not leave the first two behind.
   */
  const processFile = async (file: MediaSource | PreparedVideo, id: string) => {
    if (isPrepared(file) || (await looksLikeVideo(file))) {
      const video = isPrepared(file) ? await prepareVideo(file) : await processVideo(file);
      return {
        blobs: [[`m/${id}.mp4`, video.mp4], [`t/${id}.jpg`, video.poster.jpeg]] as [string, Buffer][],
        fields: { mediaType: 'VIDEO' as const, mediaKey: `m/${id}.mp4`, thumbnailKey: `t/${id}.jpg`, width: video.poster.width, height: video.poster.height },
      };
    }
    const image = await processImage(file);
    return {
      blobs: [[`m/${id}.jpg`, image.jpeg]] as [string, Buffer][],
      fields: { mediaType: 'IMAGE' as const, mediaKey: `m/${id}.jpg`, thumbnailKey: null, width: image.width, height: image.height },
    };
  };

  return {
    async createPost(input: NewPost): Promise<Media> {
      const files = input.files.filter((file) => (isPrepared(file) ? file.mp4.length : sizeOf(file)) > 0);
      if (files.length === 0) throw new MediaError('media_empty', 'Choose a photo or video to share.');
      if (files.length > MAX_ALBUM_ITEMS) throw new MediaError('media_too_many', `An album can have up to ${MAX_ALBUM_ITEMS} photos and videos.`);
      const caption = (input.caption ?? '').trim();
      if (caption.length > MAX_CAPTION_LENGTH) throw new MediaError('caption_too_long', `Captions can be up to ${MAX_CAPTION_LENGTH} characters long.`);

      const now = clock.now();
      const base = { accountId: input.accountId, takenAt: input.takenAt ?? now, createdAt: now, copyrightFlagged: false, isReel: false, isSharedToFeed: true };
      const processed = [];
      for (const file of files) {
        const id = ids.mediaId();
        processed.push({ id, ...(await processFile(file, id)) });
      }
      const stored = processed.map((item) => ({ ...base, ...item.fields, id: item.id, shortcode: ids.shortcode() }));
      const [first] = stored as [(typeof stored)[number], ...typeof stored];
      let post: Media;
      let rows: Media[];
      if (stored.length === 1) {
        const reel = first.mediaType === 'VIDEO' && input.reel !== undefined;
        post = { ...first, parentId: null, position: 0, caption: caption || null, isReel: reel, isSharedToFeed: reel ? (input.reel?.sharedToFeed ?? true) : true };
        rows = [post];
      } else {
        // The album row reuses its first child's bytes: an album's media_url is its first child's (spec §4.5).
        post = { ...first, id: ids.mediaId(), shortcode: ids.shortcode(), mediaType: 'CAROUSEL_ALBUM', parentId: null, position: 0, caption: caption || null, thumbnailKey: null };
        rows = [post, ...stored.map((item, position) => ({ ...item, parentId: post.id, position, caption: null }))];
      }
      // The bytes are durable before a row names them; a post whose rows are not saved leaves no bytes behind.
      const written: string[] = [];
      try {
        for (const item of processed) {
          for (const [key, bytes] of item.blobs) {
            written.push(key);
            await blobs.put(key, bytes);
          }
        }
        await media.insertPost(rows);
      } catch (error) {
        // Best effort: the failure to report is the one that stopped the post.
        await Promise.allSettled(written.map((key) => blobs.remove(key)));
        throw error;
      }
      return post;
    },

    /** Copyrighted or flagged media keep their post, but Graph omits media_url and permalink (spec §4.5). */
    setCopyrightFlagged: async (id: string, flagged: boolean): Promise<void> => void (await media.setCopyrightFlagged(id, flagged)),
    findMedia: (id: string) => media.findById(id),
    findByShortcode: (shortcode: string) => media.findByShortcode(shortcode),
    listChildren: (parentId: string) => media.listChildren(parentId),
    listRecent: (accountId: string, limit: number) => media.listRecent(accountId, limit),
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
