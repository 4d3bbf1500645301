// GET /_igloo/openapi.json (issue 8): an OpenAPI 3.1 document of the control API, built from the routes
// as Fastify registers them (an onRoute hook) — their TypeBox schemas, handler names and hooks — so it
// cannot drift from what the routes check and answer. TypeBox schemas are JSON Schema, which OpenAPI 3.1
// takes as is.
import { STATUS_CODES } from 'node:http';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { controlErrorSchema } from './control-validation.ts';

/** What a control route declares in `schema`. */
interface RouteSchema {
  summary?: string;
  body?: TSchema;
  querystring?: TSchema;
  params?: TSchema;
  response?: Record<string, TSchema>;
  /** Media types of a body that is not JSON (the snapshot archive); @fastify/swagger's convention. */
  consumes?: string[];
  /** Media types of a success answer that is not JSON. */
  produces?: string[];
}

export interface ControlRoute {
  method: string;
  url: string;
  /** The handler's name (`getClock`), unique across the control API. */
  operationId: string;
  schema: RouteSchema;
  /** Guarded by requireOperator: needs the admin token in service mode. */
  operatorOnly: boolean;
  /** Guarded by requireMetricsReader: the admin token or the metrics token in service mode. */
  metricsReader: boolean;
  /** A missing body is taken as `{}` (POST /_igloo/reset). */
  bodyOptional: boolean;
}

type Hook = (...args: never[]) => unknown;

const hooksOf = (hooks: unknown): unknown[] => (hooks === undefined ? [] : [hooks].flat());

/**
 * Records each route registered in `api` from now on: call it before the routes. `operator` and
 * `optionalBody` are the hooks whose presence on a route means "admin token" and "body may be absent".
 */
export function collectControlRoutes(api: FastifyInstance, marks: { operator: Hook; metricsReader: Hook; optionalBody: Hook }): ControlRoute[] {
  const routes: ControlRoute[] = [];
  api.addHook('onRoute', (options: RouteOptions) => {
    for (const method of [options.method].flat()) {
      // Fastify answers HEAD for every GET route itself; the document lists the GET.
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: options.url,
        operationId: options.handler.name,
        schema: (options.schema ?? {}) as RouteSchema,
        operatorOnly: hooksOf(options.onRequest).includes(marks.operator),
        metricsReader: hooksOf(options.onRequest).includes(marks.metricsReader),
        bodyOptional: hooksOf(options.preValidation).includes(marks.optionalBody),
      });
    }
  });
  return routes;
}

const CONTROL_ERROR_REF = { $ref: '#/components/schemas/ControlError' };

/** The schema as plain JSON (TypeBox's symbol keys dropped); the shared error envelope by reference. */
const jsonSchema = (schema: TSchema): unknown => (schema === controlErrorSchema ? CONTROL_ERROR_REF : (JSON.parse(JSON.stringify(schema)) as unknown));

const json = (schema: TSchema) => ({ 'application/json': { schema: jsonSchema(schema) } });

/** The same schema under each of `mediaTypes` (an archive: a string of bytes in that type). */
const mediaOf = (mediaTypes: string[], schema: unknown) => Object.fromEntries(mediaTypes.map((type) => [type, { schema }]));

const RESPONSE_DESCRIPTIONS: Record<string, string> = {
  400: 'The request cannot be taken: `invalid_field` names the field at fault in `field`; `invalid_body` is about the body as a whole; `bad_request` is JSON that does not parse',
  401: 'Service mode only: the admin token is missing or wrong (emulator mode does not check it)',
};

function parameters(schema: TSchema | undefined, where: 'path' | 'query') {
  if (schema === undefined) return [];
  const required = (schema.required ?? []) as string[];
  return Object.entries((schema.properties ?? {}) as Record<string, TSchema>).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    ...(property.description === undefined ? {} : { description: property.description }),
    schema: jsonSchema(property),
  }));
}

function responses(route: ControlRoute) {
  const declared: Record<string, TSchema> = { ...route.schema.response };
  if (route.operatorOnly || route.metricsReader) declared[401] = controlErrorSchema;
  const answers: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(declared)) {
    const description = RESPONSE_DESCRIPTIONS[status] ?? STATUS_CODES[Number(status)] ?? status;
    const success = status.startsWith('2');
    const content = success && route.schema.produces ? mediaOf(route.schema.produces, jsonSchema(schema)) : json(schema);
    answers[status] = status === '204' ? { description } : { description, content };
  }
  answers.default = { description: 'Any other error, in the same envelope: 415 for a body that is not JSON, 500 `internal`', content: json(controlErrorSchema) };
  return answers;
}

function operation(route: ControlRoute) {
  const { schema } = route;
  const params = [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query')];
  return {
    operationId: route.operationId,
    summary: schema.summary,
    // The first segment after /_igloo (`clock`, `faults`, `requests`): one tag per resource.
    tags: [route.url.split('/')[2]?.replace(/\..*$/, '') ?? 'igloo'],
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(schema.body === undefined ? {} : { requestBody: { required: !route.bodyOptional, content: json(schema.body) } }),
    ...(schema.consumes === undefined ? {} : { requestBody: { required: !route.bodyOptional, content: mediaOf(schema.consumes, { type: 'string', contentMediaType: schema.consumes[0] }) } }),
    responses: responses(route),
    security: route.metricsReader ? [{ adminToken: [] }, { metricsToken: [] }] : route.operatorOnly ? [{ adminToken: [] }] : [],
  };
}

/** Fastify's `/_igloo/faults/:id` as OpenAPI's `/_igloo/faults/{id}`. */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The OpenAPI 3.1 document of the routes, in their registration order. */
export function openApiDocument(routes: readonly ControlRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[openApiPath(route.url)] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'igloo control API',
      version,
      description:
        'The emulator controls under /_igloo: health, the virtual clock, tokens, worlds, snapshots, fault injection, callback deliveries and the request log. ' +
        'Open in emulator mode; in service mode every route but /_igloo/health, /_igloo/healthz and /_igloo/readyz needs `Authorization: Bearer <IGLOO_ADMIN_TOKEN>` ' +
        '(/_igloo/metrics also takes IGLOO_METRICS_TOKEN).',
    },
    paths,
    components: {
      schemas: { ControlError: JSON.parse(JSON.stringify(controlErrorSchema)) as unknown },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'IGLOO_ADMIN_TOKEN. Needed in service mode only; emulator mode does not check it.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'IGLOO_METRICS_TOKEN: reads /_igloo/metrics and nothing else. Service mode only.' },
      },
    },
  };
}

export const openApiSchema = {
  summary: 'This document: the control API in OpenAPI 3.1, generated from the routes’ own schemas',
  response: {
    // The document's parts are described by the OpenAPI 3.1 specification itself.
    200: Type.Object({
      openapi: Type.Literal('3.1.0'),
      info: Type.Object({ title: Type.String(), version: Type.String(), description: Type.String() }),
      paths: Type.Record(Type.String(), Type.Unknown()),
      components: Type.Unknown(),
    }),
  },
};
