// /_igloo: the emulator's control API (JSON) and the callback page. In service mode the JSON API needs
// `Authorization: Bearer <IGLOO_ADMIN_TOKEN>` and is closed when no token is configured.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../../digests.ts';
import type { Services } from '../../services.ts';
import { registerPageSecurity } from '../page-security.ts';
import { createControlHandlers } from './control-handlers.ts';

export async function controlSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const control = createControlHandlers(services);
  const { mode, adminToken } = services.config;

  const requireOperator = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (mode === 'emulator' || (adminToken && presented && constantTimeEqual(presented, adminToken))) return done();
    void reply.status(401).send({ error: { code: 'unauthorized', message: 'The control API needs the admin token in service mode.' } });
  };

  await app.register((api) => {
    api.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'control API failed');
      return reply.status(status).send({ error: { code: status === 500 ? 'internal' : 'bad_request', message: status === 500 ? 'Internal error' : error.message } });
    });
    api.get('/_igloo/health', control.health);
    api.get('/_igloo/clock', { onRequest: requireOperator }, control.getClock);
    api.post('/_igloo/clock', { onRequest: requireOperator }, control.advanceClock);
    api.get('/_igloo/callbacks', { onRequest: requireOperator }, control.listCallbacks);
    return Promise.resolve();
  });

  await app.register(async (pages) => {
    await registerPageSecurity(pages, { session: 'account', csrfKey: services.csrfKey });
    pages.get('/_igloo/callback', control.showCallback);
  });
}
