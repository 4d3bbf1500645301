// createApp(services): one Fastify instance serving every surface (DESIGN.md §1). It never listens;
// main.ts and the tests do.
import Fastify, { type FastifyInstance } from 'fastify';
import { apiSurface } from './http/api/api-routes.ts';
import { cdnSurface } from './http/cdn/cdn-routes.ts';
import { controlSurface } from './http/control/control-routes.ts';
import { collectPublicRoutes } from './http/control/public-openapi.ts';
import { developersSurface } from './http/developers/developers-routes.ts';
import { answerMalformedGraphUrl } from './http/graph/graph-errors.ts';
import { graphSurface } from './http/graph/graph-routes.ts';
import { sendPage } from './http/page-security.ts';
import { errorPage } from './views/www-pages.ts';
import { createHostRewriter } from './http/host-dispatch.ts';
import { redactingDestination, type LogDestination } from './http/log-redaction.ts';
import { recordUnmatched, registerHttpMetrics } from './http/http-metrics.ts';
import { registerRequestLog } from './http/request-log-hook.ts';
import { createRequestIds, registerRequestIdHeader } from './http/request-ids.ts';
import { wwwSurface } from './http/www/www-routes.ts';
import type { Config } from './config/config-schema.ts';
import type { Services } from './services.ts';

function trustProxyOption(value: string): string[] | boolean {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return value.split(',').map((v) => v.trim());
}

export interface AppOptions {
  /** Where log lines go (standard output by default); each is redacted first (log-redaction.ts). */
  logDestination?: LogDestination;
}

/**
 * Timeouts of the HTTP listener, which main.ts gives its HTTPS listener too. A request still arriving
 * after requestTimeout is cut with 408 (a slow body would hold its connection and its upload). Node
 * looks for such requests every connectionsCheckingInterval (30 s by default), and uses the longer of
 * headersTimeout and requestTimeout as the latter: keep the headers' shorter.
 */
export function connectionTimeouts(config: Config): { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number } {
  return {
    requestTimeout: config.requestTimeoutSeconds * 1000,
    headersTimeout: Math.min(60_000, config.requestTimeoutSeconds * 1000),
    connectionsCheckingInterval: Math.min(30_000, config.requestTimeoutSeconds * 250),
  };
}

export async function createApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const timeouts = connectionTimeouts(config);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, stream: redactingDestination(options.logDestination ?? process.stdout) },
    trustProxy: trustProxyOption(config.trustProxy),
    rewriteUrl: createHostRewriter(config.hosts),
    genReqId: createRequestIds(),
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 500 },
    return503OnClosing: true,
    // Once app.close() runs, stop at once, even with a media download still open on a keep-alive
    // connection: a graceful stop drains requests in flight before it (main.ts drainAndClose).
    forceCloseConnections: true,
    requestTimeout: timeouts.requestTimeout,
    http: { headersTimeout: timeouts.headersTimeout, connectionsCheckingInterval: timeouts.connectionsCheckingInterval },
    // Raised before routing (e.g. bad percent-encoding): Graph paths still answer in Graph's envelope.
    frameworkErrors: (_error, request, reply) => {
      if (request.url.startsWith('/graph')) answerMalformedGraphUrl(services, request, reply);
      else void sendPage(reply, errorPage({ title: 'Bad request', message: 'The address could not be understood.' }), 400);
    },
  });
  // Instagram's own words for a page that does not exist.
  app.setNotFoundHandler((request, reply) => {
    recordUnmatched(services.metrics, request, reply);
    return sendPage(reply, errorPage({ title: "Sorry, this page isn't available.", message: 'The link you followed may be broken, or the page may have been removed.' }), 404);
  });
  registerRequestIdHeader(app, services.readiness);
  registerHttpMetrics(app, services.metrics);
  registerRequestLog(app, services.requestLog);
  // Every public route that declares a schema, for GET /_igloo/openapi/instagram.json.
  const publicRoutes = collectPublicRoutes(app);
  await app.register(graphSurface, { services });
  await app.register(cdnSurface, { services });
  await app.register(apiSurface, { services });
  await app.register(wwwSurface, { services });
  await app.register(developersSurface, { services, prefix: '/developers' });
  await app.register(controlSurface, { services, publicRoutes });
  return app;
}
