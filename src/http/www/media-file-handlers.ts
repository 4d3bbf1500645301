// GET /media/{shortcode}/{index}[/thumbnail]: the bytes the web pages show — a post's photo or video
// (item `index` of an album), or a JPEG still of it. Revalidated by ETag; videos can seek (Range).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MediaError } from '../../media/media-entity.ts';
import type { MediaVariant } from '../../media/profile-service.ts';
import type { Services } from '../../services.ts';
import { validated } from '../form-validation.ts';
import { parseByteRange } from '../byte-range.ts';
import { sendNotFound } from './www-errors.ts';

/** Bytes under a URL never change (a new post gets new URLs); an hour keeps removals timely. */
const CACHE_CONTROL = 'public, max-age=3600';

/** An album has at most 10 items: an index is one or two digits (anything else is not found). */
const mediaFileParams = Type.Object({ shortcode: Type.String({ maxLength: 64 }), index: Type.String({ pattern: '^[0-9]{1,2}$' }) });

export const mediaFileSchemas = { serve: { params: mediaFileParams } };

export function createMediaFileHandlers(services: Pick<Services, 'profiles'>) {
  const { profiles } = services;

  const serve = (variant: MediaVariant) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { shortcode, index } = validated(request.params, mediaFileParams);
    try {
      const file = await profiles.openMediaFile(shortcode, Number(index), variant);
      const etag = `"${file.size.toString(16)}-${Math.floor(file.modifiedMs).toString(16)}"`;
      reply.type(file.contentType).header('cache-control', CACHE_CONTROL).header('etag', etag).header('last-modified', new Date(file.modifiedMs).toUTCString()).header('accept-ranges', 'bytes');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      const ifRange = request.headers['if-range'];
      const range = ifRange === undefined || ifRange === etag ? parseByteRange(request.headers.range, file.size) : undefined;
      if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${file.size}`).send();
      if (range) {
        reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`).header('content-length', range.end - range.start + 1);
        return reply.send(file.read(range));
      }
      return reply.header('content-length', file.size).send(file.read());
    } catch (error) {
      if (error instanceof MediaError && error.code === 'media_not_found') return sendNotFound(reply);
      throw error;
    }
  };

  return { serveFile: serve('file'), serveThumbnail: serve('thumbnail') };
}
