// graph.instagram.com's route table. One wildcard: versions, nodes and edges are parsed by the
// handler, which keeps the hot path free of per-route hooks. The query is read by the route's schema
// (graph-schemas.ts, compiled once), each parameter by its first value; the graph service checks them.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { paramsValidatorCompiler } from '../request-params.ts';
import { textSerializerCompiler } from '../public-schemas.ts';
import { createGraphHandlers } from './graph-handlers.ts';
import { graphPreflightSchema, graphReadSchema, graphRootSchema, graphWriteSchema } from './graph-schemas.ts';

/** The write methods, which the handler refuses as Graph did (spec §5.2). GET comes with HEAD from Fastify. */
const WRITE_METHODS = ['POST', 'DELETE', 'PUT', 'PATCH'];

export function graphSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const { accessTokens, appConnections, cdn, clock, config, faults, graph: graphService, ids, longLivedTokens, rateLimiter } = services;
  const graph = createGraphHandlers({ accessTokens, appConnections, cdn, clock, config, faults, graph: graphService, ids, longLivedTokens, rateLimiter });
  app.setValidatorCompiler(paramsValidatorCompiler());
  app.setSerializerCompiler(textSerializerCompiler);
  // Graph reads take no body; whatever is sent is read and dropped rather than parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, undefined));
  const read = { handler: graph.readPath };
  app.route({ method: 'GET', url: '/graph', schema: graphRootSchema, ...read });
  app.route({ method: WRITE_METHODS, url: '/graph', schema: graphWriteSchema, ...read });
  app.route({ method: 'GET', url: '/graph/*', schema: graphReadSchema, ...read });
  app.route({ method: WRITE_METHODS, url: '/graph/*', schema: graphWriteSchema, ...read });
  app.options('/graph', { schema: graphPreflightSchema }, graph.preflight);
  app.options('/graph/*', { schema: graphPreflightSchema }, graph.preflight);
  return Promise.resolve();
}
