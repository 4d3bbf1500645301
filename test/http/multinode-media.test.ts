// Two igloo nodes on one PostgreSQL database, each with a data dir of its own, over real HTTP: media bytes
// live in the database (IGLOO_MEDIA_STORE's default there), so a photo or video posted on node A is served
// by node B's CDN, byte ranges included (across 1 MiB chunks too); a reset on A is a 404 on B; a snapshot exported from A and
// imported again brings the same bytes back on B. @see issue 9 point 3
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { samplePhoto, sampleVideo } from '../../src/media/sample-media.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { emptyDatabaseUrl, usePostgres } from '../support/databases.ts';
import { graphGet } from '../support/http-clients.ts';
import { postMultipart, signedIn } from '../support/instagram-web.ts';
import { exportSnapshot, importSnapshot } from '../support/snapshot-archives.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

usePostgres();

interface CdnAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** The CDN URL on `node` (media_url names the node that wrote it). */
const onNode = (url: string, node: TestServer): string => node.url + new URL(url).pathname + new URL(url).search;

async function getCdn(url: string, headers: Record<string, string> = {}): Promise<CdnAnswer> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe('media posted on one node, served by another on the same PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  let world: TestWorld;
  let token: string;
  before(async () => {
    const env = { IGLOO_DATABASE_URL: await emptyDatabaseUrl('postgres'), IGLOO_RATE_LIMIT_PER_HOUR: '100000' };
    a = await startTestServer(env);
    b = await startTestServer(env);
    world = await buildWorld(a.services);
    token = (await issueToken(a.services, world)).accessToken;
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  /** Shares one file through A's web form (/create/), as the account would. */
  const shareOnA = async (bytes: Buffer, name: string) => {
    const web = await signedIn(a.url, world.tester);
    const form = new FormData();
    form.append('_csrf', web.csrf(await web.get('/create/')));
    form.append('caption', name);
    form.append('media', new Blob([new Uint8Array(bytes)]), name);
    const shared = await postMultipart(web, `${a.url}/create/`, form);
    assert.equal(shared.status, 303, shared.text.slice(0, 500));
  };

  /** B's /me/media: each post's media_type, media_url and thumbnail_url, newest first. */
  const feedOnB = async () => {
    const response = await graphGet(b.url, { path: 'me/media', fields: 'media_type,media_url,thumbnail_url', token });
    assert.equal(response.status, 200, response.text);
    return (JSON.parse(response.text) as { data: { media_type: string; media_url: string; thumbnail_url?: string }[] }).data;
  };

  let photoUrl: string;
  let videoUrl: string;
  let posterUrl: string;

  it("serves on B's CDN the photo and video shared on A, the same bytes as A's CDN, with byte ranges", async () => {
    await shareOnA(await samplePhoto({ label: 'shared', hue: 120, width: 800, height: 600 }), 'photo.png');
    await shareOnA(await sampleVideo(), 'video.mp4');
    const [video, photo] = await feedOnB();
    assert.equal(photo?.media_type, 'IMAGE');
    assert.equal(video?.media_type, 'VIDEO');
    photoUrl = photo.media_url;
    videoUrl = video.media_url;
    posterUrl = video.thumbnail_url ?? '';
    assert.ok(photoUrl.startsWith(`${b.url}/cdn/`), photoUrl);

    for (const [url, type] of [[photoUrl, 'image/jpeg'], [videoUrl, 'video/mp4'], [posterUrl, 'image/jpeg']] as const) {
      const fromA = await getCdn(onNode(url, a));
      const fromB = await getCdn(url);
      assert.equal(fromA.status, 200, url);
      assert.equal(fromB.status, 200, url);
      assert.equal(fromB.headers.get('content-type'), type);
      assert.equal(fromB.headers.get('content-length'), String(fromA.body.length));
      assert.ok(fromB.body.equals(fromA.body), `the same bytes on both nodes: ${url}`);
      // Both nodes read the one row: the same ETag and Last-Modified.
      assert.equal(fromB.headers.get('etag'), fromA.headers.get('etag'));
      assert.equal(fromB.headers.get('last-modified'), fromA.headers.get('last-modified'));
      assert.equal((await getCdn(url, { 'if-none-match': fromA.headers.get('etag') ?? '' })).status, 304);

      const size = fromA.body.length;
      const range = await getCdn(url, { range: 'bytes=10-99' });
      assert.equal(range.status, 206);
      assert.equal(range.headers.get('content-range'), `bytes 10-99/${size}`);
      assert.equal(range.headers.get('content-length'), '90');
      assert.ok(range.body.equals(fromA.body.subarray(10, 100)));
      const tail = await getCdn(url, { range: 'bytes=-7' });
      assert.equal(tail.status, 206);
      assert.ok(tail.body.equals(fromA.body.subarray(size - 7)));
      const past = await getCdn(url, { range: `bytes=${size}-` });
      assert.equal(past.status, 416);
      assert.equal(past.headers.get('content-range'), `bytes */${size}`);
    }
  });

  it("serves on B a blob of several 1 MiB chunks that A stored, whole and in ranges across a chunk's edge", async () => {
    const MIB = 1024 * 1024;
    const bytes = randomBytes(2 * MIB + 123);
    await a.services.blobs.put('m/17000000000000001.mp4', bytes);
    const url = `${b.url}/cdn${b.services.cdn.sign('m/17000000000000001.mp4')}`;
    const whole = await getCdn(url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-length'), String(bytes.length));
    assert.ok(whole.body.equals(bytes));
    for (const [start, end] of [[MIB - 5, MIB + 4], [MIB, MIB], [0, 2 * MIB + 122], [2 * MIB - 1, 2 * MIB + 122]] as const) {
      const range = await getCdn(url, { range: `bytes=${start}-${end}` });
      assert.equal(range.status, 206);
      assert.equal(range.headers.get('content-range'), `bytes ${start}-${end}/${bytes.length}`);
      assert.ok(range.body.equals(bytes.subarray(start, end + 1)), `bytes ${start}-${end}`);
    }
  });

  it('answers 404 on B once A has reset the world, and serves the same bytes again once A imports its snapshot', async () => {
    const before = await getCdn(videoUrl);
    const exported = await exportSnapshot(a.url);
    assert.equal(exported.status, 200);

    const reset = await fetch(`${a.url}/_igloo/reset`, { method: 'POST' });
    assert.equal(reset.status, 200);
    for (const url of [photoUrl, videoUrl, posterUrl]) {
      const gone = await getCdn(url);
      assert.equal(gone.status, 404, url);
      assert.equal(gone.body.toString(), 'Not Found');
    }

    const imported = await importSnapshot(a.url, exported.archive);
    assert.equal(imported.status, 200, JSON.stringify(imported.json));
    const after = await getCdn(videoUrl);
    assert.equal(after.status, 200);
    assert.ok(after.body.equals(before.body));
    assert.equal((await getCdn(photoUrl)).status, 200);
  });
});
