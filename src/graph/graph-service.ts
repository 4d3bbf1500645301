// Reads of graph.instagram.com: resolves a path (`me`, a user id, a media id, and an edge) for the
// caller's token and returns the JSON object to send. No HTTP here: the graph surface parses, calls,
// and writes.
import type { MediaRepository } from '../media/media-repository.ts';
import { usesAppScopedIds } from './api-versions.ts';
import { parseFields, type FieldSelection } from './fields.ts';
import type { GraphContext } from './graph-context.ts';
import { objectNotFound, unsupportedRequest } from './graph-error.ts';
import { mediaEdgeUrl, readMediaEdge, type MediaEdgeParams } from './media-edge.ts';
import { checkMediaFields, readChildrenEdge, readMediaNode, type GraphObject } from './media-node.ts';
import { readUserNode, requireMediaScope } from './user-node.ts';

export interface NodeRead {
  context: GraphContext;
  /** `me` or an id, exactly as the caller wrote it. */
  nodeId: string;
  /** The rest of the path after the node, if any (`media`, `children`; `media/extra` is unknown). */
  edge: string | undefined;
  fields: string | undefined;
  /** Paging parameters of edges. */
  paging: MediaEdgeParams;
}

/** Clients send the same few field lists on every call: their parses are kept, up to this many. */
const PARSES_KEPT = 500;

export function createGraphService(deps: { media: MediaRepository }) {
  const parses = new Map<string, readonly FieldSelection[]>();
  /** A `fields` list parsed once and shared (a syntax error is thrown each time, never kept). */
  const fieldsOf = (source: string): readonly FieldSelection[] => {
    let selection = parses.get(source);
    if (selection === undefined) {
      selection = parseFields(source);
      if (parses.size >= PARSES_KEPT) parses.delete(parses.keys().next().value as string);
      parses.set(source, selection);
    }
    return selection;
  };

  const readCaller = (request: NodeRead): GraphObject | Promise<GraphObject> => {
    const { context } = request;
    const { principal } = context;
    // Routing comes first: an unknown edge is unsupported whatever the fields or the scopes.
    if (request.edge !== undefined && request.edge !== 'media') throw unsupportedRequest('get');
    const id = usesAppScopedIds(context.version) ? principal.asid : principal.accountId;
    const selection = fieldsOf(request.fields ?? '');
    if (request.edge === undefined) return readUserNode(id, selection, context, deps);
    requireMediaScope(context);
    const link = { url: mediaEdgeUrl(context), query: context.links.query };
    return readMediaEdge(principal.accountId, request.paging, selection, context, link, deps);
  };

  const readMedia = async (request: NodeRead): Promise<GraphObject> => {
    const { context, nodeId } = request;
    const media = /^\d{1,20}$/.test(nodeId) ? await deps.media.findById(nodeId) : undefined;
    // Someone else's media is answered exactly like media that does not exist (spec §5.2).
    if (!media || media.accountId !== context.principal.accountId) throw objectNotFound(nodeId);
    if (request.edge !== undefined && request.edge !== 'children') throw unsupportedRequest('get');
    requireMediaScope(context);
    const selection = fieldsOf(request.fields ?? '');
    checkMediaFields(selection);
    return request.edge === undefined ? readMediaNode(media, selection, context, deps) : readChildrenEdge(media, selection, context, deps);
  };

  return {
    /**
     * The object to send. Throws, or rejects, with a GraphError; a read that needs no query (the
     * caller's own profile fields) answers without a promise.
     */
    read(request: NodeRead): GraphObject | Promise<GraphObject> {
      const { principal } = request.context;
      // Raw ids and ASIDs are both accepted as input on every version (spec §4.1).
      const isCaller = request.nodeId === 'me' || request.nodeId === principal.asid || request.nodeId === principal.accountId;
      return isCaller ? readCaller(request) : readMedia(request);
    },
  };
}

export type GraphService = ReturnType<typeof createGraphService>;
