// GET /_igloo/openapi/instagram.json: an OpenAPI 3.1 document of the public surfaces (api, graph, CDN,
// and www and developers as their routes declare schemas), built like the control API's (control-openapi.ts)
// from the routes as Fastify registers them: an onRoute hook on the root instance records every route
// outside /_igloo that declares a schema, so a surface's route joins the document by declaring one.
// Paths are those of igloo's own origin (path mode); each operation is tagged with the host it answers
// for in drop-in mode.
import { STATUS_CODES } from 'node:http';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { SurfaceHosts } from '../../config/config-schema.ts';
import { SURFACE_PREFIX, type Surface } from '../host-dispatch.ts';

/** A non-JSON or described answer, as Fastify and OpenAPI write it. */
interface DescribedAnswer {
  description: string;
  content?: Record<string, { schema: TSchema }>;
}

/** What a public route declares in `schema`. */
export interface PublicRouteSchema {
  summary?: string;
  querystring?: TSchema;
  params?: TSchema;
  body?: TSchema;
  /** Media types of the body (a form, by default). */
  consumes?: string[];
  /** By status (or `default`): a JSON schema, or `{ description, content? }`. */
  response?: Record<string, TSchema | DescribedAnswer>;
}

export interface PublicRoute {
  method: string;
  url: string;
  schema: PublicRouteSchema;
}

/** Records each public route registered in `app` from now on (call it before the surfaces). */
export function collectPublicRoutes(app: FastifyInstance): PublicRoute[] {
  const routes: PublicRoute[] = [];
  app.addHook('onRoute', (options: RouteOptions) => {
    if (options.schema === undefined || options.url.startsWith('/_igloo')) return;
    // Fastify answers HEAD for every GET route itself; the document lists the GET.
    for (const method of [options.method].flat()) if (method !== 'HEAD') routes.push({ method, url: options.url, schema: options.schema as PublicRouteSchema });
  });
  return routes;
}

/** The surface a path of igloo's route space belongs to (host-dispatch.ts mounts them so). */
function surfaceOf(url: string): Surface {
  for (const surface of ['graph', 'cdn', 'developers'] as const) if (url === SURFACE_PREFIX[surface] || url.startsWith(`${SURFACE_PREFIX[surface]}/`)) return surface;
  return url.startsWith('/oauth/') || url === '/oauth' ? 'api' : 'www';
}

/** Fastify's `/graph/*` and `/p/:shortcode` as OpenAPI's `/graph/{path}` and `/p/{shortcode}`. */
const templateOf = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');

/** The schema as plain JSON (TypeBox's symbol keys dropped). */
const plain = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema)) as unknown;

/** `{ description, content? }` rather than a (TypeBox) JSON schema, whose keywords are others. */
const isDescribed = (answer: TSchema | DescribedAnswer): answer is DescribedAnswer => Object.keys(answer).every((key) => key === 'description' || key === 'content');

function parameters(route: PublicRoute, template: string) {
  const path = route.schema.params?.properties as Record<string, TSchema> | undefined;
  const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const inPath = pathNames.map((name) => ({ name, in: 'path', required: true, schema: plain(path?.[name] ?? Type.String()) }));
  const query = Object.entries((route.schema.querystring?.properties ?? {}) as Record<string, TSchema>).map(([name, property]) => ({
    name,
    in: 'query',
    required: ((route.schema.querystring?.required ?? []) as string[]).includes(name),
    ...(property.description === undefined ? {} : { description: property.description }),
    schema: plain(property),
  }));
  return [...inPath, ...query];
}

function responses(route: PublicRoute) {
  const answers: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(route.schema.response ?? {})) {
    if (!isDescribed(answer)) {
      answers[status] = { description: STATUS_CODES[Number(status)] ?? status, content: { 'application/json': { schema: plain(answer) } } };
      continue;
    }
    const content = answer.content && Object.fromEntries(Object.entries(answer.content).map(([type, { schema }]) => [type, { schema: plain(schema) }]));
    answers[status] = content ? { description: answer.description, content } : { description: answer.description };
  }
  // A page route that declares only its input (www, the App Dashboard) answers with its own HTML pages.
  if (Object.keys(answers).length === 0) answers.default = { description: 'An HTML page of the surface (the page itself, or its error page)', content: { 'text/html': {} } };
  return answers;
}

/** `get` + `/oauth/authorize/third_party` → `getOauthAuthorizeThirdParty`; a trailing slash is `…Slash`. */
function operationId(method: string, template: string): string {
  const words = template.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (template.endsWith('/') && template !== '/') words.push('slash');
  if (words.length === 0) words.push('root');
  return method.toLowerCase() + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
}

const TAG_DESCRIPTIONS: Record<Surface, string> = {
  api: 'The OAuth endpoints: the Authorization Window and the code exchange',
  graph: 'The Graph API: under /graph on igloo’s origin, at the root of its host in drop-in mode',
  cdn: 'The media CDN: under /cdn on igloo’s origin, at the root of its host in drop-in mode',
  www: 'Instagram itself: sign-in, profiles, posting, Apps and Websites',
  developers: 'The App Dashboard: under /developers on igloo’s origin, at the root of its host in drop-in mode',
};

/** The OpenAPI 3.1 document of the public routes, in their registration order. */
export function publicOpenApiDocument(routes: readonly PublicRoute[], version: string, hosts: SurfaceHosts) {
  const paths: Record<string, Record<string, unknown>> = {};
  const used = new Set<Surface>();
  for (const route of routes) {
    const template = templateOf(route.url);
    const surface = surfaceOf(route.url);
    used.add(surface);
    const params = parameters(route, template);
    const { body, consumes } = route.schema;
    (paths[template] ??= {})[route.method.toLowerCase()] = {
      operationId: operationId(route.method, template),
      summary: route.schema.summary,
      tags: [hosts[surface][0] ?? surface],
      ...(params.length === 0 ? {} : { parameters: params }),
      ...(body === undefined ? {} : { requestBody: { content: Object.fromEntries((consumes ?? ['application/x-www-form-urlencoded']).map((type) => [type, { schema: plain(body) }])) } }),
      responses: responses(route),
    };
  }
  const surfaces = (Object.keys(TAG_DESCRIPTIONS) as Surface[]).filter((surface) => used.has(surface));
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'igloo public surfaces',
      version,
      description:
        'The Instagram Basic Display platform as igloo serves it: api.instagram.com, graph.instagram.com and the media CDN (and www.instagram.com and developers.facebook.com routes that declare schemas). ' +
        'Paths are those of igloo’s own origin; each operation’s tag is the host it answers for in drop-in mode, where the /graph, /cdn and /developers prefixes are dropped. ' +
        'On api, graph and CDN routes every parameter is read by its first value when repeated and unknown ones are ignored; www and App Dashboard forms refuse a repeated field with their Bad request page.',
    },
    tags: surfaces.map((surface) => ({ name: hosts[surface][0] ?? surface, description: TAG_DESCRIPTIONS[surface] })),
    paths,
  };
}

export const publicOpenApiSchema = {
  summary: 'The public surfaces (api, graph, CDN, …) in OpenAPI 3.1, generated from their routes’ own schemas',
  response: {
    200: Type.Object({
      openapi: Type.Literal('3.1.0'),
      info: Type.Object({ title: Type.String(), version: Type.String(), description: Type.String() }),
      tags: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
      paths: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
};
