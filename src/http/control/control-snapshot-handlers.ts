// GET and POST /_igloo/snapshot: the whole state (every row and media file) as one gzip'd tar, and an
// import of one in its place (issue 8), with the routes' wire schemas. The work is the snapshot service,
// shared with `igloo snapshot`.
import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { invalidArchive, SnapshotError, snapshotManifestSchema } from '../../snapshot/snapshot-entity.ts';
import { controlErrorSchema } from './control-validation.ts';

const MIB = 1024 * 1024;

export const exportSnapshotSchema = {
  summary: "Every row and media file as one gzip'd tar (igloo-snapshot.json, tables/<table>.jsonl, media/…)",
  produces: ['application/gzip'],
  response: { 200: Type.String({ description: "The archive, application/gzip (sent as a stream, never serialized)", contentMediaType: 'application/gzip' }) },
};

export const importSnapshotSchema = {
  summary: "Replace the whole state with a snapshot's (any content type; the body is the gzip'd tar); answers its manifest",
  consumes: ['application/gzip'],
  response: { 200: snapshotManifestSchema, 400: controlErrorSchema, 413: controlErrorSchema },
};

export function createControlSnapshotHandlers(services: Services) {
  const maxBytes = services.config.snapshotMaxMb * MIB;
  return {
    exportSnapshot: async (_request: FastifyRequest, reply: FastifyReply) => {
      const { manifest, archive } = await services.snapshots.exportSnapshot();
      const stamp = manifest.created_at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="igloo-snapshot-${stamp}.tar.gz"`)
        .header('cache-control', 'no-store')
        .send(archive);
    },

    /** POST /_igloo/snapshot: the body arrives as a stream (snapshotBodyParser) and is read once, in bounded memory. */
    importSnapshot: async (request: FastifyRequest, reply: FastifyReply) => {
      const length = request.headers['content-length'];
      const declared = Number(length ?? 0);
      if (declared > maxBytes) throw new SnapshotError('archive_too_large', `The archive is larger than ${maxBytes} bytes packed, the most this igloo takes (IGLOO_SNAPSHOT_MAX_MB).`, 'archive');
      if (request.body === undefined || length === '0') throw invalidArchive('archive', "The body is empty: send the gzip'd tar that GET /_igloo/snapshot makes.");
      const manifest = await services.snapshots.importSnapshot(request.body as Readable, { maxBytes });
      return reply.header('cache-control', 'no-store').send(manifest);
    },
  };
}

/** Hands the body to the handler as the raw stream, whatever its content type (`curl --data-binary`). */
export const snapshotBodyParser = (_request: FastifyRequest, payload: Readable, done: (error: Error | null, body?: unknown) => void): void => done(null, payload);
