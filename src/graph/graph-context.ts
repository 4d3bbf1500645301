// What a Graph read knows besides the request's path: who is calling, which version, and how to write
// the URLs it returns (paging links, media_url, permalink) for the origin the client used.
import type { Principal } from '../oauth/access-tokens.ts';

export interface GraphLinks {
  /** The Graph base the client used, with its version, else the default one: `https://graph.instagram.com/v21.0`. */
  graphBase: string;
  /** The caller's query parameters in their order; access_token only if it came in the query (spec §4.6). */
  query: [string, string][];
  /** A signed, expiring CDN URL for a blob (spec §4.5: media_url, thumbnail_url). */
  mediaUrl(key: string): string;
  /** `https://www.instagram.com/p/{shortcode}/` on the client's origin. */
  permalink(shortcode: string): string;
}

export interface GraphContext {
  principal: Principal;
  /** Major API version from the path, or undefined for unversioned calls. */
  version: number | undefined;
  links: GraphLinks;
}

/** `2017-08-31T18:10:00+0000`: no milliseconds, `+0000` without a colon (spec §4.5). */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
