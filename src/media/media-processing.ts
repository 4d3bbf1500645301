// Turns uploaded bytes into what igloo stores: photos re-encoded as JPEG at most 1080 px wide (sharp),
// videos remuxed to MP4 with a JPEG poster frame (ffmpeg from PATH).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MAX_IMAGE_WIDTH, MediaError } from './media-entity.ts';

const run = promisify(execFile);

export interface ProcessedImage {
  jpeg: Buffer;
  width: number;
  height: number;
}

export interface ProcessedVideo {
  mp4: Buffer;
  poster: ProcessedImage;
}

/** MP4 and QuickTime files start with a box of type `ftyp` at byte 4. */
export function looksLikeVideo(bytes: Buffer): boolean {
  return bytes.length > 12 && bytes.toString('latin1', 4, 8) === 'ftyp';
}

/** sharp (libvips and its threads, ~40 MB) is loaded on the first upload, not at start. */
export const loadSharp = async () => (await import('sharp')).default;

export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: 100_000_000 })
      .rotate()
      .resize({ width: MAX_IMAGE_WIDTH, withoutEnlargement: true })
      .jpeg({ quality: 85, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch (error) {
    throw new MediaError('media_invalid', 'This file is not a photo or video that Instagram can use. Upload a JPEG, PNG or WebP photo, or an MP4 or MOV video.', {}, { cause: error });
  }
}

async function ffmpeg(args: string[]): Promise<void> {
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 120_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MediaError('video_unsupported', 'Videos need ffmpeg, which is not installed on this igloo server.', {}, { cause: error });
    }
    throw new MediaError('media_invalid', 'This video could not be read. Upload an MP4 or MOV video.', {}, { cause: error });
  }
}

export async function processVideo(bytes: Buffer): Promise<ProcessedVideo> {
  const dir = await mkdtemp(join(tmpdir(), 'igloo-video-'));
  try {
    const input = join(dir, 'input');
    const output = join(dir, 'video.mp4');
    const poster = join(dir, 'poster.jpg');
    await writeFile(input, bytes);
    await ffmpeg(['-i', input, '-map', '0:v:0', '-map', '0:a?', '-c', 'copy', '-movflags', '+faststart', output]);
    await ffmpeg(['-i', output, '-frames:v', '1', '-q:v', '3', poster]);
    return { mp4: await readFile(output), poster: await processImage(await readFile(poster)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
