// Host routing (DESIGN.md §1): a request whose Host names a surface is served at that surface's root
// (drop-in mode: GET https://graph.instagram.com/me); otherwise the path prefix decides. Every URL
// igloo builds points at the origin, and the form of mounting, that the client used.
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { SurfaceHosts } from '../config/config-schema.ts';

export type Surface = keyof SurfaceHosts;

/** Where each surface lives on the default origin. */
export const SURFACE_PREFIX: Record<Surface, string> = { www: '', api: '', graph: '/graph', developers: '/developers', cdn: '/cdn' };

const arrivedBy = new WeakMap<IncomingMessage, Surface>();
const FOREIGN_PREFIX = /^\/(graph|developers|cdn)(\/|\?|$)/;
/** A path no route serves, so the not-found handler answers. */
const NOT_FOUND_PATH = '/_igloo/not-found';

function hostName(host: string | undefined): string {
  return (host ?? '').toLowerCase().replace(/:\d+$/, '');
}

/** Fastify's rewriteUrl: maps host-mode requests onto the path-mode route space. */
export function createHostRewriter(hosts: SurfaceHosts): (req: IncomingMessage) => string {
  const byHost = new Map<string, Surface>();
  for (const surface of Object.keys(hosts) as Surface[]) for (const name of hosts[surface]) byHost.set(name, surface);
  return (req) => {
    const url = req.url ?? '/';
    const surface = byHost.get(hostName(req.headers.host));
    if (!surface) return url;
    arrivedBy.set(req, surface);
    // www and api sit at the root of the route space: on their hosts, another surface's paths are not found.
    if (SURFACE_PREFIX[surface] === '' && FOREIGN_PREFIX.test(url)) return NOT_FOUND_PATH;
    return SURFACE_PREFIX[surface] + url;
  };
}

/** The surface whose host name the request used, if it came in drop-in mode. */
export function hostSurfaceOf(request: FastifyRequest): Surface | undefined {
  return arrivedBy.get(request.raw);
}

/**
 * The base URL of a surface as seen by this client: in drop-in mode the surface's own host (same scheme
 * and port as the request); otherwise the request's origin plus the surface's path prefix.
 */
export function surfaceBase(request: FastifyRequest, surface: Surface, hosts: SurfaceHosts): string {
  const origin = `${request.protocol}://${request.host}`;
  if (!hostSurfaceOf(request)) return origin + SURFACE_PREFIX[surface];
  const port = /:\d+$/.exec(request.host)?.[0] ?? '';
  return `${request.protocol}://${hosts[surface][0]}${port}`;
}
