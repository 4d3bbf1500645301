// api.instagram.com: the Authorization Window (an HTML page context) and the token endpoint (a form and
// multipart context that ignores every other body type); fault rules are drawn for both once the body is read.
import multipart from '@fastify/multipart';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiFault } from '../../faults/fault-catalogue.ts';
import type { Services } from '../../services.ts';
import { injectFault, type SurfaceFaults } from '../fault-injection.ts';
import { csrfGuard, registerPageSecurity } from '../page-security.ts';
import { textSerializerCompiler } from '../public-schemas.ts';
import { paramsValidatorCompiler, pickParams } from '../request-params.ts';
import { noteErrorAnswers } from '../request-log-hook.ts';
import { createSignInHandlers } from '../www/sign-in-handlers.ts';
import { JSON_UTF8, sendTokenError, sendWindowError } from './api-errors.ts';
import { decideSchema, exchangeCodeSchema, showWindowSchema } from './api-schemas.ts';
import { createAuthorizeHandlers } from './authorize-handlers.ts';
import { createTokenHandlers } from './token-handlers.ts';

/** The app an OAuth request names: `client_id` (or the legacy `app_id`), in the form body or the query (as sent: fault rules may answer before the route's schema reads them). */
function clientIdOf(request: FastifyRequest): string | undefined {
  const form = pickParams(request.body, ['client_id', 'app_id']);
  const query = pickParams(request.query, ['client_id', 'app_id']);
  return form.client_id ?? form.app_id ?? query.client_id ?? query.app_id;
}

/** Fault answers in api.instagram.com's envelopes: the window's error page, or the token endpoint's JSON. */
const apiFaults: SurfaceFaults = {
  surface: 'api',
  prefix: '',
  appIdOf: clientIdOf,
  sendCatalogue: (request, reply, name) => {
    const error = apiFault(name);
    return request.routeOptions.url?.startsWith('/oauth/authorize') ? sendWindowError(reply, error) : sendTokenError(reply, error);
  },
  jsonType: JSON_UTF8,
};

export async function apiSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const { faults, oauth, config } = services;
  // Parameters are read by the routes' schemas (api-schemas.ts); the OAuth service words every refusal.
  app.setValidatorCompiler(paramsValidatorCompiler());
  app.setSerializerCompiler(textSerializerCompiler);
  // Fault rules (issue 8), once the body is read: the token endpoint's client_id is in it.
  app.addHook('preHandler', async (request, reply) => {
    if (faults.armed() && (await injectFault(faults, apiFaults, request, reply))) return reply;
  });
  noteErrorAnswers(app, services.requestLog);
  await app.register(async (window) => {
    await registerPageSecurity(window, { session: 'account', csrfKey: services.csrfKey });
    const authorize = createAuthorizeHandlers({ oauth, config }, createSignInHandlers(services));
    // `/oauth/authorize/` is tolerated (DESIGN.md §5); `/third_party` is where the window lived on www in 2024.
    for (const url of ['/oauth/authorize', '/oauth/authorize/', '/oauth/authorize/third_party']) {
      window.get(url, { schema: showWindowSchema }, authorize.showWindow);
      window.post(url, { schema: decideSchema, preHandler: csrfGuard(window) }, authorize.decide);
    }
  });

  await app.register(async (tokenEndpoint) => {
    // Every answer of the token endpoint, unreadable bodies and failures included, is never cached (RFC 6749 §5.1).
    tokenEndpoint.addHook('onRequest', (_request, reply, done) => {
      void reply.header('cache-control', 'no-store');
      done();
    });
    tokenEndpoint.removeAllContentTypeParsers();
    await tokenEndpoint.register(formbody, { bodyLimit: 64 * 1024 });
    await tokenEndpoint.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fields: 20, fileSize: 1024, files: 0, fieldSize: 8 * 1024 } });
    // Any other body (JSON included) is read and dropped: the handler sees no fields.
    tokenEndpoint.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, undefined));
    tokenEndpoint.setErrorHandler((error: { statusCode?: number }, request, reply) => {
      // busboy throws a plain Error, before reading any part, for a multipart Content-Type it cannot
      // use (no boundary, or one over 256 chars): still the client's malformed body, not a failure.
      const unreadableMultipart = request.isMultipart() && request.body === undefined;
      return sendTokenError(reply, error, (error.statusCode !== undefined && error.statusCode < 500) || unreadableMultipart);
    });
    const tokens = createTokenHandlers({ oauth });
    tokenEndpoint.post('/oauth/access_token', { schema: exchangeCodeSchema }, tokens.exchangeCode);
  });
}
