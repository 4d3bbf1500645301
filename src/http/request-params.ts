// Named string parameters of a parsed query or form body, as Instagram read them: a repeated parameter
// counts by its first value; anything that is not a string (objects, files) counts as absent; unknown
// names are ignored. pickParams reads them by hand; paramsValidatorCompiler does the same for a route's
// TypeBox `querystring`/`body` schema, so the handler gets the values and the OpenAPI document the schema.
import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';

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

/**
 * A validator compiler for the public surfaces' parameter schemas (an object of optional strings):
 * each declared parameter is read as pickParams reads it, and the part is replaced by the values read,
 * the declared names only (a form declares its `_csrf` too). It never refuses: the services word every
 * missing or bad value where Instagram did (Graph's `limit` only on an edge, after the token), so a
 * property with a constraint is refused when the routes are compiled.
 */
export function paramsValidatorCompiler(): FastifySchemaCompiler<TSchema> {
  return ({ schema, url }) => {
    const names = Object.entries((schema.properties ?? {}) as Record<string, TSchema>).map(([name, property]) => {
      if (Object.keys(property).some((key) => !['type', 'description', 'examples'].includes(key))) {
        throw new Error(`${url}: ${name} has a constraint; its service checks it, in its surface's words`);
      }
      return name;
    });
    return (data: unknown) => {
      const source = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
      const value: Record<string, string> = {};
      for (const name of names) {
        const raw = Object.hasOwn(source, name) ? source[name] : undefined;
        const first = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
        if (typeof first === 'string') value[name] = first;
      }
      return { value };
    };
  };
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
