// Valid OAuth Redirect URIs: how a typed value is checked and stored (DESIGN.md §5, spec §1.2).
// Matching at authorize and exchange time is byte-exact against the stored value.

export const MAX_REDIRECT_URIS = 100;

export type RedirectUriCheck = { ok: true; uri: string } | { ok: false; reason: string };

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]';
}

/**
 * Checks one redirect URI and returns the value to store: a bare origin gains a trailing "/" (the
 * tutorial warns that "we may have appended a trailing forward slash"); anything else is kept as typed.
 */
export function normaliseRedirectUri(raw: string, options: { allowHttp: boolean }): RedirectUriCheck {
  const typed = raw.trim();
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { ok: false, reason: `${typed} is not a valid URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `${typed} must start with https://.` };
  if (url.protocol === 'http:' && !options.allowHttp && !isLoopbackHost(url.hostname)) {
    return { ok: false, reason: `${typed} must use https:// (plain http is allowed only for localhost).` };
  }
  if (url.hash || typed.includes('#')) return { ok: false, reason: `${typed} must not contain a fragment (#).` };
  if (url.username || url.password) return { ok: false, reason: `${typed} must not contain a user name or password.` };
  if (/\s/.test(typed) || typed.length > 2000) return { ok: false, reason: `${typed} is not a valid URL.` };

  const afterScheme = typed.slice(typed.indexOf('//') + 2);
  const pathStart = afterScheme.search(/[/?]/);
  if (pathStart === -1) return { ok: true, uri: `${typed}/` };
  if (afterScheme[pathStart] === '?') return { ok: true, uri: `${typed.slice(0, typed.length - afterScheme.length + pathStart)}/${afterScheme.slice(pathStart)}` };
  return { ok: true, uri: typed };
}
