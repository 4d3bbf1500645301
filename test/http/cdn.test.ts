// The media CDN over real HTTP: the signed media_url and thumbnail_url the Graph API hands out serve the
// bytes with caching headers and byte ranges; a tampered URL answers "Bad URL hash", an expired one "URL
// signature expired" (spec §4.5; DESIGN.md §1, §6).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Media } from '../../src/media/media-entity.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { at, generateSampleFiles, sendWithHost, type SampleFiles } from '../support/graph-fixtures.ts';
import { graphGet } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const HOUR = 3_600_000;

interface CdnResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** A GET (or HEAD) of a CDN URL on a connection of its own (see sendWithHost). */
async function fetchCdn(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<CdnResponse> {
  const { origin, host, pathname, search } = new URL(url);
  const response = await sendWithHost(origin, { host, path: pathname + search, ...init });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return { status: response.status, headers, body: response.body };
}

/** The refusal of a URL: plain text, never cached. */
function assertRefused(response: CdnResponse, status: number, text: string): void {
  assert.equal(response.status, status);
  assert.equal(response.body.toString('utf8'), text);
  assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(response.headers.get('cache-control'), 'no-store');
}

/**
 * Moves the virtual clock to a second past a full hour, so that everything signed in the next 59 minutes
 * expires a whole number of hours after the following one; returns that hour.
 */
function startJustAfterAnHour(server: TestServer): number {
  const now = server.clock.now();
  server.clock.advance(Math.ceil(now / HOUR) * HOUR - now + 1000);
  return Math.ceil(server.clock.now() / HOUR) * HOUR;
}

/** A URL with one query parameter replaced. */
const withParam = (url: string, name: string, value: string) => {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
};

// The same answers whichever store keeps the bytes: files, or the database's chunks (issue 9 point 3).
for (const mediaStore of ['files', 'database'] as const) {
  describe(`the media CDN (/cdn/v/t51.2885-15/…), media kept in ${mediaStore}`, () => {
    let server: TestServer;
    let world: TestWorld;
    let files: SampleFiles;
    let token: string;
    let photo: Media;
    let video: Media;
    let photoUrl: string;
    let videoUrl: string;
    let posterUrl: string;
    let photoBytes: Buffer;
    /** The full hour after the URLs above were signed: their expiries count from it. */
    let signedAt: number;

    /** media_url and thumbnail_url as the Graph API writes them. */
    const graphUrls = async (id: string, accessToken = token) => {
      const response = await graphGet(server.url, { path: id, fields: 'media_url,thumbnail_url', token: accessToken });
      assert.equal(response.status, 200, response.text);
      return JSON.parse(response.text) as { media_url: string; thumbnail_url?: string };
    };

    before(async () => {
      server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000', IGLOO_MEDIA_STORE: mediaStore });
      signedAt = startJustAfterAnHour(server);
      world = await buildWorld(server.services);
      files = await generateSampleFiles();
      token = (await issueToken(server.services, world)).accessToken;
      photo = await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], takenAt: at(0) });
      video = await server.services.media.createPost({ accountId: world.tester.id, files: [files.video], takenAt: at(60) });
      photoUrl = (await graphUrls(photo.id)).media_url;
      ({ media_url: videoUrl, thumbnail_url: posterUrl = '' } = await graphUrls(video.id));
      photoBytes = (await fetchCdn(photoUrl)).body;
    });
    after(() => server.close());

    it('serves a photo as image/jpeg with Content-Length, ETag, Last-Modified, Cache-Control and Accept-Ranges', async () => {
      const response = await fetchCdn(photoUrl);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/jpeg');
      assert.deepEqual([...response.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      assert.equal(response.headers.get('content-length'), String(response.body.length));
      assert.match(response.headers.get('etag') ?? '', /^"[0-9a-f]+-[0-9a-f]+"$/);
      assert.ok(Number.isFinite(Date.parse(response.headers.get('last-modified') ?? '')), 'Last-Modified is an HTTP date');
      assert.equal(response.headers.get('accept-ranges'), 'bytes');
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      // Cacheable for as long as the URL stays valid.
      const remaining = (parseInt(new URL(photoUrl).searchParams.get('oe') ?? '', 16) * 1000 - server.clock.now()) / 1000;
      const maxAge = Number(/^max-age=(\d+), no-transform$/.exec(response.headers.get('cache-control') ?? '')?.[1]);
      assert.ok(Math.abs(maxAge - remaining) <= 2, `max-age ${maxAge}, remaining ${remaining}`);
      assert.ok(maxAge >= 96 * 3600, String(maxAge));
    });

    it("serves a video as video/mp4 and a video's thumbnail_url as a JPEG", async () => {
      const mp4 = await fetchCdn(videoUrl);
      assert.equal(mp4.status, 200);
      assert.equal(mp4.headers.get('content-type'), 'video/mp4');
      assert.equal(mp4.body.subarray(4, 8).toString('latin1'), 'ftyp');
      assert.equal(mp4.headers.get('content-length'), String(mp4.body.length));
      assert.match(posterUrl, new RegExp(`/cdn/v/t51\\.2885-15/t/${video.id}\\.jpg\\?`));
      const poster = await fetchCdn(posterUrl);
      assert.equal(poster.status, 200);
      assert.equal(poster.headers.get('content-type'), 'image/jpeg');
      assert.deepEqual([...poster.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    });

    it('answers 304 to If-None-Match with the current ETag, and 200 to another', async () => {
      const etag = (await fetchCdn(photoUrl)).headers.get('etag') ?? '';
      const notModified = await fetchCdn(photoUrl, { headers: { 'if-none-match': etag } });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.body.length, 0);
      assert.equal(notModified.headers.get('etag'), etag);
      assert.equal((await fetchCdn(photoUrl, { headers: { 'if-none-match': '"other"' } })).status, 200);
    });

    it('serves byte ranges: first bytes, open-ended, suffix, and past the end clipped to the size', async () => {
      const size = photoBytes.length;
      const cases: [string, number, number][] = [
        ['bytes=0-9', 0, 9],
        ['bytes=10-', 10, size - 1],
        ['bytes=-5', size - 5, size - 1],
        [`bytes=${size - 1}-${size + 100}`, size - 1, size - 1],
      ];
      for (const [range, start, end] of cases) {
        const response = await fetchCdn(photoUrl, { headers: { range } });
        assert.equal(response.status, 206, range);
        assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/${size}`, range);
        assert.equal(response.headers.get('content-length'), String(end - start + 1), range);
        assert.deepEqual(response.body, photoBytes.subarray(start, end + 1), range);
      }
      const videoRange = await fetchCdn(videoUrl, { headers: { range: 'bytes=0-9' } });
      assert.equal(videoRange.status, 206);
      assert.equal(videoRange.body.length, 10);
      assert.equal(videoRange.headers.get('content-type'), 'video/mp4');
    });

    it('answers 416 with Content-Range "bytes */<size>" to an unsatisfiable range', async () => {
      for (const range of [`bytes=${photoBytes.length}-`, 'bytes=999999-1000000', 'bytes=-0']) {
        const response = await fetchCdn(photoUrl, { headers: { range } });
        assert.equal(response.status, 416, range);
        assert.equal(response.headers.get('content-range'), `bytes */${photoBytes.length}`, range);
        assert.equal(response.body.length, 0, range);
      }
    });

    it('serves the whole file for several ranges or a malformed one (RFC 9110 §14.2)', async () => {
      for (const range of ['bytes=0-1,3-4', 'bytes=9-3', 'bytes=abc', 'items=0-9']) {
        const response = await fetchCdn(photoUrl, { headers: { range } });
        assert.equal(response.status, 200, range);
        assert.equal(response.headers.get('content-range'), null, range);
        assert.deepEqual(response.body, photoBytes, range);
      }
    });

    it('answers HEAD with the headers only', async () => {
      const response = await fetchCdn(photoUrl, { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(response.body.length, 0);
      assert.equal(response.headers.get('content-type'), 'image/jpeg');
      assert.equal(response.headers.get('content-length'), String(photoBytes.length));
      assert.ok(response.headers.get('etag'));
    });

    it('answers 403 "Bad URL hash" when oh, oe or the path was changed, or a parameter is missing', async () => {
      const oh = new URL(photoUrl).searchParams.get('oh') ?? '';
      const oe = new URL(photoUrl).searchParams.get('oe') ?? '';
      const tampered = [
        withParam(photoUrl, 'oh', `${oh.slice(0, -1)}${oh.endsWith('0') ? '1' : '0'}`),
        withParam(photoUrl, 'oe', (parseInt(oe, 16) + 3600).toString(16).toUpperCase()),
        withParam(photoUrl, 'oe', oe.toLowerCase() === oe ? `${oe}0` : oe.toLowerCase()),
        photoUrl.replace(`/m/${photo.id}.jpg`, `/m/${video.id}.jpg`),
        photoUrl.replace(`/m/${photo.id}.jpg`, `/t/${photo.id}.jpg`),
        photoUrl.replace(/&oh=[0-9a-f]+/, ''),
        photoUrl.replace(/&oe=[0-9A-F]+/, ''),
      ];
      for (const url of tampered) assertRefused(await fetchCdn(url), 403, 'Bad URL hash');
    });

    it('answers 404 for a path outside /cdn/v/t51.2885-15/ or a signed key with no bytes', async () => {
      const query = new URL(photoUrl).search;
      for (const path of [`/cdn/m/${photo.id}.jpg${query}`, `/cdn/v/t51.2885-16/m/${photo.id}.jpg${query}`, '/cdn/', `/cdn/v/${query}`]) {
        assertRefused(await fetchCdn(server.url + path), 404, 'Not Found');
      }
      assertRefused(await fetchCdn(`${server.url}/cdn${server.services.cdn.sign('m/17000000000000000.jpg')}`), 404, 'Not Found');
    });

    it('serves the same path at the root of the CDN host names in drop-in mode, as the Graph API writes it there', async () => {
      const { pathname, search } = new URL(photoUrl);
      const rootPath = pathname.slice('/cdn'.length) + search;
      for (const host of ['scontent.cdninstagram.com', 'video.cdninstagram.com', 'scontent.xx.fbcdn.net']) {
        const response = await sendWithHost(server.url, { host, path: rootPath });
        assert.equal(response.status, 200, host);
        assert.equal(response.headers['content-type'], 'image/jpeg');
        assert.deepEqual(response.body, photoBytes);
      }
      const viaGraph = await sendWithHost(server.url, { host: 'graph.instagram.com', path: `/${photo.id}?fields=media_url&access_token=${token}` });
      const dropInUrl = new URL((JSON.parse(viaGraph.text) as { media_url: string }).media_url);
      assert.equal(dropInUrl.origin, 'http://scontent.cdninstagram.com');
      const served = await sendWithHost(server.url, { host: dropInUrl.host, path: dropInUrl.pathname + dropInUrl.search });
      assert.equal(served.status, 200);
      assert.deepEqual(served.body, photoBytes);
    });

    // Last: it moves the clock four days on.
    it("answers 403 \"URL signature expired\" once a video's 24 hours or an image's 96 hours have passed, while a new URL works", async () => {
      const expiryOf = (url: string) => parseInt(new URL(url).searchParams.get('oe') ?? '', 16) * 1000;
      // Rounded up to the hour: a URL lives its lifetime from the next full hour.
      assert.equal(expiryOf(videoUrl), signedAt + 24 * HOUR);
      assert.equal(expiryOf(photoUrl), signedAt + 96 * HOUR);
      assert.equal(expiryOf(posterUrl), signedAt + 96 * HOUR);
      server.clock.advance(expiryOf(videoUrl) - server.clock.now() - 60_000);
      assert.equal((await fetchCdn(videoUrl)).status, 200);
      server.clock.advance(60_000);
      assertRefused(await fetchCdn(videoUrl), 403, 'URL signature expired');
      // At 95 hours the image and the video's poster still work.
      server.clock.advance(signedAt + 95 * HOUR - server.clock.now());
      assert.equal((await fetchCdn(photoUrl)).status, 200);
      assert.equal((await fetchCdn(posterUrl)).status, 200);
      server.clock.advance(HOUR);
      assertRefused(await fetchCdn(photoUrl), 403, 'URL signature expired');
      assertRefused(await fetchCdn(posterUrl), 403, 'URL signature expired');
      // A tampered and expired URL is a bad hash first.
      assertRefused(await fetchCdn(withParam(photoUrl, 'oh', '0'.repeat(32))), 403, 'Bad URL hash');
      const fresh = await graphUrls(photo.id, (await issueToken(server.services, world)).accessToken);
      assert.notEqual(fresh.media_url, photoUrl);
      assert.equal((await fetchCdn(fresh.media_url)).status, 200);
    });
  });
}

describe('the media CDN with IGLOO_CDN_IMAGE_URL_TTL_HOURS=3 and IGLOO_CDN_VIDEO_URL_TTL_HOURS=2', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ IGLOO_CDN_IMAGE_URL_TTL_HOURS: '3', IGLOO_CDN_VIDEO_URL_TTL_HOURS: '2' });
  });
  after(() => server.close());

  it('signs images for 3 hours and videos for 2, rounded up to the hour, and refuses them after', async () => {
    const signedAt = startJustAfterAnHour(server);
    const world = await buildWorld(server.services);
    const files = await generateSampleFiles();
    const photo = await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo] });
    const video = await server.services.media.createPost({ accountId: world.tester.id, files: [files.video] });
    const { accessToken } = await issueToken(server.services, world);
    const mediaUrl = async (id: string) => (JSON.parse((await graphGet(server.url, { path: id, fields: 'media_url', token: accessToken })).text) as { media_url: string }).media_url;
    const photoUrl = await mediaUrl(photo.id);
    const videoUrl = await mediaUrl(video.id);
    const expiryOf = (url: string) => parseInt(new URL(url).searchParams.get('oe') ?? '', 16) * 1000;
    assert.equal(expiryOf(photoUrl), signedAt + 3 * HOUR);
    assert.equal(expiryOf(videoUrl), signedAt + 2 * HOUR);
    server.clock.advance(signedAt + 2 * HOUR - server.clock.now());
    assertRefused(await fetchCdn(videoUrl), 403, 'URL signature expired');
    assert.equal((await fetchCdn(photoUrl)).status, 200);
    server.clock.advance(HOUR);
    assertRefused(await fetchCdn(photoUrl), 403, 'URL signature expired');
  });
});
