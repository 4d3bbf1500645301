// Posting through the media service: photos re-encoded, videos remuxed with a poster, albums with
// children, and every bad upload refused with a MediaError.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { MediaError } from '../../src/media/media-entity.ts';
import { samplePhoto, sampleVideo } from '../../src/media/sample-media.ts';
import { buildAccount, type TestAccount } from '../support/builders.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('creating posts', () => {
  let server: TestServer;
  let account: TestAccount;
  let photo: Buffer;
  let video: Buffer;

  before(async () => {
    server = await startTestServer();
    account = await buildAccount(server.services);
    photo = await samplePhoto({ label: 'hello', hue: 200, width: 2000, height: 1500 });
    video = await sampleVideo();
  });
  after(() => server.close());

  it('stores a photo as a JPEG at most 1080 pixels wide', async () => {
    const post = await server.services.media.createPost({ accountId: account.id, caption: ' Sunset ', files: [photo] });
    assert.equal(post.mediaType, 'IMAGE');
    assert.equal(post.caption, 'Sunset');
    assert.match(post.id, /^17\d{15}$/);
    assert.match(post.shortcode, /^[A-Za-z0-9_-]{11}$/);
    assert.deepEqual([post.width, post.height], [1080, 810]);
    assert.equal(post.mediaKey, `m/${post.id}.jpg`);
    assert.equal(post.thumbnailKey, null);
  });

  it('stores a video as MP4 with a JPEG poster', async () => {
    const post = await server.services.media.createPost({ accountId: account.id, files: [video] });
    assert.equal(post.mediaType, 'VIDEO');
    assert.equal(post.caption, null);
    assert.equal(post.mediaKey, `m/${post.id}.mp4`);
    assert.equal(post.thumbnailKey, `t/${post.id}.jpg`);
    assert.deepEqual([post.width, post.height], [320, 240]);
  });

  it('stores an album whose row reuses its first child, with children in order and no captions', async () => {
    const album = await server.services.media.createPost({ accountId: account.id, caption: 'trip', files: [photo, video, photo] });
    assert.equal(album.mediaType, 'CAROUSEL_ALBUM');
    const children = await server.services.media.listChildren(album.id);
    assert.deepEqual(children.map((c) => [c.mediaType, c.position, c.caption, c.parentId]), [
      ['IMAGE', 0, null, album.id],
      ['VIDEO', 1, null, album.id],
      ['IMAGE', 2, null, album.id],
    ]);
    assert.equal(album.mediaKey, children[0]?.mediaKey);
  });

  it('refuses an empty post, more than 10 items, a caption over 2,200 characters and bytes that are no media', async () => {
    const refusal = async (files: Buffer[], caption?: string) =>
      server.services.media.createPost({ accountId: account.id, files, caption }).then(
        () => assert.fail('expected a MediaError'),
        (error: unknown) => (error instanceof MediaError ? error.code : assert.fail(String(error))),
      );
    assert.equal(await refusal([]), 'media_empty');
    assert.equal(await refusal(Array.from({ length: 11 }, () => photo)), 'media_too_many');
    assert.equal(await refusal([photo], 'x'.repeat(2201)), 'caption_too_long');
    assert.equal(await refusal([Buffer.from('not an image at all')]), 'media_invalid');
    assert.equal(await refusal([Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(40)])]), 'media_invalid');
  });

  it('stores nothing when any file of an album is refused', async () => {
    const { readdirSync, existsSync } = await import('node:fs');
    const mediaDir = `${server.services.config.dataDir}/media`;
    const count = () => (existsSync(mediaDir) ? readdirSync(mediaDir, { recursive: true }).length : 0);
    const before = count();
    await assert.rejects(server.services.media.createPost({ accountId: account.id, files: [photo, video, Buffer.from('not media')] }), MediaError);
    assert.equal(count(), before);
  });

  it('writes JPEG bytes that decode', async () => {
    const post = await server.services.media.createPost({ accountId: account.id, files: [photo] });
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(`${server.services.config.dataDir}/media/${post.mediaKey}`);
    assert.equal((await sharp(bytes).metadata()).format, 'jpeg');
  });
});
