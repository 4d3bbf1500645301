// createApp(services): one Fastify instance serving every surface (DESIGN.md §1). It never listens;
// main.ts and the tests do.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiSurface } from './http/api/api-routes.ts';
import { controlSurface } from './http/control/control-routes.ts';
import { graphSurface } from './http/graph/graph-routes.ts';
import { createHostRewriter } from './http/host-dispatch.ts';
import { wwwSurface } from './http/www/www-routes.ts';
import type { Services } from './services.ts';

function trustProxyOption(value: string): string[] | boolean {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return value.split(',').map((v) => v.trim());
}

export async function createApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: trustProxyOption(config.trustProxy),
    rewriteUrl: createHostRewriter(config.hosts),
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 500 },
    return503OnClosing: true,
  });
  await app.register(cookie);
  await app.register(graphSurface, { services });
  await app.register(apiSurface, { services });
  await app.register(wwwSurface, { services });
  await app.register(controlSurface, { services });
  return app;
}
