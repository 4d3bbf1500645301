// Valid OAuth Redirect URIs: how a typed value is checked and stored (DESIGN.md §5, spec §1.2).
// Matching at authorize and exchange time is byte-exact against the stored value.

export const MAX_REDIRECT_URIS = 100;

export type RedirectUriCheck = { ok: true; uri: string } | { ok: false; reason: string };

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]';
}

const encodeChar = (char: string): string => {
  try {
    return encodeURIComponent(char);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD
  }
};

/**
 * A URI with each character outside printable ASCII percent-encoded as UTF-8: what a Location header
 * can carry (Node refuses control characters, DEL and anything beyond Latin-1) and what a browser reads
 * as the URI meant. Printable ASCII is left as it is.
 */
export function asciiUri(uri: string): string {
  return uri.replace(/[^\x21-\x7e]/gu, encodeChar);
}

/**
 * Checks one redirect URI and returns the value to store: a bare origin gains a trailing "/" (the
 * tutorial warns that "we may have appended a trailing forward slash"); anything else is kept as typed.
 */
export function normaliseRedirectUri(raw: string, options: { allowHttp: boolean }): RedirectUriCheck {
  const typed = raw.trim();
  if (/\s/.test(typed) || typed.length > 2000) return { ok: false, reason: `${typed} is not a valid URL.` };
  // A redirect is a Location header, which carries printable ASCII only (Node refuses the rest).
  if (/[^\x21-\x7e]/u.test(typed)) {
    // Control characters are shown encoded: they would be invisible in the message.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const shown = typed.replace(/[\x00-\x1f\x7f]/g, encodeChar);
    return { ok: false, reason: `${shown} has characters a web address cannot carry as typed: enter it percent-encoded, as ${asciiUri(typed)} (a domain name in its xn-- form).` };
  }
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

  const afterScheme = typed.slice(typed.indexOf('//') + 2);
  const pathStart = afterScheme.search(/[/?]/);
  if (pathStart === -1) return { ok: true, uri: `${typed}/` };
  if (afterScheme[pathStart] === '?') return { ok: true, uri: `${typed.slice(0, typed.length - afterScheme.length + pathStart)}/${afterScheme.slice(pathStart)}` };
  return { ok: true, uri: typed };
}
