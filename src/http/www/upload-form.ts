// Reads the new post form (multipart) part by part, so nothing is read that an earlier check refuses
// (issue 7, point 11). The text fields before the first file (the form's `_csrf` comes first) become
// the request body for the CSRF check; only after it are the files streamed to temporary files in the
// data dir, the size limit counted as they arrive. Once the checks pass, every upload is read to its
// end, even a refused one, so the browser gets the answer page instead of a reset connection; a
// refusal is a `problem`, never a thrown error, and leaves no temporary file behind.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { FastifyMultipartOptions, Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';

export type UploadProblem = 'too_large' | 'too_many' | 'unreadable';

export interface UploadedFiles {
  /** Temporary files, in the order they came. */
  files: { path: string; size: number }[];
  problem?: UploadProblem;
  /** The data dir could not take the files (full disk, permissions): igloo's failure, not the upload's. */
  storageFailure?: Error;
  /** Removes the temporary files; the handler calls it once it is done with them. */
  discard(): Promise<void>;
}

export interface UploadLimits {
  /** The most all files together may weigh. */
  maxTotalBytes: number;
  /** A hard stop on the number of files; the media service's own album limit is far below it. */
  maxFiles: number;
  /** Where the temporary files go (a folder in the data dir). */
  directory: string;
}

/** A form whose fields before the first file are read; that file, and all after it, are not. */
interface StartedUpload {
  parts: AsyncIterator<Multipart>;
  fields: Record<string, string>;
  firstFile?: MultipartFile;
  problem?: UploadProblem;
}

const started = new WeakMap<FastifyRequest, StartedUpload>();
const uploads = new WeakMap<FastifyRequest, UploadedFiles>();

/** The files of a request read by readUploadedFiles (none for a request that was not multipart). */
export function uploadedFilesOf(request: FastifyRequest): UploadedFiles {
  return uploads.get(request) ?? { files: [], discard: () => Promise.resolve() };
}

const PROBLEM_OF_ERROR: Record<string, UploadProblem> = { FST_FILES_LIMIT: 'too_many', FST_PARTS_LIMIT: 'too_many', FST_REQ_FILE_TOO_LARGE: 'too_large' };

function problemOf(request: FastifyRequest, error: unknown): UploadProblem {
  // The parser stopped reading: drain the rest so the answer reaches the browser.
  request.raw.resume();
  return PROBLEM_OF_ERROR[(error as { code?: string }).code ?? ''] ?? 'unreadable';
}

/** A file system error of the data dir (it names a path), as opposed to the upload's own (a reset connection, a bad form). */
function isStorageError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as { path?: unknown }).path === 'string' && typeof (error as { syscall?: unknown }).syscall === 'string';
}

/** @fastify/multipart's options: a file past the total is cut short and reported, not thrown. */
export function multipartOptions(limits: UploadLimits): FastifyMultipartOptions {
  return {
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxTotalBytes + 1, files: limits.maxFiles, fields: 20, fieldSize: 64 * 1024, parts: limits.maxFiles + 20 },
  };
}

function keepField(fields: Record<string, string>, part: Multipart): void {
  if (part.type === 'field' && typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname)) fields[part.fieldname] = part.value;
}

/** A preValidation hook: reads the fields up to the first file into `request.body`, for the CSRF check. */
export async function readLeadingFields(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const upload: StartedUpload = { parts: request.parts()[Symbol.asyncIterator](), fields: {} };
  try {
    for (let next = await upload.parts.next(); !next.done; next = await upload.parts.next()) {
      if (next.value.type === 'file') {
        upload.firstFile = next.value;
        break;
      }
      keepField(upload.fields, next.value);
    }
  } catch (error) {
    upload.problem = problemOf(request, error);
  }
  request.body = upload.fields;
  started.set(request, upload);
}

/** Writes a file part to `path`; its size, or undefined (and nothing kept) once it passes `room` bytes. */
async function writeAtMost(file: Readable, path: string, room: number): Promise<number | undefined> {
  let size = 0;
  await pipeline(
    file,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        size += chunk.length;
        // Past the limit the rest is still read (and dropped), so the answer page reaches the browser.
        if (size <= room) yield chunk;
      }
    },
    createWriteStream(path, { flags: 'wx' }),
  );
  return size <= room ? size : undefined;
}

/** A preHandler, after the CSRF check: streams the files to temporary files and reads the fields after them. */
export function readUploadedFiles(limits: UploadLimits) {
  return async (request: FastifyRequest): Promise<void> => {
    const upload = started.get(request);
    if (!upload) return;
    let folder: string | undefined;
    const discard = () => (folder === undefined ? Promise.resolve() : rm(folder, { recursive: true, force: true }));
    const result: UploadedFiles = { files: [], problem: upload.problem, discard };
    let total = 0;
    try {
      let part: Multipart | undefined = upload.firstFile;
      while (part) {
        if (part.type === 'field') keepField(upload.fields, part);
        else if (result.problem) await finished(part.file.resume());
        else {
          if (folder === undefined) {
            await mkdir(limits.directory, { recursive: true });
            folder = await mkdtemp(join(limits.directory, 'post-'));
          }
          const path = join(folder, String(result.files.length));
          const size = await writeAtMost(part.file, path, limits.maxTotalBytes - total);
          if (size === undefined || part.file.truncated) result.problem = 'too_large';
          else {
            total += size;
            result.files.push({ path, size });
          }
        }
        const next = await upload.parts.next();
        part = next.done ? undefined : next.value;
      }
    } catch (error) {
      const problem = problemOf(request, error);
      if (isStorageError(error)) result.storageFailure = error;
      else result.problem ??= problem;
    }
    if (result.problem || result.storageFailure) {
      await discard();
      result.files = [];
    }
    uploads.set(request, result);
  };
}

/**
 * An onSend hook for a multipart request answered before its files were read (signed out, or a bad
 * CSRF token): the rest of its body is read and dropped, never parsed nor kept, so the browser, which
 * is still sending, gets the answer page rather than a reset connection. A body that goes on past the
 * upload limit has its connection cut; IGLOO_REQUEST_TIMEOUT_SECONDS bounds a slow one.
 */
export function discardUnreadUpload(limits: Pick<UploadLimits, 'maxTotalBytes'>): onSendHookHandler {
  // The form's own fields and boundaries come on top of the files' bytes.
  const maxDiscarded = limits.maxTotalBytes + 1024 * 1024;
  return (request: FastifyRequest, _reply: FastifyReply, payload, done) => {
    if (request.isMultipart() && !uploads.has(request) && !request.raw.readableEnded) {
      const raw = request.raw;
      let discarded = 0;
      raw.unpipe(); // the multipart parser, when the fields before the first file were read
      raw.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > maxDiscarded) raw.socket.destroy();
      });
      raw.resume();
    }
    done(null, payload);
  };
}
