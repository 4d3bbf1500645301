// The media CDN (scontent.cdninstagram.com): serves signed media URLs with Content-Type, Content-Length,
// ETag, caching headers and byte ranges (video players seek with them). An expired URL answers 403
// "URL signature expired", as Instagram's CDN did (spec §4.5).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CdnRefusal } from '../../media/cdn-urls.ts';
import type { Services } from '../../services.ts';
import { parseByteRange } from '../byte-range.ts';

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', mp4: 'video/mp4' };

function refuse(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(text);
}

/** The CDN's answer to a URL it will not serve. */
export function refuseUrl(reply: FastifyReply, reason: CdnRefusal): FastifyReply {
  if (reason === 'not_found') return refuse(reply, 404, 'Not Found');
  return refuse(reply, 403, reason === 'expired' ? 'URL signature expired' : 'Bad URL hash');
}

export function createCdnHandlers(services: Services) {
  const { cdn, blobs, clock } = services;
  return {
    serveMedia: async (request: FastifyRequest, reply: FastifyReply) => {
      const [rawPath = '', rawQuery = ''] = request.url.slice('/cdn'.length).split('?');
      const query = new URLSearchParams(rawQuery);
      const check = cdn.check(rawPath, query.get('oh') ?? undefined, query.get('oe') ?? undefined);
      if (!check.ok) return refuseUrl(reply, check.reason);
      const stat = await blobs.stat(check.key);
      if (!stat) return refuse(reply, 404, 'Not Found');
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
