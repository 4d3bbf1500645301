// The CDN's route table: every path under /cdn (in drop-in mode, the root of scontent.cdninstagram.com
// and the other CDN host names), behind the fault rules' onRequest hook; its schema in cdn-schemas.ts.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { noteErrorAnswers } from '../request-log-hook.ts';
import { cdnFault } from '../../faults/fault-catalogue.ts';
import { injectFault, type SurfaceFaults } from '../fault-injection.ts';
import { paramsValidatorCompiler } from '../request-params.ts';
import { textSerializerCompiler } from '../public-schemas.ts';
import { refuseUrl } from './cdn-errors.ts';
import { createCdnHandlers } from './cdn-handlers.ts';
import { serveMediaSchema } from './cdn-schemas.ts';

/** CDN requests carry no token, so rules for the CDN are never limited to an app (issue 8). */
const cdnFaults: SurfaceFaults = {
  surface: 'cdn',
  prefix: '/cdn',
  appIdOf: () => undefined,
  sendCatalogue: (_request, reply, name) => refuseUrl(reply, cdnFault(name)),
  jsonType: 'application/json',
};

export function cdnSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  noteErrorAnswers(app, services.requestLog);
  const { cdn: signer, blobs, clock, faults } = services;
  const cdn = createCdnHandlers({ cdn: signer, blobs, clock });
  // The query is read by the route's schema (request-params.ts); the CDN checks no parameter by itself.
  app.setValidatorCompiler(paramsValidatorCompiler());
  app.setSerializerCompiler(textSerializerCompiler);
  // Fault rules (issue 8): one boolean check while none is armed.
  app.addHook('onRequest', async (request, reply) => {
    if (faults.armed() && (await injectFault(faults, cdnFaults, request, reply))) return reply;
  });
  app.get('/cdn/*', { schema: serveMediaSchema }, cdn.serveMedia);
  return Promise.resolve();
}
