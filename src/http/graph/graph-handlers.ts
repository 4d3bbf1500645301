// graph.instagram.com: parses `[/vNN.N]/{node}[/{edge}]`, checks the token (query parameter or Bearer
// header, DESIGN.md §5), calls the graph service and writes compact JSON (spec §4, §5).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseApiVersion } from '../../graph/api-versions.ts';
import { GraphError, objectNotFound } from '../../graph/graph-error.ts';
import type { IdGenerator } from '../../ids.ts';
import type { Services } from '../../services.ts';
import { graphError } from '../error-envelopes.ts';
import { pickParams } from '../request-params.ts';

export const GRAPH_CONTENT_TYPE = 'application/json; charset=UTF-8';

interface GraphPath {
  version: number | undefined;
  nodeId: string;
  edge: string | undefined;
}

/** Splits the path after /graph; undefined when it names no node. */
function parseGraphPath(url: string): GraphPath | undefined {
  const path = url.slice('/graph'.length).split('?')[0] ?? '';
  let segments: string[];
  try {
    segments = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const version = segments[0] === undefined ? undefined : parseApiVersion(segments[0]);
  if (version !== undefined) segments.shift();
  if (segments.length === 0 || segments.length > 2) return undefined;
  return { version, nodeId: segments[0] as string, edge: segments[1] };
}

/** A Graph URL Fastify could not decode: answered as an unknown object, with the segment as sent. */
export function answerMalformedGraphUrl(services: Services, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const segments = (request.url.split('?')[0] ?? '').split('/').filter(Boolean).slice(1);
  const nodeId = (segments[0] !== undefined && parseApiVersion(segments[0]) !== undefined ? segments[1] : segments[0]) ?? '';
  return sendGraphError(reply, services.ids, objectNotFound(nodeId));
}

/** Writes an error in Graph's envelope, with the same fbtrace_id in the body and `x-fb-trace-id`. */
function sendGraphError(reply: FastifyReply, ids: IdGenerator, error: unknown): FastifyReply {
  const traceId = ids.traceId();
  const wire = graphError(error, traceId);
  if (wire.status === 500) reply.log.error({ err: error }, 'graph handler failed');
  return reply.status(wire.status).header('x-fb-trace-id', traceId).type(GRAPH_CONTENT_TYPE).send(wire.body);
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function createGraphHandlers(services: Services) {
  const { accessTokens, graph, ids } = services;

  return {
    readPath: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const path = parseGraphPath(request.url);
        const method = request.method.toLowerCase();
        if (!path || method !== 'get') throw unsupported(method, path?.nodeId ?? '');
        const query = pickParams(request.query, ['access_token', 'fields', 'pretty']);
        const principal = await accessTokens.authenticate(query.access_token ?? bearerToken(request.headers.authorization));
        const body = await graph.read({ principal, version: path.version, nodeId: path.nodeId, edge: path.edge, fields: query.fields });
        return reply.type(GRAPH_CONTENT_TYPE).send(query.pretty === '1' ? JSON.stringify(body, null, 2) : JSON.stringify(body));
      } catch (error) {
        return sendGraphError(reply, ids, error);
      }
    },
  };
}

/** Other methods and empty paths: "Unsupported {method} request. Object with ID '…' …" (spec §5.2). */
function unsupported(method: string, id: string): GraphError {
  const error = objectNotFound(id);
  return method === 'get' ? error : new GraphError('unsupported_request', error.message.replace('Unsupported get request', `Unsupported ${method} request`), error.wire);
}
