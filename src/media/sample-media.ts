// Sample photos and videos for the demo world and the tests. Photos are drawn with sharp; the demo
// world's video and its poster ship as small files under assets/demo/, so a demo world needs no ffmpeg;
// tests make other videos with ffmpeg.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assetPath } from '../package-root.ts';
import { MediaError } from './media-entity.ts';
import { loadSharp } from './media-processing.ts';
import type { PreparedVideo } from './media-service.ts';

const run = promisify(execFile);

/** A PNG photo: a two-colour gradient with a label, `hue` in degrees. */
export async function samplePhoto(options: { label: string; hue: number; width?: number; height?: number }): Promise<Buffer> {
  const { width = 1080, height = 1080, hue, label } = options;
  const text = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},70%,40%)"/>
  </linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <text x="50%" y="50%" font-family="sans-serif" font-size="${Math.round(width / 12)}" fill="white" text-anchor="middle" dominant-baseline="middle">${text}</text>
</svg>`;
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A short MP4 test pattern (needs ffmpeg). */
export async function sampleVideo(options: { seconds?: number; width?: number; height?: number } = {}): Promise<Buffer> {
  const { seconds = 1, width = 320, height = 240 } = options;
  const dir = await mkdtemp(join(tmpdir(), 'igloo-sample-'));
  try {
    const output = join(dir, 'sample.mp4');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=${width}x${height}:rate=10`, '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-movflags', '+faststart', output], { timeout: 60_000 }).catch((error: unknown) => {
      throw new MediaError('video_unsupported', 'Sample videos need ffmpeg on PATH.', {}, { cause: error });
    });
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The demo world's video: a 3-second 320×240 MP4 test pattern and its poster frame, shipped under assets/demo/. */
export async function shippedSampleVideo(): Promise<PreparedVideo> {
  const [mp4, poster] = await Promise.all([readFile(assetPath('demo', 'sample-video.mp4')), readFile(assetPath('demo', 'sample-poster.jpg'))]);
  return { mp4, poster };
}
