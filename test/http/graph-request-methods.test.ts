// Requests Graph cannot route, over real HTTP: an unknown edge of a node the caller may read, and any
// method but GET, answer "Unsupported request - method type: …" (code 100, no subcode); unknown or
// foreign ids keep their subcode-33 answer; HEAD answers as GET without a body; the CORS preflight stays
// (spec §5.2, §8). Captured: https://github.com/in2code-de/instagram/issues/25 (2022),
// https://github.com/pdir/social-feed-bundle/issues/144 (2024), https://github.com/stevenschobert/instafeed.js/issues/654.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Media } from '../../src/media/media-entity.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { assertGraphError, at, generateSampleFiles, GRAPH_CONTENT_TYPE, notFoundBody, unsupportedRequestBody } from '../support/graph-fixtures.ts';
import { graphGet, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('requests Graph cannot route', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;
  let asid: string;
  let photo: Media;
  let album: Media;
  let foreign: Media;

  const call = async (path: string, method: string, accessToken: string | undefined = token): Promise<WireResponse> => {
    const query = accessToken === undefined ? '' : `?access_token=${accessToken}`;
    const response = await fetch(`${server.url}/graph/${path}${query}`, { method });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
    const files = await generateSampleFiles();
    ({ accessToken: token, userId: asid } = await issueToken(server.services, world));
    photo = await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], takenAt: at(0) });
    album = await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo, files.photo], takenAt: at(60) });
    foreign = await server.services.media.createPost({ accountId: world.stranger.id, files: [files.photo], takenAt: at(0) });
  });
  after(() => server.close());

  it('answers an unknown edge of the user or of their media with "Unsupported request - method type: get"', async () => {
    const paths = [
      'me/unknown_edge',
      'v21.0/me/stories',
      `v10.0/${world.tester.id}/followers`,
      `${asid}/feed`,
      `${photo.id}/comments`,
      `v21.0/${photo.id}/insights`,
      `${album.id}/children/extra`,
      'me/media/extra',
    ];
    for (const path of paths) assertGraphError(await call(path, 'GET'), unsupportedRequestBody());
    // A trailing slash names the same edge.
    assert.equal((await call('me/media/', 'GET')).status, 200);
  });

  it('routes before it checks permissions or fields: an unknown edge is unsupported for a user_profile token and with bogus fields', async () => {
    const { accessToken } = await issueToken(server.services, world, { scopes: ['user_profile'] });
    assertGraphError(await call('me/unknown_edge', 'GET', accessToken), unsupportedRequestBody());
    assertGraphError(await graphGet(server.url, { path: `${photo.id}/comments`, fields: 'bogus', token }), unsupportedRequestBody());
  });

  it('keeps subcode 33 for an id that does not exist or is not the caller\'s, with or without an edge', async () => {
    for (const id of ['17800000000000000', foreign.id, world.stranger.id]) {
      assertGraphError(await call(id, 'GET'), notFoundBody(id));
      assertGraphError(await call(`${id}/unknown_edge`, 'GET'), notFoundBody(id));
    }
  });

  it('answers POST, DELETE, PUT and PATCH with "Unsupported request - method type: <method>", with or without a token', async () => {
    const paths = ['me', 'v21.0/me', 'me/media', `${photo.id}`, `${album.id}/children`, 'me/unknown_edge', '17800000000000000', 'access_token', 'refresh_access_token', 'v21.0/refresh_access_token'];
    for (const method of ['POST', 'DELETE', 'PUT', 'PATCH']) {
      for (const path of paths) {
        assertGraphError(await call(path, method), unsupportedRequestBody(method.toLowerCase()));
        assertGraphError(await call(path, method, undefined), unsupportedRequestBody(method.toLowerCase()));
      }
    }
    // Nothing was written: the token still reads.
    assert.equal((await call('me', 'GET')).status, 200);
  });

  it('answers HEAD as GET, with the same status and headers and no body', async () => {
    for (const [path, accessToken] of [
      ['me', token],
      [`v21.0/${photo.id}`, token],
      ['me', 'garbage'],
      ['me/unknown_edge', token],
      ['17800000000000000', token],
    ] as const) {
      const get = await call(path, 'GET', accessToken);
      const head = await call(path, 'HEAD', accessToken);
      assert.equal(head.status, get.status, path);
      assert.equal(head.text, '', path);
      for (const name of ['content-type', 'content-length', 'access-control-allow-origin']) assert.equal(head.headers.get(name), get.headers.get(name), `${path} ${name}`);
      assert.match(head.headers.get('x-fb-trace-id') ?? '', /^[A-Za-z0-9_-]{20,23}$/, path);
    }
    assert.equal((await call('me', 'HEAD')).headers.get('content-type'), GRAPH_CONTENT_TYPE);
  });

  it('still answers the CORS preflight with 204', async () => {
    const response = await fetch(`${server.url}/graph/me/media`, { method: 'OPTIONS', headers: { origin: 'https://example.com', 'access-control-request-method': 'GET' } });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });
});
