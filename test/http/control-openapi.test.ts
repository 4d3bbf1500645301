// GET /_igloo/openapi.json over real HTTP (issue 8): the control API's OpenAPI 3.1 document covers every
// /_igloo JSON route Fastify has, is valid OpenAPI, and tells the truth: real answers of every endpoint,
// errors included, validate against the schemas it declares for them, and every answer it declares is
// one a real request produced.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { packageVersion } from '../../src/package-root.ts';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { startCallbackReceiver, type CallbackReceiver } from '../support/callback-receiver.ts';
import { graphGet } from '../support/http-clients.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

interface Operation {
  operationId: string;
  summary?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { required: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
  security: Record<string, string[]>[];
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, unknown> };
}

/** The pages under /_igloo that answer HTML (the callback page, the home page and its forms): not part of the control API's document. */
/** The routes any client may call in service mode too. */
const OPEN_PATHS = ['/_igloo/health', '/_igloo/healthz', '/_igloo/readyz'];

const HTML_PAGES = ['GET /_igloo/callback', 'GET /_igloo', 'GET /_igloo/', 'POST /_igloo/home/clock', 'POST /_igloo/home/faults/clear', 'POST /_igloo/home/faults/preset'];

/** `GET /_igloo/faults/:id`, … for every route Fastify has under /_igloo, from its route tree (HEAD aside). */
function iglooRoutesOf(app: FastifyInstance): string[] {
  const paths: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (depth === 0 ? '' : (paths[depth - 1] ?? '')) + match[2];
    paths[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD' && path.startsWith('/_igloo')) routes.push(`${method} ${path}`);
  }
  return routes;
}

const operationsOf = (doc: OpenApiDocument): [string, string, Operation][] =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]): [string, string, Operation] => [method.toUpperCase(), path, op]));

describe('the control API’s OpenAPI document (GET /_igloo/openapi.json)', () => {
  let server: TestServer;
  let receiver: CallbackReceiver;
  let world: TestWorld;
  let doc: OpenApiDocument;
  /** The document with its $refs resolved, whose response schemas ajv compiles. */
  let resolved: OpenApiDocument;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validators = new Map<object, ValidateFunction>();
  /** `METHOD /path/{template} status` of every answer checked against the document. */
  const seen = new Set<string>();

  /** Sends a request to a route of the document and checks the answer against the schema declared for its status. */
  async function call(baseUrl: string, method: string, template: string, options: { body?: unknown; raw?: string; archive?: Uint8Array<ArrayBuffer>; id?: string; query?: string; token?: string } = {}) {
    const path = template.replace('{id}', options.id ?? '') + (options.query ?? '');
    const headers: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
    const body = (options.archive ? new Blob([options.archive]) : undefined) ?? options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = options.archive ? 'application/gzip' : 'application/json';
    const response = await fetch(baseUrl + path, { method, headers, body });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = Buffer.from(bytes).toString('utf8');
    const operation = resolved.paths[template]?.[method.toLowerCase()];
    assert.ok(operation, `${method} ${template} is not in the document`);
    const declared = operation.responses[String(response.status)];
    assert.ok(declared, `${method} ${path} answered ${response.status}, which the document does not declare: ${text}`);
    seen.add(`${method} ${template} ${response.status}`);
    const mediaType = response.headers.get('content-type')?.split(';')[0] ?? '';
    if (mediaType !== 'application/json' && declared.content?.[mediaType]) return { status: response.status, json: undefined, bytes };
    const schema = declared.content?.['application/json']?.schema;
    if (schema === undefined) {
      assert.equal(text, '', `${method} ${path} ${response.status} declares no body`);
      return { status: response.status, json: undefined, bytes };
    }
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const json = JSON.parse(text) as unknown;
    let validate = validators.get(schema);
    if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
    assert.ok(validate(json), `${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}\n${text}`);
    return { status: response.status, json, bytes };
  }

  before(async () => {
    server = await startTestServer();
    receiver = await startCallbackReceiver();
    world = await buildWorld(server.services);
    const response = await fetch(`${server.url}/_igloo/openapi.json`);
    assert.equal(response.status, 200);
    doc = (await response.json()) as OpenApiDocument;
    const validator = new Validator();
    // resolveRefs() replaces the $refs in place: it works on a copy.
    await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    resolved = validator.resolveRefs() as unknown as OpenApiDocument;
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  it('is an OpenAPI 3.1 document titled "igloo control API", at igloo’s version, with the admin token as a bearer scheme', () => {
    assert.deepEqual(Object.keys(doc), ['openapi', 'info', 'paths', 'components']);
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.info), ['title', 'version', 'description']);
    assert.equal(doc.info.title, 'igloo control API');
    assert.equal(doc.info.version, packageVersion());
    assert.deepEqual(Object.keys(doc.components), ['schemas', 'securitySchemes']);
    assert.deepEqual(doc.components.securitySchemes, {
      adminToken: { type: 'http', scheme: 'bearer', description: 'IGLOO_ADMIN_TOKEN. Needed in service mode only; emulator mode does not check it.' },
      metricsToken: { type: 'http', scheme: 'bearer', description: 'IGLOO_METRICS_TOKEN: reads /_igloo/metrics and nothing else. Service mode only.' },
    });
  });

  it('is valid OpenAPI 3.1 (checked against the specification’s JSON Schema)', async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    assert.deepEqual(result, { valid: true });
  });

  it('lists every JSON route Fastify has under /_igloo, and only those', () => {
    const routes = iglooRoutesOf(server.app);
    for (const page of HTML_PAGES) assert.ok(routes.includes(page), `${page} is a route`);
    const json = routes.filter((route) => !HTML_PAGES.includes(route)).map((route) => route.replace(/:(\w+)/g, '{$1}'));
    const documented = operationsOf(doc).map(([method, path]) => `${method} ${path}`);
    assert.deepEqual([...documented].sort(), [...json].sort());
    assert.ok(documented.includes('DELETE /_igloo/faults/{id}'));
  });

  it('gives each operation a summary, a unique id, a success answer with a schema, 400 where it takes input, and 401 where the admin token is needed', () => {
    const ids = new Set<string>();
    for (const [method, path, op] of operationsOf(doc)) {
      const name = `${method} ${path}`;
      assert.ok(op.summary, `${name} has a summary`);
      assert.match(op.operationId, /^[a-z][A-Za-z]+$/, name);
      assert.ok(!ids.has(op.operationId), `${name}: ${op.operationId} is unique`);
      ids.add(op.operationId);
      const success = Object.keys(op.responses).filter((status) => /^2\d\d$/.test(status));
      assert.equal(success.length, 1, `${name} declares one success answer`);
      const content = op.responses[success[0] ?? '']?.content ?? {};
      if (success[0] !== '204') assert.ok(Object.values(content)[0]?.schema, `${name} declares its success schema`);
      const takesInput = op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query');
      if (takesInput) assert.deepEqual(op.responses['400']?.content, { 'application/json': { schema: { $ref: '#/components/schemas/ControlError' } } }, `${name} declares 400`);
      // The probes are open in both modes; the metrics also take the scraper's token.
      const open = OPEN_PATHS.includes(path);
      assert.deepEqual(op.security, open ? [] : path === '/_igloo/metrics' ? [{ adminToken: [] }, { metricsToken: [] }] : [{ adminToken: [] }], name);
      assert.equal(op.responses['401'] !== undefined, !open, `${name} declares 401 unless open`);
    }
    assert.deepEqual(doc.paths['/_igloo/faults/{id}']?.delete?.parameters, [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    assert.equal(doc.paths['/_igloo/reset']?.post?.requestBody?.required, false);
    assert.equal(doc.paths['/_igloo/clock']?.post?.requestBody?.required, true);
  });

  it('health, clock and tokens answer as declared, and so do their 400, 404 and 409', async () => {
    const url = server.url;
    assert.deepEqual((await call(url, 'GET', '/_igloo/health')).json, { status: 'ok', mode: 'emulator' });
    assert.deepEqual((await call(url, 'GET', '/_igloo/healthz')).json, { status: 'ok' });
    assert.deepEqual((await call(url, 'GET', '/_igloo/readyz')).json, { status: 'ready' });
    assert.match(Buffer.from((await call(url, 'GET', '/_igloo/metrics')).bytes).toString('utf8'), /^# HELP /m);
    await call(url, 'GET', '/_igloo/clock');
    assert.equal((await call(url, 'POST', '/_igloo/clock', { body: { advance: '1m' } })).status, 200);
    assert.deepEqual((await call(url, 'POST', '/_igloo/clock', { body: { advance: 'soon' } })).json, {
      error: { code: 'invalid_field', message: 'advance must be a duration like "90s", "61m", "25h" or "2d" (units ms, s, m, h, d), or a whole number of milliseconds', field: 'advance' },
    });
    const token = { app_id: world.igApp.igAppId, username: world.tester.username };
    const issued = await call(url, 'POST', '/_igloo/tokens', { body: token });
    assert.equal(issued.status, 200);
    assert.deepEqual((await call(url, 'POST', '/_igloo/tokens', { body: { ...token, kind: 'medium' } })).json, {
      error: { code: 'invalid_field', message: 'kind must be "short" or "long"', field: 'kind' },
    });
    assert.equal((await call(url, 'POST', '/_igloo/tokens', { raw: '{"app_id":' })).status, 400);
    assert.equal((await call(url, 'POST', '/_igloo/tokens', { body: { ...token, app_id: '1' } })).status, 404);
    assert.equal((await call(url, 'POST', '/_igloo/tokens', { body: { ...token, username: world.stranger.username } })).status, 409);
    // A Graph call for the request log's tests below.
    const { access_token: accessToken } = issued.json as { access_token: string };
    assert.equal((await graphGet(url, { path: 'me', token: accessToken })).status, 200);
  });

  it('callbacks answer as declared, with a delivery in the list', async () => {
    await server.services.apps.updateBasicDisplay(world.igApp.igAppId, { redirectUris: [world.redirectUri], deauthorizeUrl: `${receiver.url}/deauthorize`, dataDeletionUrl: '' });
    await server.services.appConnections.removeConnection(world.tester.id, world.igApp.igAppId);
    await receiver.waitFor(1);
    const { json } = await call(server.url, 'GET', '/_igloo/callbacks');
    assert.equal((json as { data: { kind: string }[] }).data[0]?.kind, 'deauthorize');
  });

  it('faults answer as declared: add, list, remove one, an unknown one (404), remove all, and a bad rule (400)', async () => {
    const url = server.url;
    const added = await call(url, 'POST', '/_igloo/faults', { body: { surface: 'graph', path: '/nothing-here', error: { status: 503, body: 'down' }, count: 1 } });
    assert.equal(added.status, 201);
    const id = (added.json as { data: { id: string }[] }).data[0]?.id;
    await call(url, 'GET', '/_igloo/faults');
    assert.equal((await call(url, 'DELETE', '/_igloo/faults/{id}', { id })).status, 204);
    assert.equal((await call(url, 'DELETE', '/_igloo/faults/{id}', { id })).status, 404);
    assert.equal((await call(url, 'DELETE', '/_igloo/faults')).status, 204);
    assert.equal((await call(url, 'POST', '/_igloo/faults', { body: { surface: 'mars' } })).status, 400);
  });

  it('world and the request log answer as declared, and so do their 400 and 409', async () => {
    const url = server.url;
    assert.equal((await call(url, 'POST', '/_igloo/world', { body: { accounts: [{ username: 'openapi.fan', media_count: 1 }] } })).status, 201);
    assert.equal((await call(url, 'POST', '/_igloo/world', { body: { accounts: [{ username: 'openapi.fan' }] } })).status, 409);
    assert.equal((await call(url, 'POST', '/_igloo/world', { body: { planets: [] } })).status, 400);
    await call(url, 'GET', '/_igloo/world');
    const log = await call(url, 'GET', '/_igloo/requests');
    assert.ok((log.json as { data: unknown[] }).data.length > 0);
    assert.equal((await call(url, 'GET', '/_igloo/requests', { query: '?limit=0' })).status, 400);
    assert.equal((await call(url, 'GET', '/_igloo/requests.har')).status, 200);
    assert.equal((await call(url, 'GET', '/_igloo/requests.har', { query: '?status=abc' })).status, 400);
    assert.equal((await call(url, 'GET', '/_igloo/openapi.json')).status, 200);
    assert.equal((await call(url, 'GET', '/_igloo/openapi/instagram.json')).status, 200);
  });

  it('reset answers as declared, with and without the demo world, and a bad body is its 400', async () => {
    assert.equal((await call(server.url, 'POST', '/_igloo/reset', { body: { demo: 'yes' } })).status, 400);
    assert.deepEqual((await call(server.url, 'POST', '/_igloo/reset')).json, { demo: null });
    const demo = await call(server.url, 'POST', '/_igloo/reset', { body: { demo: true } });
    assert.notEqual((demo.json as { demo: unknown }).demo, null);
  });

  it('snapshots answer as declared: the archive as application/gzip, its import with the manifest, a bad archive (400) and one too large (413)', async () => {
    const exported = await call(server.url, 'GET', '/_igloo/snapshot');
    assert.equal(exported.status, 200);
    assert.deepEqual([...exported.bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip');
    assert.deepEqual(Object.keys(doc.paths['/_igloo/snapshot']?.get?.responses['200']?.content ?? {}), ['application/gzip']);
    assert.deepEqual(Object.keys(doc.paths['/_igloo/snapshot']?.post?.requestBody?.content ?? {}), ['application/gzip']);
    assert.equal((await call(server.url, 'POST', '/_igloo/snapshot', { archive: exported.bytes })).status, 200);
    assert.equal((await call(server.url, 'POST', '/_igloo/snapshot', { archive: new TextEncoder().encode('not an archive') })).status, 400);
    const small = await startTestServer({ IGLOO_SNAPSHOT_MAX_MB: '1' });
    try {
      assert.equal((await call(small.url, 'POST', '/_igloo/snapshot', { archive: new Uint8Array(2 * 1024 * 1024) })).status, 413);
    } finally {
      await small.close();
    }
  });

  it('in service mode: the same document behind the admin token; every guarded route’s 401 and the clock’s 409 as declared', async () => {
    const service = await startServiceModeServer('openapi-admin-token');
    try {
      const response = await fetch(`${service.url}/_igloo/openapi.json`, { headers: { authorization: 'Bearer openapi-admin-token' } });
      assert.deepEqual(await response.json(), doc);
      for (const [method, path, op] of operationsOf(doc)) {
        if (op.security.length === 0) continue;
        const body = op.requestBody === undefined ? undefined : {};
        assert.equal((await call(service.url, method, path, { id: 'x', body })).status, 401, `${method} ${path}`);
      }
      assert.equal((await call(service.url, 'POST', '/_igloo/clock', { body: { advance: '1h' }, token: 'openapi-admin-token' })).status, 409);
      assert.deepEqual((await call(service.url, 'GET', '/_igloo/health')).json, { status: 'ok', mode: 'service' });
      // While draining, readyz says so: its 503 is a declared answer too.
      service.services.readiness.startDraining();
      assert.deepEqual((await call(service.url, 'GET', '/_igloo/readyz')).json, { status: 'unavailable', reason: 'draining' });
    } finally {
      await service.close();
    }
  });

  it('declares no answer that no request above produced', () => {
    const declared = operationsOf(doc).flatMap(([method, path, op]) =>
      Object.keys(op.responses)
        .filter((status) => status !== 'default')
        .map((status) => `${method} ${path} ${status}`),
    );
    assert.deepEqual(declared.filter((answer) => !seen.has(answer)), []);
  });
});
