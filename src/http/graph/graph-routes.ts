// graph.instagram.com's route table. One wildcard: versions, nodes and edges are parsed by the
// handler, which keeps the hot path free of per-route hooks.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { createGraphHandlers } from './graph-handlers.ts';

/** GET (Fastify adds HEAD with it), and the write methods, which the handler refuses as Graph did (spec §5.2). */
const READ_PATH_METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'];

export function graphSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const graph = createGraphHandlers(services);
  // Graph reads take no body; whatever is sent is read and dropped rather than parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, undefined));
  app.route({ method: READ_PATH_METHODS, url: '/graph', handler: graph.readPath });
  app.route({ method: READ_PATH_METHODS, url: '/graph/*', handler: graph.readPath });
  app.options('/graph', graph.preflight);
  app.options('/graph/*', graph.preflight);
  return Promise.resolve();
}
