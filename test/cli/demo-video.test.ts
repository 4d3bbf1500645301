// The demo world on a machine without ffmpeg: its video and poster ship with igloo (assets/demo/), so
// `igloo serve` on an empty data dir still posts the tester's video, served like any other.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { graphGet } from '../support/http-clients.ts';
import { demoTesterToken, freshDataDir, killIgloo, pathWithOnlyNode, removeTempDirs, serveIgloo } from '../support/igloo-cli.ts';

after(removeTempDirs);

interface MediaItem {
  id: string;
  media_type: string;
  media_url?: string;
  thumbnail_url?: string;
  children?: { data: MediaItem[] };
}

describe('the demo world without ffmpeg on PATH', () => {
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  let items: MediaItem[];

  before(async () => {
    let banner: string;
    ({ child, banner, url } = await serveIgloo({ IGLOO_DATA_DIR: freshDataDir(), PATH: pathWithOnlyNode() }));
    const { accessToken } = await demoTesterToken(url, banner);
    const page = await graphGet(url, { path: 'me/media', fields: 'id,media_type,media_url,thumbnail_url,children{media_type,media_url,thumbnail_url}', token: accessToken, query: { limit: '10' } });
    assert.equal(page.status, 200, page.text);
    items = (JSON.parse(page.text) as { data: MediaItem[] }).data;
  });
  after(() => killIgloo(child));

  const bytesOf = async (mediaUrl: string | undefined): Promise<Buffer> => {
    assert.ok(mediaUrl, 'no URL');
    const response = await fetch(mediaUrl);
    assert.equal(response.status, 200, mediaUrl);
    return Buffer.from(await response.arrayBuffer());
  };

  it("serves the tester's video post as an MP4 with a JPEG thumbnail", async () => {
    const video = items.find((item) => item.media_type === 'VIDEO');
    assert.ok(video, `no VIDEO among ${items.map((item) => item.media_type).join(', ')}`);
    const mp4 = await bytesOf(video.media_url);
    assert.equal(mp4.toString('latin1', 4, 8), 'ftyp');
    const poster = await bytesOf(video.thumbnail_url);
    assert.deepEqual([...poster.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  });

  it('keeps the video as the third item of the album', async () => {
    const album = items.find((item) => item.media_type === 'CAROUSEL_ALBUM');
    assert.deepEqual(album?.children?.data.map((item) => item.media_type), ['IMAGE', 'IMAGE', 'VIDEO']);
    const mp4 = await bytesOf(album?.children?.data[2]?.media_url);
    assert.equal(mp4.toString('latin1', 4, 8), 'ftyp');
  });
});
