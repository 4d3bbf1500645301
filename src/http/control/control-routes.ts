// /_igloo: the emulator's control API (JSON) and the callback page. In service mode the JSON API needs
// `Authorization: Bearer <IGLOO_ADMIN_TOKEN>` and is closed when no token is configured. Every JSON route
// declares its schemas here (TypeBox, from the handler files); bodies are checked by controlValidatorCompiler,
// and GET /_igloo/openapi.json describes the routes from those schemas (control-openapi.ts); GET
// /_igloo/openapi/instagram.json does the same for the public surfaces (public-openapi.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../../digests.ts';
import type { Services } from '../../services.ts';
import { controlError } from '../error-envelopes.ts';
import { csrfGuard, registerPageSecurity } from '../page-security.ts';
import { createControlClockHandlers, getClockSchema, moveClockSchema, type MoveClockBody } from './control-clock-handlers.ts';
import { addFaultSchema, clearFaultsSchema, createControlFaultHandlers, listFaultsSchema, removeFaultSchema, type AddFaultBody } from './control-fault-handlers.ts';
import { createControlHandlers, healthSchema, listCallbacksSchema } from './control-handlers.ts';
import { createControlHomeHandlers } from './control-home-handlers.ts';
import { createControlOpsHandlers, livenessSchema, metricsSchema, readinessSchema } from './control-ops-handlers.ts';
import { collectControlRoutes, openApiDocument, openApiSchema } from './control-openapi.ts';
import { publicOpenApiDocument, publicOpenApiSchema, type PublicRoute } from './public-openapi.ts';
import { createControlSnapshotHandlers, exportSnapshotSchema, importSnapshotSchema, snapshotBodyParser } from './control-snapshot-handlers.ts';
import { createControlRequestLogHandlers, listRequestsSchema, requestsHarSchema, type RequestLogQuery } from './control-request-log-handlers.ts';
import { createControlTokenHandlers, issueTokenSchema, type IssueTokenBody } from './control-token-handlers.ts';
import { controlValidatorCompiler } from './control-validation.ts';
import { applyWorldSchema, createControlWorldHandlers, exportWorldSchema, resetWorldSchema, type ResetBody } from './control-world-handlers.ts';
import type { WorldDocument } from '../../world/world-document.ts';
import { packageVersion } from '../../package-root.ts';

// A reset needs no body (`curl -X POST …/_igloo/reset`): none is read as {}.
const emptyBodyAsObject = (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
  request.body ??= {};
  done();
};

/** `publicRoutes`: the public surfaces' routes (collectPublicRoutes), for GET /_igloo/openapi/instagram.json. */
export async function controlSurface(app: FastifyInstance, { services, publicRoutes = [] }: { services: Services; publicRoutes?: readonly PublicRoute[] }): Promise<void> {
  const control = createControlHandlers(services);
  const clock = createControlClockHandlers(services);
  const tokens = createControlTokenHandlers(services);
  const faults = createControlFaultHandlers(services);
  const world = createControlWorldHandlers(services);
  const requestLog = createControlRequestLogHandlers(services);
  const snapshot = createControlSnapshotHandlers(services);
  const ops = createControlOpsHandlers(services);
  const { mode, adminToken, metricsToken } = services.config;

  const requireOperator = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (mode === 'emulator' || (adminToken && presented && constantTimeEqual(presented, adminToken))) return done();
    void reply.status(401).send({ error: { code: 'unauthorized', message: 'The control API needs the admin token in service mode.' } });
  };
  // Prometheus may hold a token of its own that reads the metrics and nothing else (IGLOO_METRICS_TOKEN).
  const requireMetricsReader = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (metricsToken && presented && constantTimeEqual(presented, metricsToken)) return done();
    requireOperator(request, reply, done);
  };

  await app.register((api) => {
    api.setValidatorCompiler(controlValidatorCompiler);
    api.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      const known = controlError(error);
      if (known) return reply.status(known.status).send(known.body);
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'control API failed');
      return reply.status(status).send({ error: { code: status === 500 ? 'internal' : 'bad_request', message: status === 500 ? 'Internal error' : error.message } });
    });
    // Every route below is in the OpenAPI document, built once they are all registered.
    const routes = collectControlRoutes(api, { operator: requireOperator, metricsReader: requireMetricsReader, optionalBody: emptyBodyAsObject });
    let document: ReturnType<typeof openApiDocument> | undefined;
    const getOpenApi = (_request: FastifyRequest, reply: FastifyReply) => reply.send((document ??= openApiDocument(routes, packageVersion())));
    let publicDocument: ReturnType<typeof publicOpenApiDocument> | undefined;
    const getPublicOpenApi = (_request: FastifyRequest, reply: FastifyReply) =>
      reply.send((publicDocument ??= publicOpenApiDocument(publicRoutes, packageVersion(), services.config.hosts)));
    api.get('/_igloo/health', { schema: healthSchema }, control.health);
    api.get('/_igloo/healthz', { schema: livenessSchema }, ops.liveness);
    api.get('/_igloo/readyz', { schema: readinessSchema }, ops.readiness);
    if (services.metrics) api.get('/_igloo/metrics', { onRequest: requireMetricsReader, schema: metricsSchema }, ops.getMetrics);
    api.get('/_igloo/clock', { onRequest: requireOperator, schema: getClockSchema }, clock.getClock);
    api.post<{ Body: MoveClockBody }>('/_igloo/clock', { onRequest: requireOperator, schema: moveClockSchema }, clock.moveClock);
    api.post<{ Body: IssueTokenBody }>('/_igloo/tokens', { onRequest: requireOperator, schema: issueTokenSchema }, tokens.issueToken);
    api.get('/_igloo/callbacks', { onRequest: requireOperator, schema: listCallbacksSchema }, control.listCallbacks);
    api.get('/_igloo/faults', { onRequest: requireOperator, schema: listFaultsSchema }, faults.listFaults);
    api.post<{ Body: AddFaultBody }>('/_igloo/faults', { onRequest: requireOperator, schema: addFaultSchema }, faults.addFault);
    api.delete('/_igloo/faults', { onRequest: requireOperator, schema: clearFaultsSchema }, faults.clearFaults);
    api.delete<{ Params: { id: string } }>('/_igloo/faults/:id', { onRequest: requireOperator, schema: removeFaultSchema }, faults.removeFault);
    api.post<{ Body: WorldDocument }>('/_igloo/world', { onRequest: requireOperator, schema: applyWorldSchema }, world.applyWorld);
    api.get('/_igloo/world', { onRequest: requireOperator, schema: exportWorldSchema }, world.exportWorld);
    api.post<{ Body: ResetBody }>('/_igloo/reset', { onRequest: requireOperator, preValidation: emptyBodyAsObject, schema: resetWorldSchema }, world.resetWorld);
    api.get('/_igloo/snapshot', { onRequest: requireOperator, schema: exportSnapshotSchema }, snapshot.exportSnapshot);
    // The archive upload has its own body parsing: any content type, read as a stream by the import.
    void api.register((archive, _options, done) => {
      archive.removeAllContentTypeParsers();
      archive.addContentTypeParser('*', snapshotBodyParser);
      archive.post('/_igloo/snapshot', { onRequest: requireOperator, schema: importSnapshotSchema }, snapshot.importSnapshot);
      done();
    });
    api.get<{ Querystring: RequestLogQuery }>('/_igloo/requests', { onRequest: requireOperator, schema: listRequestsSchema }, requestLog.listRequests);
    api.get<{ Querystring: RequestLogQuery }>('/_igloo/requests.har', { onRequest: requireOperator, schema: requestsHarSchema }, requestLog.requestsHar);
    api.get('/_igloo/openapi.json', { onRequest: requireOperator, schema: openApiSchema }, getOpenApi);
    api.get('/_igloo/openapi/instagram.json', { onRequest: requireOperator, schema: publicOpenApiSchema }, getPublicOpenApi);
    return Promise.resolve();
  });

  await app.register(async (pages) => {
    await registerPageSecurity(pages, { session: 'account', csrfKey: services.csrfKey });
    pages.get('/_igloo/callback', control.showCallback);
    // The home page shows the demo world's passwords and secret and moves the clock: emulator mode only;
    // in service mode its paths are not found (docs/decisions.md §4).
    if (mode !== 'emulator') return;
    const home = createControlHomeHandlers(services);
    const csrf = { preHandler: csrfGuard(pages) };
    pages.get('/_igloo', (_request, reply) => reply.redirect('/_igloo/', 301));
    pages.get('/_igloo/', home.showHome);
    pages.post('/_igloo/home/clock', csrf, home.moveClock);
    pages.post('/_igloo/home/faults/clear', csrf, home.clearFaults);
    pages.post('/_igloo/home/faults/preset', csrf, home.armPreset);
  });
}
