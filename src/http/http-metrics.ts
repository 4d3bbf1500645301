// Feeds the request histogram of /_igloo/metrics (issue 9). Labels are route templates
// (`/graph/:id`), never raw URLs, which carry tokens and codes. Each route gets its own onResponse hook
// when it is registered, holding its recorder: the Graph hot path pays one hook call and one observe.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { IglooMetrics, RouteRecorder } from '../metrics/igloo-metrics.ts';

/** The surface a path of the route space belongs to (after host rewriting; see host-dispatch.ts). */
export function surfaceOfPath(path: string): 'graph' | 'developers' | 'cdn' | 'control' | 'api' | 'www' {
  for (const prefix of ['graph', 'developers', 'cdn'] as const) {
    if (path.startsWith(`/${prefix}`) && /^[/?]?$/.test(path.charAt(prefix.length + 1))) return prefix;
  }
  if (path.startsWith('/_igloo')) return 'control';
  if (path.startsWith('/oauth/')) return 'api';
  return 'www';
}

type ResponseHook = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

const recordingHook = (record: RouteRecorder): ResponseHook => (request, reply, done) => {
  record(request.method, reply.statusCode, reply.elapsedTime / 1000);
  done();
};
/** Call before any route is registered. Answers of no route (404s) are recorded by recordUnmatched. */
export function registerHttpMetrics(app: FastifyInstance, metrics: IglooMetrics | undefined): void {
  if (!metrics) return;
  app.addHook('onRoute', (route: RouteOptions) => {
    // Fastify's HEAD route for a GET copies the GET's options before this runs: it gets a hook of its own.
    const hooks = route.onResponse === undefined ? [] : [route.onResponse].flat();
    route.onResponse = [...hooks, recordingHook(metrics.routeRecorder(surfaceOfPath(route.url), route.url))] as RouteOptions['onResponse'];
  });
}

const unmatchedRecorders = new WeakMap<IglooMetrics, Map<string, RouteRecorder>>();

/** For the not-found handler: the answer is recorded under route "(unmatched)" of the path's surface. */
export function recordUnmatched(metrics: IglooMetrics | undefined, request: FastifyRequest, reply: FastifyReply): void {
  if (!metrics) return;
  let bySurface = unmatchedRecorders.get(metrics);
  if (!bySurface) unmatchedRecorders.set(metrics, (bySurface = new Map<string, RouteRecorder>()));
  const surface = surfaceOfPath(request.url);
  let record = bySurface.get(surface);
  if (!record) bySurface.set(surface, (record = metrics.routeRecorder(surface, '(unmatched)')));
  const recorder = record;
  reply.raw.once('finish', () => recorder(request.method, reply.statusCode, reply.elapsedTime / 1000));
}
