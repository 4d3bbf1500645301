// Media items: photos, videos and albums (CAROUSEL_ALBUM) whose children are photos and videos
// (spec §4.4–4.5). Bytes live in the blob store; rows point at them by key.
import { DomainError } from '../domain-error.ts';

export type MediaType = 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';

export interface Media {
  id: string;
  accountId: string;
  /** The album this item belongs to, or null for a top-level post. */
  parentId: string | null;
  mediaType: MediaType;
  caption: string | null;
  shortcode: string;
  position: number;
  /** The image or video bytes; an album's is its first child's (spec §4.5: media_url). */
  mediaKey: string;
  /** A video's poster frame. */
  thumbnailKey: string | null;
  width: number;
  height: number;
  isReel: boolean;
  isSharedToFeed: boolean;
  /** Copyrighted or flagged: Graph omits permalink and media_url. */
  copyrightFlagged: boolean;
  takenAt: number;
  createdAt: number;
}

export type MediaErrorCode = 'media_empty' | 'media_too_many' | 'media_invalid' | 'caption_too_long' | 'video_unsupported' | 'media_not_found';

export class MediaError extends DomainError<MediaErrorCode> {}

/** Instagram's limits: up to 10 items in an album, captions up to 2,200 characters. */
export const MAX_ALBUM_ITEMS = 10;
export const MAX_CAPTION_LENGTH = 2200;
/** Photos are stored at most 1080 pixels wide, as Instagram serves them. */
export const MAX_IMAGE_WIDTH = 1080;
