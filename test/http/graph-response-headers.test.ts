// Headers every Graph response carries, for browser widgets and support requests: CORS
// (Access-Control-Allow-Origin: *, OPTIONS preflight for the Authorization header), x-fb-trace-id and the
// JSON content type (spec §4.2, §4.7; DESIGN.md §5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { generateSampleFiles, GRAPH_CONTENT_TYPE, sendWithHost } from '../support/graph-fixtures.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const TRACE_ID = /^[A-Za-z0-9_-]{20,23}$/;

describe('Graph response headers', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;
  let mediaId: string;

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
    token = (await issueToken(server.services, world)).accessToken;
    const files = await generateSampleFiles();
    mediaId = (await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo] })).id;
  });
  after(() => server.close());

  /** Every kind of Graph answer: reads, edges, token endpoints, and errors before and after the token check. */
  const paths = () => [
    [200, `/graph/me?fields=id,username&access_token=${token}`],
    [200, `/graph/v21.0/me/media?fields=caption,media_url&access_token=${token}`],
    [200, `/graph/${mediaId}?fields=media_url&access_token=${token}`],
    [200, `/graph/v10.0/me?fields=id&access_token=${token}`],
    [400, '/graph/me'],
    [400, '/graph/me?access_token=garbage'],
    [400, `/graph/17000000000000000?access_token=${token}`],
    [400, `/graph/me?fields=bogus&access_token=${token}`],
    [400, `/graph/access_token?grant_type=ig_exchange_token&client_secret=wrong&access_token=${token}`],
    [400, `/graph/refresh_access_token?grant_type=ig_refresh_token&access_token=${token}`],
    [400, '/graph/%E0%A4%A'],
  ] as const;

  it('sends Access-Control-Allow-Origin: *, an x-fb-trace-id and the JSON content type on every Graph response', async () => {
    const traceIds = new Set<string>();
    for (const [status, path] of paths()) {
      const response = await fetch(server.url + path, { headers: { origin: 'https://widget.example' } });
      const text = await response.text();
      assert.equal(response.status, status, `${path}: ${text}`);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      assert.equal(response.headers.get('content-type'), GRAPH_CONTENT_TYPE, path);
      const traceId = response.headers.get('x-fb-trace-id') ?? '';
      assert.match(traceId, TRACE_ID, path);
      traceIds.add(traceId);
      if (status === 400) assert.equal((JSON.parse(text) as { error: { fbtrace_id: string } }).error.fbtrace_id, traceId, path);
    }
    assert.equal(traceIds.size, paths().length, 'a new trace id for each response');
  });

  it('sends them on a successful long-lived token exchange too', async () => {
    const { accessToken } = await issueToken(server.services, world);
    const response = await fetch(`${server.url}/graph/access_token?grant_type=ig_exchange_token&client_secret=${world.secret}&access_token=${accessToken}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('x-fb-trace-id') ?? '', TRACE_ID);
  });

  it('answers an OPTIONS preflight with 204 and allows the Authorization header, in path and drop-in mode', async () => {
    const preflight = { origin: 'https://widget.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' };
    for (const path of ['/graph/me', '/graph/v21.0/me/media', `/graph/${mediaId}`, '/graph']) {
      const response = await fetch(server.url + path, { method: 'OPTIONS', headers: preflight });
      assert.equal(response.status, 204, path);
      assert.equal(await response.text(), '');
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /\bGET\b/, path);
      assert.ok((response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/).map((name) => name.toLowerCase()).includes('authorization'), path);
    }
    const dropIn = await sendWithHost(server.url, { host: 'graph.instagram.com', path: '/v21.0/me/media', method: 'OPTIONS', headers: preflight });
    assert.equal(dropIn.status, 204);
    assert.equal(dropIn.headers['access-control-allow-origin'], '*');
    assert.match(String(dropIn.headers['access-control-allow-headers']), /Authorization/i);
  });

  it('lets a browser read /me with the token in an Authorization header after the preflight', async () => {
    const response = await fetch(`${server.url}/graph/me?fields=id`, { headers: { origin: 'https://widget.example', authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });
});
