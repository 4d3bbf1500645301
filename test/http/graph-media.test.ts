// The Media node over real HTTP: GET /graph/{media-id} for photos, videos, reels, albums and copyrighted
// media, with exact wire bodies; refusals for foreign, unknown and malformed ids, missing scope and
// unknown fields (spec §4.5, §5.2; DESIGN.md §5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Media } from '../../src/media/media-entity.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import {
  assertGraphError,
  at,
  buildTester,
  generateSampleFiles,
  GRAPH_CONTENT_TYPE,
  notFoundBody,
  PERMISSION_DENIED_BODY,
  type SampleFiles,
  unsupportedRequestBody,
} from '../support/graph-fixtures.ts';
import { graphGet, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const ALL_FIELDS = 'caption,id,is_shared_to_feed,media_type,media_url,permalink,thumbnail_url,timestamp,username';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A 200 whose body is exactly `expected`, in its key order and types; a RegExp stands for a string value
 * that must match it (signed URLs), the rest is compared as written.
 */
function assertBody(response: WireResponse, expected: Record<string, unknown>): void {
  assert.equal(response.status, 200, response.text);
  assert.equal(response.headers.get('content-type'), GRAPH_CONTENT_TYPE);
  const actual = JSON.parse(response.text) as Record<string, unknown>;
  const filled = Object.entries(expected).map(([key, value]) => {
    if (!(value instanceof RegExp)) return [key, value] as const;
    assert.equal(typeof actual[key], 'string', key);
    assert.match(actual[key] as string, value, key);
    return [key, actual[key]] as const;
  });
  assert.equal(response.text, JSON.stringify(Object.fromEntries(filled)));
}

describe('the Media node (GET /graph/{media-id})', () => {
  let server: TestServer;
  let world: TestWorld;
  let files: SampleFiles;
  let token: string;
  let photo: Media;
  let uncaptioned: Media;
  let video: Media;
  let reelOnly: Media;
  let reelInFeed: Media;
  let album: Media;
  let children: Media[];
  let flagged: Media;
  let foreign: Media;

  /** A signed URL on the cdn surface (spec §4.5): `m/` for media, `t/` for a video's poster. */
  const cdnUrl = (folder: 'm' | 't', id: string, extension: 'jpg' | 'mp4') =>
    new RegExp(`^${escapeRegExp(server.url)}/cdn/v/t51\\.2885-15/${folder}/${id}\\.${extension}\\?_nc_cat=1&_nc_sid=8ae9d6&oh=[0-9a-f]{32}&oe=[0-9A-F]{8}$`);
  const permalink = (media: Media) => `${server.url}/p/${media.shortcode}/`;
  const get = (id: string, fields?: string, accessToken = token) => graphGet(server.url, { path: id, fields, token: accessToken });

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
    files = await generateSampleFiles();
    token = (await issueToken(server.services, world)).accessToken;
    const post = (takenAt: number, fileList: Buffer[], extra: { caption?: string; reel?: { sharedToFeed: boolean } } = {}) =>
      server.services.media.createPost({ accountId: world.tester.id, files: fileList, takenAt, ...extra });
    photo = await post(at(0), [files.photo], { caption: 'Golden hour 🌅 at "the pier" #sunset' });
    uncaptioned = await post(at(60), [files.photo]);
    video = await post(at(120), [files.video], { caption: 'clip' });
    reelOnly = await post(at(180), [files.video], { caption: 'reels tab only', reel: { sharedToFeed: false } });
    reelInFeed = await post(at(240), [files.video], { reel: { sharedToFeed: true } });
    album = await post(at(300.5), [files.photo, files.video, files.photo], { caption: 'album' });
    children = await server.services.media.listChildren(album.id);
    flagged = await post(at(360), [files.photo], { caption: 'flagged' });
    await server.services.db.updateTable('media').set({ copyright_flagged: 1 }).where('id', '=', flagged.id).execute();
    foreign = await server.services.media.createPost({ accountId: world.stranger.id, files: [files.photo], caption: 'not yours', takenAt: at(0) });
  });
  after(() => server.close());

  it('answers only {"id":…} when no fields are asked', async () => {
    for (const media of [photo, video, reelOnly, album, children[1] as Media, flagged]) {
      const response = await get(media.id);
      assert.equal(response.status, 200);
      assert.equal(response.text, `{"id":"${media.id}"}`);
      assert.equal((await get(media.id, '')).text, `{"id":"${media.id}"}`);
    }
  });

  it('returns every field of a photo, omitting is_shared_to_feed and thumbnail_url', async () => {
    assertBody(await get(photo.id, ALL_FIELDS), {
      caption: 'Golden hour 🌅 at "the pier" #sunset',
      id: photo.id,
      media_type: 'IMAGE',
      media_url: cdnUrl('m', photo.id, 'jpg'),
      permalink: permalink(photo),
      timestamp: '2024-01-01T00:00:00+0000',
      username: world.tester.username,
    });
  });

  it('omits caption when the post has none', async () => {
    assertBody(await get(uncaptioned.id, 'caption,media_type,timestamp'), { media_type: 'IMAGE', timestamp: '2024-01-01T00:01:00+0000', id: uncaptioned.id });
  });

  it("returns a video's mp4 media_url and its poster as thumbnail_url, without is_shared_to_feed", async () => {
    assertBody(await get(video.id, ALL_FIELDS), {
      caption: 'clip',
      id: video.id,
      media_type: 'VIDEO',
      media_url: cdnUrl('m', video.id, 'mp4'),
      permalink: permalink(video),
      thumbnail_url: cdnUrl('t', video.id, 'jpg'),
      timestamp: '2024-01-01T00:02:00+0000',
      username: world.tester.username,
    });
  });

  it('returns is_shared_to_feed on reels only, as a boolean', async () => {
    assertBody(await get(reelOnly.id, 'is_shared_to_feed,media_type,caption'), { is_shared_to_feed: false, media_type: 'VIDEO', caption: 'reels tab only', id: reelOnly.id });
    assertBody(await get(reelInFeed.id, 'id,is_shared_to_feed,media_type,thumbnail_url'), {
      id: reelInFeed.id,
      is_shared_to_feed: true,
      media_type: 'VIDEO',
      thumbnail_url: cdnUrl('t', reelInFeed.id, 'jpg'),
    });
  });

  it("returns an album as CAROUSEL_ALBUM whose media_url is its first child's, without thumbnail_url", async () => {
    const first = children[0] as Media;
    const response = await get(album.id, `${ALL_FIELDS},children{media_url}`);
    const body = JSON.parse(response.text) as { media_url: string; children: { data: { media_url: string }[] } };
    assertBody(response, {
      caption: 'album',
      id: album.id,
      media_type: 'CAROUSEL_ALBUM',
      media_url: cdnUrl('m', first.id, 'jpg'),
      permalink: permalink(album),
      // Whole seconds: the 500 ms of takenAt are not written (spec §4.5).
      timestamp: '2024-01-01T00:05:00+0000',
      username: world.tester.username,
      children: body.children,
    });
    assert.equal(body.media_url, body.children.data[0]?.media_url);
  });

  it('returns the fields in the order asked, with id appended last when not asked', async () => {
    const cases: [string, string][] = [
      ['username,timestamp', `{"username":"${world.tester.username}","timestamp":"2024-01-01T00:00:00+0000","id":"${photo.id}"}`],
      ['timestamp,id,media_type', `{"timestamp":"2024-01-01T00:00:00+0000","id":"${photo.id}","media_type":"IMAGE"}`],
      ['media_type,media_type', `{"media_type":"IMAGE","id":"${photo.id}"}`],
      [' id , caption ', `{"id":"${photo.id}","caption":"Golden hour 🌅 at \\"the pier\\" #sunset"}`],
    ];
    for (const [fields, body] of cases) {
      const response = await get(photo.id, fields);
      assert.equal(response.status, 200, fields);
      assert.equal(response.text, body, fields);
    }
  });

  it('answers the spec §4.5 sample ?fields=id,media_type,media_url,username,timestamp with keys in exactly that order', async () => {
    const response = await get(photo.id, 'id,media_type,media_url,username,timestamp');
    assertBody(response, { id: photo.id, media_type: 'IMAGE', media_url: cdnUrl('m', photo.id, 'jpg'), username: world.tester.username, timestamp: '2024-01-01T00:00:00+0000' });
    assert.deepEqual(Object.keys(JSON.parse(response.text) as object), ['id', 'media_type', 'media_url', 'username', 'timestamp']);
  });

  it("signs an image's media_url for 96 hours, a video's for 24 and its thumbnail_url for 96, an album's as its first child's (rounded up to the hour)", async () => {
    const HOUR = 3_600_000;
    /** Each URL's `oe` less the full hour after signing (the expiry is rounded up to the hour). */
    const lifetimes = async (id: string, fields: string) => {
      const before = server.clock.now();
      const body = JSON.parse((await get(id, fields)).text) as Record<string, unknown>;
      const after = server.clock.now();
      return Object.fromEntries(
        fields.split(',').map((field) => {
          const expiresAt = parseInt(new URL(String(body[field])).searchParams.get('oe') ?? '', 16) * 1000;
          // The request may have straddled a full hour: either reading of the clock may be the signing one.
          const signedAt = [before, after].map((t) => Math.ceil(t / HOUR) * HOUR).find((hour) => (expiresAt - hour) % (24 * HOUR) === 0) ?? before;
          return [field, expiresAt - signedAt];
        }),
      );
    };
    assert.deepEqual(await lifetimes(photo.id, 'media_url'), { media_url: 96 * HOUR });
    assert.deepEqual(await lifetimes(video.id, 'media_url,thumbnail_url'), { media_url: 24 * HOUR, thumbnail_url: 96 * HOUR });
    // The album's first child is a photo; an album that opens with a video follows the video.
    assert.deepEqual(await lifetimes(album.id, 'media_url'), { media_url: 96 * HOUR });
    const videoFirst = await server.services.media.createPost({ accountId: world.tester.id, files: [files.video, files.photo], takenAt: at(400) });
    assert.deepEqual(await lifetimes(videoFirst.id, 'media_url'), { media_url: 24 * HOUR });
  });

  it('omits media_url and permalink of copyrighted media', async () => {
    assertBody(await get(flagged.id, ALL_FIELDS), { caption: 'flagged', id: flagged.id, media_type: 'IMAGE', timestamp: '2024-01-01T00:06:00+0000', username: world.tester.username });
  });

  it("answers code 100 subcode 33, echoing the id, for someone else's media, an unknown id and a non-numeric id", async () => {
    for (const id of [foreign.id, '17999999999999999', '1', 'abc', 'photo_1']) {
      for (const prefix of ['', 'v10.0/', 'v21.0/']) {
        assertGraphError(await get(`${prefix}${id}`, 'id,caption'), notFoundBody(id));
      }
    }
    assertGraphError(await get(`${foreign.id}/children`), notFoundBody(foreign.id));
    // An unknown edge of one's own media cannot be routed (graph-request-methods.test.ts).
    assertGraphError(await get(`${photo.id}/comments`), unsupportedRequestBody());
  });

  it('answers code 10 to a token without user_media, for the media node, /me/media, media_count and media{…}', async () => {
    const { accessToken } = await issueToken(server.services, world, { scopes: ['user_profile'] });
    assertGraphError(await get(photo.id, undefined, accessToken), PERMISSION_DENIED_BODY);
    assertGraphError(await get(photo.id, 'caption', accessToken), PERMISSION_DENIED_BODY);
    assertGraphError(await get(`${album.id}/children`, undefined, accessToken), PERMISSION_DENIED_BODY);
    assertGraphError(await get('me/media', undefined, accessToken), PERMISSION_DENIED_BODY);
    assertGraphError(await get('me', 'id,media_count', accessToken), PERMISSION_DENIED_BODY);
    assertGraphError(await get('me', 'media{caption}', accessToken), PERMISSION_DENIED_BODY);
    assertGraphError(await get('me', 'media.limit(5){id}', accessToken), PERMISSION_DENIED_BODY);
  });

  it('answers "Tried accessing nonexisting field (bogus) on node type (Media)" for an unknown media field', async () => {
    const body = '{"error":{"message":"Tried accessing nonexisting field (bogus) on node type (Media)","type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}';
    for (const [path, fields] of [
      [photo.id, 'bogus'],
      [photo.id, 'id,caption,bogus'],
      [album.id, 'children{media_url,bogus}'],
      [`${album.id}/children`, 'bogus'],
      ['me/media', 'id,bogus'],
      ['me', 'media{bogus}'],
    ] as const) {
      assertGraphError(await get(path, fields), body);
    }
    // User fields are not Media fields.
    const response = await get(photo.id, 'account_type');
    assert.match(response.text, /"Tried accessing nonexisting field \(account_type\) on node type \(Media\)"/);
  });
});

describe('the children edge (GET /graph/{album-id}/children, children{…})', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;
  let album: Media;
  let children: Media[];
  let single: Media;

  const get = (path: string, fields?: string) => graphGet(server.url, { path, fields, token });

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
    const files = await generateSampleFiles();
    token = (await issueToken(server.services, world)).accessToken;
    single = await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], caption: 'single', takenAt: at(0) });
    album = await server.services.media.createPost({ accountId: world.tester.id, files: [files.video, files.photo, files.photo], caption: 'three', takenAt: at(60) });
    children = await server.services.media.listChildren(album.id);
    // A second tester's album, so nothing here depends on being the only account.
    const other = await buildTester(server.services, world);
    await server.services.media.createPost({ accountId: other.id, files: [files.photo, files.photo], takenAt: at(30) });
  });
  after(() => server.close());

  it('lists the children as {"id"} items in album order, without paging', async () => {
    // spec §4.5: the captured children response has no paging
    // (https://github.com/sns-sdks/python-facebook/blob/master/testdata/instagram_basic/apidata/media/media_children.json).
    assert.equal(children.length, 3);
    const response = await get(`${album.id}/children`);
    assert.equal(response.status, 200);
    const data = children.map((child) => `{"id":"${child.id}"}`).join(',');
    assert.equal(response.text, `{"data":[${data}]}`);
    assert.equal((await get(`v21.0/${album.id}/children`)).text, response.text);
    assert.equal((await get(`${album.id}/children`, 'id,media_type')).text, `{"data":[${children.map((child, i) => `{"id":"${child.id}","media_type":"${i === 0 ? 'VIDEO' : 'IMAGE'}"}`).join(',')}]}`);
  });

  it('returns the asked fields of each child, never a caption, with a thumbnail_url for the video child', async () => {
    const response = await get(`${album.id}/children`, 'caption,id,media_type,media_url,permalink,thumbnail_url,timestamp,username');
    const body = JSON.parse(response.text) as { data: Record<string, unknown>[] };
    assert.deepEqual(
      body.data.map((item) => Object.keys(item)),
      [
        ['id', 'media_type', 'media_url', 'permalink', 'thumbnail_url', 'timestamp', 'username'],
        ['id', 'media_type', 'media_url', 'permalink', 'timestamp', 'username'],
        ['id', 'media_type', 'media_url', 'permalink', 'timestamp', 'username'],
      ],
    );
    assert.deepEqual(
      body.data.map((item) => [item.id, item.media_type, item.permalink, item.timestamp, item.username]),
      children.map((child, i) => [child.id, i === 0 ? 'VIDEO' : 'IMAGE', `${server.url}/p/${child.shortcode}/`, '2024-01-01T00:01:00+0000', world.tester.username]),
    );
    assert.match(String(body.data[0]?.media_url), new RegExp(`/cdn/v/t51\\.2885-15/m/${children[0]?.id}\\.mp4\\?`));
    assert.match(String(body.data[0]?.thumbnail_url), new RegExp(`/cdn/v/t51\\.2885-15/t/${children[0]?.id}\\.jpg\\?`));
    // A child read as a node has no caption either.
    assert.equal((await get(children[1]?.id ?? '', 'caption,media_type')).text, `{"media_type":"IMAGE","id":"${children[1]?.id}"}`);
  });

  it('nests children{media_type,media_url} inside the media node as {"data":[…]} without paging', async () => {
    const response = await get(album.id, 'media_type,children{media_type,media_url}');
    const body = JSON.parse(response.text) as { children: { data: { media_url: string }[] } };
    const urls = body.children.data.map((item) => item.media_url);
    const data = children.map((child, i) => ({ media_type: i === 0 ? 'VIDEO' : 'IMAGE', media_url: urls[i], id: child.id }));
    assert.equal(response.text, JSON.stringify({ media_type: 'CAROUSEL_ALBUM', children: { data }, id: album.id }));
    assert.deepEqual(Object.keys(body.children), ['data']);
  });

  it('nests children inside /me/media items, and omits children on items that are not albums', async () => {
    const response = await get('me/media', 'id,children{id}');
    const body = JSON.parse(response.text) as { data: unknown[] };
    assert.deepEqual(body.data, [{ id: album.id, children: { data: children.map((child) => ({ id: child.id })) } }, { id: single.id }]);
    assert.equal((await get(single.id, 'id,children')).text, `{"id":"${single.id}"}`);
    assert.equal((await get(children[0]?.id ?? '', 'children,media_type')).text, `{"media_type":"VIDEO","id":"${children[0]?.id}"}`);
  });

  it('answers children with ids only when no nested fields are given', async () => {
    const expected = JSON.stringify({ children: { data: children.map((child) => ({ id: child.id })) }, id: album.id });
    assert.equal((await get(album.id, 'children')).text, expected);
    assert.equal((await get(album.id, 'children{id}')).text, expected);
  });

  it('answers {"data":[]} for the children edge of a photo', async () => {
    const response = await get(`${single.id}/children`);
    assert.equal(response.status, 200);
    assert.equal(response.text, '{"data":[]}');
  });
});
