// The media CDN (scontent.cdninstagram.com): serves signed media URLs with Content-Type, Content-Length,
// ETag, caching headers and byte ranges (video players seek with them). An expired URL answers 403
// "URL signature expired", as Instagram's CDN did (spec §4.5).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { parseByteRange } from '../byte-range.ts';
import { refuseUrl } from './cdn-errors.ts';
import type { CdnQuery } from './cdn-schemas.ts';

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', mp4: 'video/mp4' };

export function createCdnHandlers({ cdn, blobs, clock }: Pick<Services, 'cdn' | 'blobs' | 'clock'>) {
  return {
    serveMedia: async (request: FastifyRequest, reply: FastifyReply) => {
      // The path as sent (its signature covers it); the query as the route's schema read it.
      const rawPath = request.url.slice('/cdn'.length).split('?')[0] ?? '';
      const { oh, oe } = request.query as CdnQuery;
      const check = cdn.check(rawPath, oh, oe);
      if (!check.ok) return refuseUrl(reply, check.reason);
      const stat = await blobs.stat(check.key);
      if (!stat) return refuseUrl(reply, 'not_found');
      const etag = `"${stat.size.toString(16)}-${Math.floor(stat.modifiedMs).toString(16)}"`;
      void reply
        .header('content-type', CONTENT_TYPES[check.key.split('.').pop() ?? ''] ?? 'application/octet-stream')
        .header('etag', etag)
        .header('last-modified', new Date(stat.modifiedMs).toUTCString())
        .header('cache-control', `max-age=${Math.max(0, Math.floor((check.expiresAt - clock.now()) / 1000))}, no-transform`)
        .header('accept-ranges', 'bytes')
        .header('access-control-allow-origin', '*');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      const range = parseByteRange(request.headers.range, stat.size);
      if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${stat.size}`).send();
      if (range) {
        return reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`)
          .header('content-length', range.end - range.start + 1)
          .send(blobs.read(check.key, range));
      }
      return reply.status(200).header('content-length', stat.size).send(blobs.read(check.key));
    },
  };
}
