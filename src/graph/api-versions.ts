// Graph API versions in paths (`/v21.0/me`). From v11.0, and for unversioned calls, user ids are
// app-scoped; v10.0 and older return raw Instagram ids (spec §4.1, DESIGN.md §4).

/**
 * The version unversioned calls resolve to, as paging links write it: v21.0, the last Graph version
 * before Basic Display shut down (2024-12-04). Links always carried one: an unversioned /me/media paged
 * to /v11.0/… in 2021, the version current then (spec §4.1, §4.6).
 */
export const DEFAULT_API_VERSION = 'v21.0';

/** The major version of `vNN.N`, or undefined when the segment is not a version. */
export function parseApiVersion(segment: string): number | undefined {
  const match = /^v(\d{1,3})\.(\d{1,2})$/.exec(segment);
  return match ? Number(match[1]) : undefined;
}

/** Unversioned calls (undefined) return app-scoped ids. */
export function usesAppScopedIds(major: number | undefined): boolean {
  return major === undefined || major >= 11;
}
