// The media edge of a user, GET /{user-id}/media and the `media{…}` field (spec §4.4, §4.6): newest
// first, `id` only by default, cursor paging, since/until, and only the 10,000 most recent media.
import type { Keyset } from '../media/feed-page.ts';
import type { MediaRepository } from '../media/media-repository.ts';
import { formatFields, type FieldSelection } from './fields.ts';
import type { GraphContext } from './graph-context.ts';
import { checkMediaFields, readItems, type GraphObject } from './media-node.ts';
import { decodeCursor, pagingOf, parseLimit, parseTime, type EdgeLink } from './paging.ts';

/** spec §4.4: "at most the 10 000 most recent media". */
export const MEDIA_EDGE_CAP = 10_000;

export interface MediaEdgeParams {
  limit?: string;
  after?: string;
  before?: string;
  since?: string;
  until?: string;
}

export async function readMediaEdge(
  ownerId: string,
  params: MediaEdgeParams,
  selection: readonly FieldSelection[],
  context: GraphContext,
  link: EdgeLink | undefined,
  deps: { media: MediaRepository },
): Promise<GraphObject> {
  checkMediaFields(selection);
  const limit = parseLimit(params.limit);
  const after = params.after ? decodeCursor(params.after, 'after') : undefined;
  const before = params.before && !after ? decodeCursor(params.before, 'before') : undefined;
  const bounds = { since: parseTime(params.since, 'since'), until: parseTime(params.until, 'until') };

  // Past the cap nothing more is served: shrink the page so it ends at the 10,000th item. A page starts
  // after its `after` item, and no earlier than the newest item at or before `until`.
  let pageLimit = limit;
  let reachesCap = false;
  const until = before ? undefined : bounds.until;
  if (after || until !== undefined) {
    const skipped = Math.max(
      after ? (await deps.media.countNewer(ownerId, after, MEDIA_EDGE_CAP)) + 1 : 0,
      // An id above every media id: this counts what was taken after `until`.
      until !== undefined ? await deps.media.countNewer(ownerId, { takenAt: until, id: '9'.repeat(20) }, MEDIA_EDGE_CAP) : 0,
    );
    const remaining = MEDIA_EDGE_CAP - skipped;
    if (remaining <= 0) return { data: [] };
    reachesCap = remaining <= limit;
    pageLimit = Math.min(limit, remaining);
  }
  const page = await deps.media.listFeedPage({ accountId: ownerId, limit: pageLimit, after, before, ...bounds });
  if (reachesCap) page.hasNext = false;
  const data = await readItems(page.items, selection, context, deps);
  const paging = pagingOf(page, (item): Keyset => item, limit, link);
  return paging ? { data, paging } : { data };
}

/**
 * Where the caller's media edge pages to: the version called (else the default) and the Instagram user
 * id, whether the client wrote `me`, the app-scoped id or the raw id. So paging links were captured from
 * 2020 to 2024: /me/media unversioned paged to /v11.0/17841403815449847/media in 2021, the user_id of the
 * code exchange; /v15.0/me/media to /v15.0/17841444369274941/media in 2022
 * (https://github.com/bk-rs/instagram-apis-rs, tests/response_body_files/user_medias_ok__limit_1.json;
 * https://github.com/Dymantic/laravel-instagram-feed/blob/master/tests/basic_display_media_response_200.json).
 */
export function mediaEdgeUrl(context: GraphContext): string {
  return `${context.links.graphBase}/${context.principal.accountId}/media`;
}

/** The link a nested `media.limit(n){…}` uses for its next page: the edge with the nested fields. */
export function nestedEdgeLink(context: GraphContext, field: FieldSelection): EdgeLink {
  const query: [string, string][] = context.links.query.filter(([name]) => name === 'access_token');
  if (field.children) query.push(['fields', formatFields(field.children)]);
  return { url: mediaEdgeUrl(context), query };
}
