// The media edge over real HTTP: GET /graph/me/media and /graph/{user-id}/media, the `media{…}` and
// `media.limit(n){…}` fields of the user node, limit, since/until, cursors, and the paging links with
// their versions and origins (spec §4.1, §4.4, §4.6; DESIGN.md §1, §5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Media } from '../../src/media/media-entity.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { assertGraphError, at, buildTester, generateSampleFiles, insertMediaRows, invalidParameterBody, notFoundBody, sendWithHost } from '../support/graph-fixtures.ts';
import { graphGet, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface PagingBody {
  data: Record<string, unknown>[];
  paging?: { cursors: { before: string; after: string }; previous?: string; next?: string };
}

const LIMIT_ERROR = invalidParameterBody('(#100) The parameter limit must be a positive integer');
const parse = (response: WireResponse | { text: string }) => JSON.parse(response.text) as PagingBody;
const idsOf = (body: PagingBody) => body.data.map((item) => item.id);

/** What a paging link must be (spec §4.6): the caller's query in its order, then limit and the cursor. */
function expectedLink(edgeUrl: string, query: [string, string][], limit: number, cursor: ['after' | 'before', string]): string {
  const params = new URLSearchParams(query.filter(([name]) => !['limit', 'after', 'before'].includes(name)));
  params.append('limit', String(limit));
  params.append(...cursor);
  return `${edgeUrl}?${params.toString()}`;
}

describe('the media edge (GET /graph/me/media, /graph/{user-id}/media, media{…})', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;
  let asid: string;
  /** The tester's five posts, newest first: captions "post 4" … "post 0", one minute apart. */
  let posts: Media[];
  /** A tester with 130 media, for the limit rules, and their Instagram user id. */
  let manyToken: string;
  let manyId: string;

  const get = (path: string, query: Record<string, string> = {}, accessToken = token) => graphGet(server.url, { path, token: accessToken, query });
  /** A GET with the query exactly as written, so tests control the parameter order. */
  const fetchWire = async (url: string): Promise<WireResponse> => {
    const response = await fetch(url);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const getRaw = (pathAndQuery: string) => fetchWire(`${server.url}/graph/${pathAndQuery}`);
  const follow = (url: string | undefined): Promise<WireResponse> => fetchWire(url ?? assert.fail('no paging link'));

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
    const files = await generateSampleFiles();
    ({ accessToken: token, userId: asid } = await issueToken(server.services, world));
    const created: Media[] = [];
    for (let i = 0; i < 5; i++) created.push(await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], caption: `post ${i}`, takenAt: at(60 * i) }));
    posts = created.reverse();

    const many = await buildTester(server.services, world);
    manyToken = (await issueToken(server.services, world, { account: many })).accessToken;
    manyId = many.id;
    const template = await server.services.media.createPost({ accountId: many.id, files: [files.photo], takenAt: at(0) });
    const rows = Array.from({ length: 129 }, (_, i) => ({ id: `17${String(100_000_000_000_000 + i)}`, takenAt: at(1 + i) }));
    await insertMediaRows(server.services, many.id, template, rows);
  });
  after(() => server.close());

  it('lists {"id"} items newest first with cursors and no links when everything fits one page', async () => {
    const response = await get('me/media');
    assert.equal(response.status, 200);
    const { paging } = parse(response);
    assert.ok(paging);
    assert.match(paging.cursors.before, /^QVFI[A-Za-z0-9_-]+$/);
    const data = posts.map((post) => `{"id":"${post.id}"}`).join(',');
    assert.equal(response.text, `{"data":[${data}],"paging":{"cursors":{"before":"${paging.cursors.before}","after":"${paging.cursors.after}"}}}`);
  });

  it('serves the same list at /{user-id}/media for the app-scoped id and the raw id, on every version', async () => {
    const expected = idsOf(parse(await get('me/media')));
    for (const prefix of ['', 'v10.0/', 'v21.0/']) {
      for (const node of ['me', asid, world.tester.id]) {
        const response = await get(`${prefix}${node}/media`, { fields: 'id' });
        assert.equal(response.status, 200, `${prefix}${node}`);
        assert.deepEqual(idsOf(parse(response)), expected, `${prefix}${node}`);
      }
    }
  });

  it("answers code 100 subcode 33 for another user's media edge, by raw id or app-scoped id", async () => {
    const other = await buildTester(server.services, world);
    const { userId: otherAsid } = await issueToken(server.services, world, { account: other });
    for (const id of [other.id, otherAsid, world.stranger.id]) {
      assertGraphError(await get(`${id}/media`), notFoundBody(id));
      assertGraphError(await get(`v21.0/${id}/media`), notFoundBody(id));
    }
  });

  it('returns the asked fields of each item, in the order asked, id last when not asked', async () => {
    const body = parse(await get('me/media', { fields: 'caption,timestamp', limit: '2' }));
    assert.deepEqual(body.data, [
      { caption: 'post 4', timestamp: '2024-01-01T00:04:00+0000', id: posts[0]?.id },
      { caption: 'post 3', timestamp: '2024-01-01T00:03:00+0000', id: posts[1]?.id },
    ]);
    assert.deepEqual(Object.keys(body.data[0] ?? {}), ['caption', 'timestamp', 'id']);
  });

  it('pages 25 items by default and clamps limit to 100', async () => {
    const firstPage = parse(await get('me/media', {}, manyToken));
    assert.equal(firstPage.data.length, 25);
    assert.match(firstPage.paging?.next ?? '', /&limit=25&after=/);
    for (const limit of ['100', '101', '500', '999999999']) {
      const page = parse(await get('me/media', { limit }, manyToken));
      assert.equal(page.data.length, 100, limit);
      assert.match(page.paging?.next ?? '', /&limit=100&after=/, limit);
    }
    assert.equal(parse(await get('me/media', { limit: '1' }, manyToken)).data.length, 1);
  });

  it('answers code 100 for a limit of 0, -1, abc or 1.5, as a parameter and as a modifier', async () => {
    for (const limit of ['0', '-1', 'abc', '1.5', '1e2']) {
      assertGraphError(await get('me/media', { limit }), LIMIT_ERROR);
      assertGraphError(await get('me', { fields: `media.limit(${limit}){id}` }), LIMIT_ERROR);
    }
  });

  it('nests media{caption,media_url} in the user node as {"data","paging"}', async () => {
    const response = await get('me', { fields: 'media{caption,media_url}' });
    const body = JSON.parse(response.text) as { media: PagingBody; id: string };
    assert.deepEqual(Object.keys(body), ['media', 'id']);
    assert.equal(body.id, asid);
    assert.deepEqual(Object.keys(body.media), ['data', 'paging']);
    assert.deepEqual(Object.keys(body.media.paging ?? {}), ['cursors']);
    assert.deepEqual(
      body.media.data.map((item) => [Object.keys(item), item.caption, item.id]),
      posts.map((post, i) => [['caption', 'media_url', 'id'], `post ${4 - i}`, post.id]),
    );
    for (const [i, item] of body.media.data.entries()) assert.match(String(item.media_url), new RegExp(`/cdn/v/t51\\.2885-15/m/${posts[i]?.id}\\.jpg\\?`));
  });

  it('gives media.limit(n){id,caption} a next link to /{user-id}/media with the token, the nested fields and the limit', async () => {
    const response = await getRaw(`me?fields=media.limit(2){id,caption},username&access_token=${token}`);
    const body = JSON.parse(response.text) as { media: PagingBody; username: string; id: string };
    assert.deepEqual(Object.keys(body), ['media', 'username', 'id']);
    assert.deepEqual(body.media.data, [
      { id: posts[0]?.id, caption: 'post 4' },
      { id: posts[1]?.id, caption: 'post 3' },
    ]);
    const cursors = body.media.paging?.cursors;
    assert.ok(cursors);
    assert.deepEqual(body.media.paging, {
      cursors,
      next: `${server.url}/graph/v21.0/${world.tester.id}/media?access_token=${token}&fields=id%2Ccaption&limit=2&after=${cursors.after}`,
    });
    const next = parse(await follow(body.media.paging?.next));
    assert.deepEqual(next.data, [
      { id: posts[2]?.id, caption: 'post 2' },
      { id: posts[3]?.id, caption: 'post 1' },
    ]);
    assert.ok(next.paging?.previous && next.paging.next);

    // media.limit(5){id,caption} for the tester with 130 media: five items, then the same kind of link.
    const many = await graphGet(server.url, { path: 'me', fields: 'media.limit(5){id,caption}', token: manyToken });
    const { media } = JSON.parse(many.text) as { media: PagingBody };
    assert.equal(media.data.length, 5);
    assert.deepEqual(Object.keys(media.data[0] ?? {}), ['id', 'caption']);
    assert.equal(media.paging?.next, `${server.url}/graph/v21.0/${manyId}/media?access_token=${manyToken}&fields=id%2Ccaption&limit=5&after=${media.paging?.cursors.after}`);
    assert.equal(parse(await follow(media.paging?.next)).data.length, 5);
  });

  it('writes paging links with the version the client called, else v21.0, and the Instagram user id, whatever id the client used', async () => {
    // As captured from 2020 to 2024: /me/media unversioned in 2021 paged to /v11.0/17841403815449847/media (the
    // user_id of the code exchange), /v15.0/me/media in 2022 to /v15.0/17841444369274941/media
    // (https://github.com/bk-rs/instagram-apis-rs, tests/response_body_files/user_medias_ok__limit_1.json).
    const raw = world.tester.id;
    const cases: [string, string, string][] = [
      ['v10.0/', 'me', `${server.url}/graph/v10.0/${raw}/media`],
      ['v15.0/', 'me', `${server.url}/graph/v15.0/${raw}/media`],
      ['v21.0/', 'me', `${server.url}/graph/v21.0/${raw}/media`],
      ['', 'me', `${server.url}/graph/v21.0/${raw}/media`],
      ['', asid, `${server.url}/graph/v21.0/${raw}/media`],
      ['v21.0/', raw, `${server.url}/graph/v21.0/${raw}/media`],
    ];
    for (const [prefix, node, edgeUrl] of cases) {
      const label = `${prefix}${node}`;
      const top = parse(await getRaw(`${prefix}${node}/media?limit=2&access_token=${token}`));
      assert.equal(top.paging?.next, `${edgeUrl}?access_token=${token}&limit=2&after=${top.paging?.cursors.after}`, label);
      const nested = JSON.parse((await getRaw(`${prefix}${node}?fields=media.limit(2)&access_token=${token}`)).text) as { media: PagingBody };
      assert.equal(nested.media.paging?.next, `${edgeUrl}?access_token=${token}&limit=2&after=${nested.media.paging?.cursors.after}`, label);
      const second = parse(await follow(top.paging?.next));
      assert.equal(second.paging?.previous, `${edgeUrl}?access_token=${token}&limit=2&before=${second.paging?.cursors.before}`, label);
    }
  });

  it('keeps paging links on the origin the client used, including Host: graph.instagram.com in drop-in mode', async () => {
    const port = new URL(server.url).port;
    const cases: [string, Record<string, string>, string][] = [
      ['graph.instagram.com', {}, 'http://graph.instagram.com'],
      [`graph.instagram.com:${port}`, {}, `http://graph.instagram.com:${port}`],
      ['graph.instagram.com', { 'x-forwarded-proto': 'https' }, 'https://graph.instagram.com'],
    ];
    for (const [host, headers, origin] of cases) {
      const response = await sendWithHost(server.url, { host, headers, path: `/v21.0/me/media?fields=media_url,permalink&limit=1&access_token=${token}` });
      assert.equal(response.status, 200, response.text);
      const body = parse(response);
      assert.equal(body.paging?.next, `${origin}/v21.0/${world.tester.id}/media?fields=media_url%2Cpermalink&access_token=${token}&limit=1&after=${body.paging?.cursors.after}`);
      const cdnOrigin = origin.replace('graph.instagram.com', 'scontent.cdninstagram.com');
      assert.ok(String(body.data[0]?.media_url).startsWith(`${cdnOrigin}/v/t51.2885-15/m/${posts[0]?.id}.jpg?`), String(body.data[0]?.media_url));
      assert.equal(body.data[0]?.permalink, `${origin.replace('graph.', 'www.')}/p/${posts[0]?.shortcode}/`);
    }
    const local = parse(await sendWithHost(server.url, { host: `localhost:${port}`, path: `/graph/me/media?limit=1&access_token=${token}` }));
    assert.ok(local.paging?.next?.startsWith(`http://localhost:${port}/graph/v21.0/${world.tester.id}/media?`), local.paging?.next);
  });

  it("repeats the caller's whole query in next and previous: access_token, pretty=1, fields, since", async () => {
    const since = String(at(0) / 1000);
    const query: [string, string][] = [
      ['pretty', '1'],
      ['fields', 'id,caption,children{media_url}'],
      ['since', since],
      ['access_token', token],
      ['limit', '2'],
    ];
    const first = parse(await getRaw(`v21.0/me/media?${new URLSearchParams(query).toString()}`));
    const edgeUrl = `${server.url}/graph/v21.0/${world.tester.id}/media`;
    const next = first.paging?.next;
    assert.equal(next, expectedLink(edgeUrl, query, 2, ['after', first.paging?.cursors.after ?? '']));
    assert.equal(
      next,
      `${edgeUrl}?pretty=1&fields=id%2Ccaption%2Cchildren%7Bmedia_url%7D&since=${since}&access_token=${token}&limit=2&after=${first.paging?.cursors.after}`,
    );
    const secondResponse = await follow(next);
    assert.match(secondResponse.text, /^\{\n {2}"data": \[/);
    const second = parse(secondResponse);
    assert.deepEqual(idsOf(second), [posts[2]?.id, posts[3]?.id]);
    assert.equal(second.paging?.previous, expectedLink(edgeUrl, query, 2, ['before', second.paging?.cursors.before ?? '']));
    assert.deepEqual(idsOf(parse(await follow(second.paging?.previous))), [posts[0]?.id, posts[1]?.id]);
  });

  it('leaves a token sent as Authorization: Bearer out of the paging links', async () => {
    const response = await graphGet(server.url, { path: 'me/media', token, bearer: true, query: { limit: '2', fields: 'id' } });
    const body = parse(response);
    // The client sent limit=2&fields=id: limit moves behind the repeated parameters, as in every link.
    assert.equal(body.paging?.next, `${server.url}/graph/v21.0/${world.tester.id}/media?fields=id&limit=2&after=${body.paging?.cursors.after}`);
    assert.doesNotMatch(response.text, /access_token/);
    const nested = await graphGet(server.url, { path: 'me', token, bearer: true, query: { fields: 'media.limit(1){id}' } });
    assert.doesNotMatch(nested.text, /access_token/);
  });

  it('answers code 100 for a garbage after or before cursor', async () => {
    for (const [name, value] of [
      ['after', 'garbage'],
      ['before', 'garbage'],
      ['after', 'QVFIbHF1'],
      ['before', Buffer.from('AQHzz.notanid').toString('base64url')],
    ] as const) {
      assertGraphError(await get('me/media', { [name]: value }), invalidParameterBody(`(#100) The ${name} cursor is invalid`));
    }
  });

  it('filters by since and until, as Unix seconds or date strings, both inclusive', async () => {
    const captions = (response: WireResponse) => parse(response).data.map((item) => item.caption);
    const seconds = (ms: number) => String(ms / 1000);
    assert.deepEqual(captions(await get('me/media', { fields: 'caption', since: seconds(at(60)), until: seconds(at(180)) })), ['post 3', 'post 2', 'post 1']);
    assert.deepEqual(captions(await get('me/media', { fields: 'caption', since: '2024-01-01T00:01:00Z', until: '2024-01-01T00:03:00Z' })), ['post 3', 'post 2', 'post 1']);
    assert.deepEqual(captions(await get('me/media', { fields: 'caption', since: seconds(at(181)) })), ['post 4']);
    assert.deepEqual(captions(await get('me/media', { fields: 'caption', until: seconds(at(59)) })), ['post 0']);
    assert.deepEqual(captions(await get('me/media', { fields: 'caption', since: '2024-01-01', until: '2024-01-02' })), ['post 4', 'post 3', 'post 2', 'post 1', 'post 0']);
    assert.equal((await get('me/media', { since: seconds(at(3600)) })).text, '{"data":[]}');
    assertGraphError(await get('me/media', { since: 'whenever' }), invalidParameterBody('(#100) The parameter since must be a Unix timestamp or a date'));
    assertGraphError(await get('me/media', { until: 'later' }), invalidParameterBody('(#100) The parameter until must be a Unix timestamp or a date'));
  });

  it('answers 200 {"data":[]} for a page past the end (after=<last cursor>)', async () => {
    const last = parse(await get('me/media', { limit: '5' }));
    assert.equal(last.paging?.next, undefined);
    const past = await get('me/media', { limit: '5', after: last.paging?.cursors.after ?? '' });
    assert.equal(past.status, 200);
    assert.equal(past.text, '{"data":[]}');
    const before = await get('me/media', { before: last.paging?.cursors.before ?? '' });
    assert.equal(before.text, '{"data":[]}');
  });

  it('answers {"data":[]} for an account without media, at the edge and nested', async () => {
    const empty = await buildTester(server.services, world);
    const { accessToken, userId } = await issueToken(server.services, world, { account: empty });
    const edge = await get('me/media', { fields: 'id,caption' }, accessToken);
    assert.equal(edge.status, 200);
    assert.equal(edge.text, '{"data":[]}');
    assert.equal((await get('me', { fields: 'media_count,media{caption}' }, accessToken)).text, `{"media_count":0,"media":{"data":[]},"id":"${userId}"}`);
  });
});
