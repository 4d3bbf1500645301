// The CDN's route table: every path under /cdn (in drop-in mode, the root of scontent.cdninstagram.com
// and the other CDN host names).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { noteErrorAnswers } from '../request-log-hook.ts';
import { createCdnHandlers } from './cdn-handlers.ts';

export function cdnSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  noteErrorAnswers(app, services.requestLog);
  const cdn = createCdnHandlers(services);
  app.get('/cdn/*', cdn.serveMedia);
  return Promise.resolve();
}
