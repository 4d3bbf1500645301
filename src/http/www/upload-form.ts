// Reads the new post form (multipart) before the CSRF check: text fields become the request body, the
// files wait for the handler. Every upload is read to its end, even a refused one, so the browser gets
// the answer page instead of a reset connection; a refusal is a `problem`, never a thrown error.
import type { FastifyMultipartOptions } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

export type UploadProblem = 'too_large' | 'too_many' | 'unreadable';

export interface UploadedFiles {
  files: Buffer[];
  problem?: UploadProblem;
}

export interface UploadLimits {
  /** The most all files together may weigh. */
  maxTotalBytes: number;
  /** A hard stop on the number of files; the media service's own album limit is far below it. */
  maxFiles: number;
}

const uploads = new WeakMap<FastifyRequest, UploadedFiles>();

/** The files of a request read by readUploadForm (none for a request that was not multipart). */
export function uploadedFilesOf(request: FastifyRequest): UploadedFiles {
  return uploads.get(request) ?? { files: [] };
}

const PROBLEM_OF_ERROR: Record<string, UploadProblem> = { FST_FILES_LIMIT: 'too_many', FST_PARTS_LIMIT: 'too_many', FST_REQ_FILE_TOO_LARGE: 'too_large' };

/** @fastify/multipart's options: a file past the total is cut short and reported, not thrown. */
export function multipartOptions(limits: UploadLimits): FastifyMultipartOptions {
  return {
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxTotalBytes + 1, files: limits.maxFiles, fields: 20, fieldSize: 64 * 1024, parts: limits.maxFiles + 20 },
  };
}

/** A preValidation hook: parses a multipart body into `request.body` (fields) and the file list. */
export function readUploadForm(limits: UploadLimits) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = {};
    const upload: UploadedFiles = { files: [] };
    let total = 0;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname)) fields[part.fieldname] = part.value;
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          total += chunk.length;
          if (total > limits.maxTotalBytes) upload.problem ??= 'too_large';
          if (!upload.problem) chunks.push(chunk);
        }
        if (part.file.truncated) upload.problem ??= 'too_large';
        if (!upload.problem) upload.files.push(Buffer.concat(chunks));
      }
    } catch (error) {
      upload.problem ??= PROBLEM_OF_ERROR[(error as { code?: string }).code ?? ''] ?? 'unreadable';
      // The parser stopped reading: drain the rest so the answer reaches the browser.
      request.raw.resume();
    }
    if (upload.problem) upload.files = [];
    request.body = fields;
    uploads.set(request, upload);
  };
}
