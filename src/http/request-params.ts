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

/** A local path to continue to after signing in; anything else (other origins, `//host`) becomes `/`. */
export function safeLocalPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return '/';
  return next;
}
