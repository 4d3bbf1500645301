// Turns uploaded bytes into what igloo stores: photos re-encoded as JPEG at most 1080 px wide (sharp),
// videos remuxed to MP4 with a JPEG poster frame (ffmpeg from PATH).
import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
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

/** An upload: its bytes, or a file on disk (a web upload is streamed to one, never held in memory). */
export type MediaSource = Buffer | { path: string; size: number };

export const sizeOf = (source: MediaSource): number => (Buffer.isBuffer(source) ? source.length : source.size);

/** The first `length` bytes of a source (fewer when it is shorter). */
async function headOf(source: MediaSource, length: number): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source.subarray(0, length);
  const file = await open(source.path, 'r');
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, (await file.read(head, 0, length, 0)).bytesRead);
  } finally {
    await file.close();
  }
}

/** MP4 and QuickTime files start with a box of type `ftyp` at byte 4. */
export async function looksLikeVideo(source: MediaSource): Promise<boolean> {
  const head = await headOf(source, 13);
  return head.length > 12 && head.toString('latin1', 4, 8) === 'ftyp';
}

/** sharp (libvips and its threads, ~40 MB) is loaded on the first upload, not at start. */
export const loadSharp = async () => (await import('sharp')).default;

export async function processImage(source: MediaSource): Promise<ProcessedImage> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(Buffer.isBuffer(source) ? source : source.path, { limitInputPixels: 100_000_000 })
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

export async function processVideo(source: MediaSource): Promise<ProcessedVideo> {
  const dir = await mkdtemp(join(tmpdir(), 'igloo-video-'));
  try {
    const input = Buffer.isBuffer(source) ? join(dir, 'input') : source.path;
    const output = join(dir, 'video.mp4');
    const poster = join(dir, 'poster.jpg');
    if (Buffer.isBuffer(source)) await writeFile(input, source);
    await ffmpeg(['-i', input, '-map', '0:v:0', '-map', '0:a?', '-c', 'copy', '-movflags', '+faststart', output]);
    await ffmpeg(['-i', output, '-frames:v', '1', '-q:v', '3', poster]);
    return { mp4: await readFile(output), poster: await processImage(await readFile(poster)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
