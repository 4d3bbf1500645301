// Named string parameters of a parsed query or form body, as Instagram read them: a repeated parameter
// counts by its first value; anything that is not a string (objects, files) counts as absent; unknown
// names are ignored. pickParams reads them by hand; paramsValidatorCompiler does the same for a route's
// TypeBox `querystring`/`body` schema, so the handler gets the values and the OpenAPI document the schema.
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
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

/** The error a surface answers, in its own envelope, for a parameter its schema refuses. */
export type RefuseParam = (name: string, value: string) => Error;

/**
 * A validator compiler for the public surfaces' parameter schemas (an object of optional strings):
 * each declared parameter is read as pickParams reads it, and a value its property schema refuses (a
 * `pattern`, say) is answered with `refuse` (graph's `(#100)…`), never Fastify's validation body (a
 * surface that constrains no parameter needs no `refuse`: the OAuth service words every refusal). The
 * part is replaced by the values read, the declared names only (a form declares its `_csrf` too); what
 * is missing is the handler's to word.
 */
export function paramsValidatorCompiler(refuse?: RefuseParam): FastifySchemaCompiler<TSchema> {
  return ({ schema, url }) => {
    const properties = Object.entries((schema.properties ?? {}) as Record<string, TSchema>);
    // Only properties with a constraint are checked; a plain string needs no check once it is read.
    const checks = properties.map(([name, property]) => {
      const constrained = Object.keys(property).some((key) => !['type', 'description', 'examples'].includes(key));
      if (constrained && !refuse) throw new Error(`${url}: ${name} has a constraint, but its surface has no words for a refusal`);
      return { name, check: constrained ? TypeCompiler.Compile(property) : undefined };
    });
    return (data: unknown) => {
      const source = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
      const value: Record<string, string> = {};
      for (const { name, check } of checks) {
        const raw = Object.hasOwn(source, name) ? source[name] : undefined;
        const first = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
        if (typeof first !== 'string') continue;
        if (check?.Check(first) === false) return { error: (refuse as RefuseParam)(name, first) };
        value[name] = first;
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
