// The CDN's refusals, all written here: plain text, never cached, in the words of Instagram's CDN
// (spec §4.5): 403 "URL signature expired" or "Bad URL hash", 404 "Not Found".
import type { FastifyReply } from 'fastify';
import type { CdnRefusal } from '../../media/cdn-urls.ts';

/** The CDN's answer to a URL it will not serve (an unknown file is `not_found`). */
export function refuseUrl(reply: FastifyReply, reason: CdnRefusal): FastifyReply {
  const [status, text] = reason === 'not_found' ? [404, 'Not Found'] : [403, reason === 'expired' ? 'URL signature expired' : 'Bad URL hash'];
  return reply.status(status).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(text);
}
