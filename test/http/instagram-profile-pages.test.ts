// A profile's and a post's addresses over real HTTP: Instagram's 404 page for what does not exist, the
// canonical /{username}/ and the media bytes behind the pages (type, length, caching, ETag, ranges).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sampleVideo } from '../../src/media/sample-media.ts';
import { buildAccount, type TestAccount } from '../support/builders.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('profile, permalink and media addresses', () => {
  let server: TestServer;
  let account: TestAccount;
  let shortcode: string;

  before(async () => {
    server = await startTestServer();
    account = await buildAccount(server.services);
    const post = await server.services.media.createPost({ accountId: account.id, caption: 'hello', files: [await sampleVideo()] });
    shortcode = post.shortcode;
  });
  after(() => server.close());

  it('answers 404 with Instagram’s words for an unknown profile, post or media item', async () => {
    for (const path of ['/nobody_by_this_name/', '/p/AAAAAAAAAAA/', '/p/AAAAAAAAAAA/extra', `/media/${shortcode}/1`, `/media/${shortcode}/x`, `/media/${shortcode}/123`, '/media/nope/0/thumbnail']) {
      const response = await fetch(server.url + path);
      assert.equal(response.status, 404, path);
      assert.match(await response.text(), /Sorry, this page isn&#39;t available\./, path);
    }
  });

  it('redirects /{username} to /{username}/', async () => {
    const response = await fetch(`${server.url}/${account.username.toUpperCase()}`, { redirect: 'manual' });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), `/${account.username}/`);
  });

  it('serves media with its type, length, validators and an hour of caching, and 304 when unchanged', async () => {
    const first = await fetch(`${server.url}/media/${shortcode}/0`);
    const body = Buffer.from(await first.arrayBuffer());
    assert.equal(first.headers.get('content-type'), 'video/mp4');
    assert.equal(first.headers.get('content-length'), String(body.length));
    assert.equal(first.headers.get('cache-control'), 'public, max-age=3600');
    assert.equal(first.headers.get('accept-ranges'), 'bytes');
    assert.ok(first.headers.get('last-modified'));
    const etag = first.headers.get('etag') ?? assert.fail('no ETag');
    const again = await fetch(`${server.url}/media/${shortcode}/0`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
  });

  it('serves one byte range of a video so it can seek, and 416 past the end', async () => {
    const whole = Buffer.from(await (await fetch(`${server.url}/media/${shortcode}/0`)).arrayBuffer());
    const part = await fetch(`${server.url}/media/${shortcode}/0`, { headers: { range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 10-19/${whole.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), whole.subarray(10, 20));
    const past = await fetch(`${server.url}/media/${shortcode}/0`, { headers: { range: `bytes=${whole.length}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${whole.length}`);
  });
});
