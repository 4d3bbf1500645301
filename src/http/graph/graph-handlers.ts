// graph.instagram.com: parses `[/vNN.N]/{node}[/{edge}]`, checks the token (query parameter or Bearer
// header, DESIGN.md §5), counts the call against the rate limits, calls the graph service (or the
// long-lived token endpoints) and writes compact JSON (spec §3–§6).
import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_API_VERSION, parseApiVersion } from '../../graph/api-versions.ts';
import type { GraphLinks } from '../../graph/graph-context.ts';
import { objectNotFound, rateLimited, unsupportedRequest } from '../../graph/graph-error.ts';
import type { Principal } from '../../oauth/access-tokens.ts';
import type { TokenGrant } from '../../oauth/long-lived-tokens.ts';
import type { Admission, AppUsage } from '../../ratelimit/rate-limit-usage.ts';
import type { Services } from '../../services.ts';
import { graphFault } from '../../faults/fault-catalogue.ts';
import { injectFault, type SurfaceFaults } from '../fault-injection.ts';
import { surfaceBase } from '../host-dispatch.ts';
import { pickParams } from '../request-params.ts';
import { GRAPH_CONTENT_TYPE, sendGraphError } from './graph-errors.ts';
import type { GraphQuery } from './graph-schemas.ts';

interface GraphPath {
  /** The version segment as written (`v21.0`), if any. */
  versionSegment: string | undefined;
  version: number | undefined;
  nodeId: string;
  /** The rest of the path: an edge (`media`), or more segments, which no node has. */
  edge: string | undefined;
}

/** Splits the path after /graph; undefined when it names no node. */
function parseGraphPath(url: string): GraphPath | undefined {
  const queryAt = url.indexOf('?');
  const path = url.slice('/graph'.length, queryAt === -1 ? undefined : queryAt);
  let segments = path.split('/').filter(Boolean);
  if (path.includes('%')) {
    try {
      segments = segments.map((s) => decodeURIComponent(s));
    } catch {
      return undefined;
    }
  }
  const version = segments[0] === undefined ? undefined : parseApiVersion(segments[0]);
  const versionSegment = version === undefined ? undefined : segments.shift();
  if (segments.length === 0) return undefined;
  return { versionSegment, version, nodeId: segments[0] as string, edge: segments.length > 2 ? segments.slice(1).join('/') : segments[1] };
}

/** The long-lived token endpoints, whose answers (and refusals) are never stored by a cache (RFC 6749 §5.1). */
function isTokenEndpoint(path: GraphPath | undefined): boolean {
  return path?.edge === undefined && (path?.nodeId === 'access_token' || path?.nodeId === 'refresh_access_token');
}

/** The query in the caller's order, for paging links (spec §4.6). */
function queryPairs(url: string): [string, string][] {
  const at = url.indexOf('?');
  return at === -1 ? [] : [...new URLSearchParams(url.slice(at + 1))];
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** X-App-Usage appears "once enough calls have been made" (spec §6.1): when any figure is above 0. */
function reportUsage(reply: FastifyReply, usage: AppUsage | undefined): void {
  if (usage) void reply.header('x-app-usage', JSON.stringify(usage));
}

/**
 * URLs for the origin the client used. A class, not an object literal of closures: one small
 * allocation per Graph call, and the origin is only worked out when a response has links.
 */
class ClientLinks implements GraphLinks {
  constructor(
    private readonly request: FastifyRequest,
    private readonly versionSegment: string | undefined,
    private readonly services: Pick<Services, 'cdn' | 'config'>,
  ) {}

  private base(surface: 'graph' | 'www' | 'cdn'): string {
    return surfaceBase(this.request, surface, this.services.config.hosts);
  }

  get graphBase(): string {
    return `${this.base('graph')}/${this.versionSegment ?? DEFAULT_API_VERSION}`;
  }

  get query(): [string, string][] {
    return queryPairs(this.request.url);
  }

  mediaUrl(key: string): string {
    return this.base('cdn') + this.services.cdn.sign(key);
  }

  permalink(shortcode: string): string {
    return `${this.base('www')}/p/${shortcode}/`;
  }
}

/**
 * Calls `next` with a value at once, or once its promise fulfils, so that a call answered from memory
 * stays synchronous from request to response. Returns the promise to wait for, if there is one.
 */
function settle<T>(value: T | Promise<T>, next: (value: T) => void | Promise<void>): void | Promise<void> {
  return value instanceof Promise ? value.then(next) : next(value);
}

const tokenGrantBody = (grant: TokenGrant) => ({ access_token: grant.accessToken, token_type: grant.tokenType, expires_in: grant.expiresIn });

/** What the Graph handlers use. */
export type GraphDeps = Pick<Services, 'accessTokens' | 'appConnections' | 'cdn' | 'clock' | 'config' | 'faults' | 'graph' | 'ids' | 'longLivedTokens' | 'rateLimiter'>;

export function createGraphHandlers(services: GraphDeps) {
  const { accessTokens, appConnections, clock, faults, graph, ids, longLivedTokens, rateLimiter } = services;

  const send = (reply: FastifyReply, body: unknown, pretty: boolean) =>
    reply.header('x-fb-trace-id', ids.traceId()).type(GRAPH_CONTENT_TYPE).send(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body));

  /** The token is valid: counts the call (on PostgreSQL, after the shared counters answer), then reads. */
  const answer = (request: FastifyRequest, reply: FastifyReply, path: GraphPath, query: GraphQuery, principal: Principal, startedAt: number) => {
    // Noted first: a call refused by the rate limits is logged with its app too.
    request.loggedAppId = principal.igAppId;
    return settle(rateLimiter.admit(principal.igAppId, principal.accountId), (admission) => readAdmitted(request, reply, path, query, principal, startedAt, admission));
  };

  /** Notes the grant's use, reads, and answers; a refused call gets its rate-limit error, with the usage. */
  const readAdmitted = (request: FastifyRequest, reply: FastifyReply, path: GraphPath, query: GraphQuery, principal: Principal, startedAt: number, admission: Admission) => {
    reportUsage(reply, admission.usage);
    if (admission.refused) throw rateLimited(admission.refused);
    const context = { principal, version: path.version, links: new ClientLinks(request, path.versionSegment, services) };
    appConnections.recordUse(principal.igAppId, principal.accountId);
    // The query carries the edge's paging parameters (limit, after, before, since, until) by their names.
    return settle(graph.read({ context, nodeId: path.nodeId, edge: path.edge, fields: query.fields, paging: query }), (body) => {
      rateLimiter.recordTime(principal.igAppId, performance.now() - startedAt);
      send(reply, body, query.pretty === '1');
    });
  };

  /** Every Graph read. Synchronous when the token and the answer are in memory (the hot path). */
  const read = (request: FastifyRequest, reply: FastifyReply): void | Promise<void> => {
    const startedAt = performance.now();
    void reply.header('access-control-allow-origin', '*');
    const fail = (error: unknown) => void sendGraphError(reply, ids, error);
    try {
      const path = parseGraphPath(request.url);
      const tokenEndpoint = isTokenEndpoint(path);
      if (tokenEndpoint) void reply.header('cache-control', 'no-store');
      // Basic Display only reads: another method cannot be routed (spec §5.2). HEAD is a GET without a body.
      if (request.method !== 'GET' && request.method !== 'HEAD') throw unsupportedRequest(request.method.toLowerCase());
      if (!path) throw objectNotFound('');
      // Read by the route's schema (graph-schemas.ts): each parameter by its first value, as a string.
      const query = request.query as GraphQuery;
      const token = query.access_token ?? bearerToken(request.headers.authorization);
      const pretty = query.pretty === '1';
      if (tokenEndpoint) {
        const grant =
          path.nodeId === 'access_token'
            ? longLivedTokens.exchange({ grantType: query.grant_type, clientSecret: query.client_secret, accessToken: token })
            : longLivedTokens.refresh({ grantType: query.grant_type, accessToken: token });
        return settle(grant, (granted) => void send(reply, tokenGrantBody(granted), pretty))?.catch(fail);
      }
      return settle(accessTokens.authenticate(token), (principal) => answer(request, reply, path, query, principal, startedAt))?.catch(fail);
    } catch (error) {
      fail(error);
    }
  };

  const graphFaults: SurfaceFaults = {
    surface: 'graph',
    prefix: '/graph',
    appIdOf: (request) => accessTokens.appOf(pickParams(request.query, ['access_token']).access_token ?? bearerToken(request.headers.authorization)),
    // HEAD is answered as a GET (spec §5.2 names the method in lower case).
    sendCatalogue: (request, reply, name) =>
      sendGraphError(reply, ids, graphFault(name, { method: request.method === 'HEAD' ? 'get' : request.method.toLowerCase(), now: clock.now() })),
    jsonType: GRAPH_CONTENT_TYPE,
  };

  /** A Graph read while fault rules are armed: they may delay it or answer instead (issue 8). */
  const readWithFaults = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    void reply.header('access-control-allow-origin', '*').header('x-fb-trace-id', ids.traceId());
    // A faulted token answer is a token answer too: never cached.
    if (isTokenEndpoint(parseGraphPath(request.url))) void reply.header('cache-control', 'no-store');
    if (!(await injectFault(faults, graphFaults, request, reply))) await read(request, reply);
  };

  return {
    /** Every Graph read; fault rules cost one boolean check while none is armed. */
    readPath: (request: FastifyRequest, reply: FastifyReply): void | Promise<void> => (faults.armed() ? readWithFaults(request, reply) : read(request, reply)),

    /** CORS preflight for browser widgets that send the token in an Authorization header. */
    preflight: (_request: FastifyRequest, reply: FastifyReply) =>
      reply
        .status(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET')
        .header('access-control-allow-headers', 'Authorization, Content-Type')
        .header('access-control-max-age', '86400')
        .send(),
  };
}
