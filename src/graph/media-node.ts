// The Media node (spec §4.5) and its `children` edge. Fields come back in the order asked, `id` always;
// absent values are omitted, never null: caption without a caption (and always on album children),
// is_shared_to_feed except on reels, thumbnail_url except on videos, media_url and permalink on
// copyrighted media.
import type { Media } from '../media/media-entity.ts';
import type { MediaRepository } from '../media/media-repository.ts';
import type { FieldSelection } from './fields.ts';
import { graphTimestamp, type GraphContext } from './graph-context.ts';
import { nonexistingField } from './graph-error.ts';

export type GraphObject = Record<string, unknown>;

const MEDIA_FIELDS = new Set(['caption', 'id', 'is_shared_to_feed', 'media_type', 'media_url', 'permalink', 'thumbnail_url', 'timestamp', 'username', 'children']);

export function checkMediaFields(selection: readonly FieldSelection[]): void {
  for (const field of selection) {
    if (!MEDIA_FIELDS.has(field.name) || (field.children && field.name !== 'children')) throw nonexistingField(field.name, 'Media');
    if (field.children) checkMediaFields(field.children);
  }
}

function scalarField(media: Media, name: string, context: GraphContext): unknown {
  switch (name) {
    case 'id':
      return media.id;
    case 'caption':
      return media.parentId === null ? (media.caption ?? undefined) : undefined;
    case 'is_shared_to_feed':
      return media.isReel ? media.isSharedToFeed : undefined;
    case 'media_type':
      return media.mediaType;
    case 'media_url':
      return media.copyrightFlagged ? undefined : context.links.mediaUrl(media.mediaKey);
    case 'permalink':
      return media.copyrightFlagged ? undefined : context.links.permalink(media.shortcode);
    case 'thumbnail_url':
      return media.mediaType === 'VIDEO' && media.thumbnailKey ? context.links.mediaUrl(media.thumbnailKey) : undefined;
    case 'timestamp':
      return graphTimestamp(media.takenAt);
    case 'username':
      return context.principal.username;
    default:
      return undefined;
  }
}

/** One media object with the selected fields; `children` is expanded as `{"data":[…]}` for albums. */
export async function readMediaNode(media: Media, selection: readonly FieldSelection[], context: GraphContext, deps: { media: MediaRepository }): Promise<GraphObject> {
  const out: GraphObject = {};
  for (const field of selection) {
    if (field.name in out) continue;
    if (field.name === 'children') {
      if (media.mediaType === 'CAROUSEL_ALBUM') out.children = { data: await readChildren(media, field.children ?? [], context, deps) };
      continue;
    }
    const value = scalarField(media, field.name, context);
    if (value !== undefined) out[field.name] = value;
  }
  if (!('id' in out)) out.id = media.id;
  return out;
}

async function readChildren(album: Media, selection: readonly FieldSelection[], context: GraphContext, deps: { media: MediaRepository }): Promise<GraphObject[]> {
  return readItems(await deps.media.listChildren(album.id), selection, context, deps);
}

export function readItems(items: Media[], selection: readonly FieldSelection[], context: GraphContext, deps: { media: MediaRepository }): Promise<GraphObject[]> {
  return Promise.all(items.map((item) => readMediaNode(item, selection, context, deps)));
}

/**
 * GET /{media-id}/children: the album's items (at most 10), without paging, as captured (spec §4.5;
 * https://github.com/sns-sdks/python-facebook/blob/master/testdata/instagram_basic/apidata/media/media_children.json).
 */
export async function readChildrenEdge(album: Media, selection: readonly FieldSelection[], context: GraphContext, deps: { media: MediaRepository }): Promise<GraphObject> {
  return { data: album.mediaType === 'CAROUSEL_ALBUM' ? await readChildren(album, selection, context, deps) : [] };
}
