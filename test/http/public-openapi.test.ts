// GET /_igloo/openapi/instagram.json over real HTTP: the public surfaces' OpenAPI 3.1 document lists every
// route of api.instagram.com, graph.instagram.com and the CDN Fastify has, is valid OpenAPI, and tells the
// truth: real answers (errors included) come with a status and media type it declares and validate against
// its schemas, and every answer it declares (but the fault rules' `default`) is one a real request produced.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { packageVersion } from '../../src/package-root.ts';
import { createWebSession } from '../support/browser.ts';
import { buildWorld, issueCode, issueToken, type TestWorld } from '../support/builders.ts';
import { at, generateSampleFiles, sendWithHost } from '../support/graph-fixtures.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface Operation {
  operationId: string;
  summary?: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
}

/** `GET /graph/*`, … for every route Fastify has whose path starts with one of `prefixes` (HEAD aside). */
function routesOf(app: FastifyInstance, prefixes: string[]): string[] {
  const paths: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes().split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (depth === 0 ? '' : (paths[depth - 1] ?? '')) + match[2];
    paths[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD' && prefixes.some((prefix) => path.startsWith(prefix))) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** The surfaces this test covers; www and developers routes join the document as they declare schemas. */
const PREFIXES = ['/graph', '/cdn', '/oauth'];

/** The operations of api, graph and the CDN. */
const operationsOf = (doc: OpenApiDocument, prefixes = PREFIXES): [string, string, Operation][] =>
  Object.entries(doc.paths)
    .filter(([path]) => prefixes.some((prefix) => path.startsWith(prefix)))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]): [string, string, Operation] => [method.toUpperCase(), path, op]));

/** Fastify's `/graph/*` as the document writes it. */
const templateOf = (route: string) => route.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{path}');

describe('the public surfaces’ OpenAPI document (GET /_igloo/openapi/instagram.json)', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;
  let doc: OpenApiDocument;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validators = new Map<object, ValidateFunction>();
  /** `METHOD /template status` of every answer checked against the document. */
  const seen = new Set<string>();

  /** Sends a request (to igloo's origin, or with a Host header) and checks its answer against the document. */
  async function call(method: string, template: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit; host?: string } = {}) {
    let status: number;
    let mediaType: string;
    let text: string;
    if (init.host) {
      const response = await sendWithHost(server.url, { host: init.host, path, method, headers: init.headers });
      status = response.status;
      mediaType = String(response.headers['content-type'] ?? '').split(';')[0] ?? '';
      text = response.body.toString('utf8');
    } else {
      const response = await fetch(server.url + path, { method, headers: init.headers, body: init.body, redirect: 'manual' });
      status = response.status;
      mediaType = response.headers.get('content-type')?.split(';')[0] ?? '';
      text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    }
    const operation = doc.paths[template]?.[method.toLowerCase()];
    assert.ok(operation, `${method} ${template} is not in the document`);
    const declared = operation.responses[String(status)];
    assert.ok(declared, `${method} ${path} answered ${status}, which the document does not declare: ${text.slice(0, 300)}`);
    seen.add(`${method} ${template} ${status}`);
    if (declared.content === undefined) {
      assert.equal(text, '', `${method} ${path} ${status} declares no body`);
      return { status, text };
    }
    const content = declared.content[mediaType];
    assert.ok(content, `${method} ${path} ${status} answered ${mediaType}, not one of ${Object.keys(declared.content).join(', ')}`);
    if (mediaType === 'application/json') {
      let validate = validators.get(content.schema);
      if (!validate) validators.set(content.schema, (validate = ajv.compile(content.schema)));
      assert.ok(validate(JSON.parse(text)), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${text}`);
    }
    return { status, text };
  }

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
    token = (await issueToken(server.services, world)).accessToken;
    const files = await generateSampleFiles();
    await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], takenAt: at(0) });
    await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo, files.video], takenAt: at(60) });
    const response = await fetch(`${server.url}/_igloo/openapi/instagram.json`);
    assert.equal(response.status, 200);
    doc = (await response.json()) as OpenApiDocument;
  });
  after(() => server.close());

  it('is valid OpenAPI 3.1, titled "igloo public surfaces", at igloo’s version, one tag per host', async () => {
    assert.deepEqual(await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>), { valid: true });
    assert.deepEqual(Object.keys(doc), ['openapi', 'info', 'tags', 'paths']);
    assert.equal(doc.info.title, 'igloo public surfaces');
    assert.equal(doc.info.version, packageVersion());
    const tags = doc.tags.map((tag) => tag.name);
    assert.deepEqual(tags.slice(0, 3), ['api.instagram.com', 'graph.instagram.com', 'scontent.cdninstagram.com']);
    for (const tag of tags.slice(3)) assert.ok(['www.instagram.com', 'developers.facebook.com'].includes(tag), tag);
  });

  it('lists every route of api.instagram.com, graph.instagram.com and the CDN Fastify has, and no route Fastify lacks', () => {
    const routes = routesOf(server.app, PREFIXES).map(templateOf);
    const documented = operationsOf(doc).map(([method, path]) => `${method} ${path}`);
    assert.deepEqual([...documented].sort(), [...routes].sort());
    // Whatever else the document lists is a route too (none under /_igloo, the control API's own document).
    const everyRoute = routesOf(server.app, ['/']).map(templateOf);
    for (const [method, path] of operationsOf(doc, ['/'])) assert.ok(everyRoute.includes(`${method} ${path}`) && !path.startsWith('/_igloo'), `${method} ${path}`);
    for (const route of ['GET /graph/{path}', 'OPTIONS /graph/{path}', 'DELETE /graph', 'GET /cdn/{path}', 'POST /oauth/access_token', 'GET /oauth/authorize/third_party']) assert.ok(documented.includes(route), route);
  });

  it('gives each operation a summary, a unique id, its host’s tag, and its query parameters with descriptions', () => {
    const ids = new Set<string>();
    const tags = doc.tags.map((tag) => tag.name);
    for (const [method, path, op] of operationsOf(doc)) {
      const name = `${method} ${path}`;
      assert.ok(op.summary, `${name} has a summary`);
      assert.match(op.operationId, /^[a-z][A-Za-z]+$/, name);
      assert.ok(!ids.has(op.operationId), `${name}: ${op.operationId} is unique`);
      ids.add(op.operationId);
      assert.equal(op.tags.length, 1, name);
      assert.ok(tags.includes(op.tags[0] ?? ''), name);
    }
    const read = doc.paths['/graph/{path}']?.get;
    assert.deepEqual(
      read?.parameters?.map((p) => `${p.in} ${p.name}`),
      ['path path', ...['access_token', 'fields', 'limit', 'after', 'before', 'since', 'until', 'pretty', 'grant_type', 'client_secret'].map((name) => `query ${name}`)],
    );
    assert.deepEqual(Object.keys(doc.paths['/oauth/access_token']?.post?.requestBody?.content ?? {}), ['application/x-www-form-urlencoded', 'multipart/form-data']);
  });

  it('Graph answers as declared: nodes, edges, token grants, errors, writes and preflights', async () => {
    const read = (path: string) => call('GET', '/graph/{path}', `/graph/${path}${path.includes('?') ? '&' : '?'}access_token=${token}`);
    const media = JSON.parse((await read('me/media?fields=id,caption,media_type,media_url,permalink,thumbnail_url,timestamp,username,children{media_type,media_url}&limit=1')).text) as { data: { id: string }[] };
    assert.equal(media.data.length, 1);
    await read('me?fields=id,username,account_type,media_count,media{id,media_type}');
    await read(`${media.data[0]?.id ?? ''}?fields=id,media_type,media_url,children`);
    await read(`access_token?grant_type=ig_exchange_token&client_secret=${world.secret}`);
    assert.equal((await read('17000000000000000')).status, 400);
    assert.equal((await read('me/media?limit=abc')).status, 400);
    assert.equal((await call('GET', '/graph', '/graph')).status, 400);
    for (const method of ['POST', 'DELETE', 'PUT', 'PATCH']) {
      assert.equal((await call(method, '/graph/{path}', `/graph/me?access_token=${token}`)).status, 400);
      assert.equal((await call(method, '/graph', '/graph')).status, 400);
    }
    assert.equal((await call('OPTIONS', '/graph/{path}', '/graph/me')).status, 204);
    assert.equal((await call('OPTIONS', '/graph', '/graph')).status, 204);
  });

  it('the CDN answers as declared: the file, a range, not modified, an unsatisfiable range, a bad hash and an unknown path', async () => {
    const page = JSON.parse((await call('GET', '/graph/{path}', `/graph/me/media?fields=media_url&limit=1&access_token=${token}`)).text) as { data: { media_url: string }[] };
    const url = new URL(page.data[0]?.media_url ?? '');
    const path = url.pathname + url.search;
    assert.equal((await call('GET', '/cdn/{path}', path)).status, 200);
    assert.equal((await call('GET', '/cdn/{path}', path, { headers: { range: 'bytes=0-9' } })).status, 206);
    assert.equal((await call('GET', '/cdn/{path}', path, { headers: { range: 'bytes=999999999-' } })).status, 416);
    const etag = (await fetch(server.url + path)).headers.get('etag') ?? '';
    assert.equal((await call('GET', '/cdn/{path}', path, { headers: { 'if-none-match': etag } })).status, 304);
    assert.equal((await call('GET', '/cdn/{path}', path.replace(/oh=[0-9a-f]/, 'oh=x'))).status, 403);
    assert.equal((await call('GET', '/cdn/{path}', '/cdn/nothing-here.jpg')).status, 404);
  });

  it('the Authorization Window and the token endpoint answer as declared, at each of the window’s paths', async () => {
    const query = `client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile&response_type=code`;
    const web = createWebSession(server.url);
    const signIn = await web.get(`/oauth/authorize?${query}`);
    for (const path of ['/oauth/authorize', '/oauth/authorize/', '/oauth/authorize/third_party']) {
      assert.equal((await call('GET', path, `${path}?${query}`)).status, 200);
      assert.equal((await call('GET', path, `${path}?${query}`, { host: 'api.instagram.com' })).status, 302);
      assert.equal((await call('GET', path, `${path}?client_id=999`)).status, 400);
      const cookie = [...web.cookies()].map(([name, value]) => `${name}=${value}`).join('; ');
      const post = (fields: Record<string, string>) => call('POST', path, path, { headers: { cookie }, body: new URLSearchParams(fields) });
      const form = { _csrf: web.csrf(signIn), client_id: world.igApp.igAppId, redirect_uri: world.redirectUri, scope: 'user_profile', response_type: 'code', decision: 'deny' };
      assert.equal((await post(form)).status, 303);
      assert.equal((await post({ ...form, client_id: '999' })).status, 400);
      assert.equal((await post({ ...form, _csrf: 'forged' })).status, 403);
    }
    const fields = { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code: await issueCode(server.services, world) };
    assert.equal((await call('POST', '/oauth/access_token', '/oauth/access_token', { body: new URLSearchParams(fields) })).status, 200);
    assert.equal((await call('POST', '/oauth/access_token', '/oauth/access_token', { body: new URLSearchParams(fields) })).status, 400);
  });

  it('declares no answer that no request above produced (but the fault rules’ default)', () => {
    const declared = operationsOf(doc).flatMap(([method, path, op]) =>
      Object.keys(op.responses)
        .filter((status) => status !== 'default')
        .map((status) => `${method} ${path} ${status}`),
    );
    assert.deepEqual(declared.filter((answer) => !seen.has(answer)), []);
  });
});
