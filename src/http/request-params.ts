// Reads named string parameters from a parsed query or form body. A repeated parameter counts by its
// first value; anything that is not a string (objects, files) counts as absent.

export function pickParams<Name extends string>(source: unknown, names: readonly Name[]): Partial<Record<Name, string>> {
  const out: Partial<Record<Name, string>> = {};
  if (!source || typeof source !== 'object') return out;
  const record = source as Record<string, unknown>;
  for (const name of names) {
    const value = Array.isArray(record[name]) ? (record[name] as unknown[])[0] : record[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** Any origin would do: it only has to be one no `next` value can name. */
const LOCAL_BASE = new URL('http://local.invalid/');

/**
 * A local path to continue to after signing in, as path and query normalised by the WHATWG URL parser
 * (so percent-encoded, never a value Node refuses in a Location header); anything that could leave this
 * origin becomes `/`. Control characters and backslashes are refused outright: browsers drop tabs and
 * newlines from URLs (`/\t/evil.test` becomes `//evil.test`) and read `\` as `/`.
 * @see issue 7, points 9 and 12a
 */
export function safeLocalPath(next: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (!next?.startsWith('/') || /[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, LOCAL_BASE);
  } catch {
    return '/';
  }
  // `/.//evil.test` resolves to the path `//evil.test`, which a browser reads as another host.
  if (url.origin !== LOCAL_BASE.origin || url.pathname.startsWith('//')) return '/';
  return url.pathname + url.search;
}
