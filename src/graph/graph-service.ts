// Reads of graph.instagram.com: resolves a path (`me`, a user id) for the caller's token and returns
// the JSON object to send. No HTTP here: the graph surface parses, calls, and writes.
import type { MediaRepository } from '../media/media-repository.ts';
import type { Principal } from '../oauth/access-tokens.ts';
import { usesAppScopedIds } from './api-versions.ts';
import { parseFields } from './fields.ts';
import { objectNotFound } from './graph-error.ts';
import { readUserNode, type GraphObject } from './user-node.ts';

export interface NodeRead {
  principal: Principal;
  /** Major API version from the path, or undefined for unversioned calls. */
  version: number | undefined;
  /** `me` or an id, exactly as the caller wrote it. */
  nodeId: string;
  /** The edge after the node, if any (`media`, `children`). */
  edge: string | undefined;
  fields: string | undefined;
}

export function createGraphService(deps: { media: MediaRepository }) {
  return {
    async read(request: NodeRead): Promise<GraphObject> {
      const { principal, nodeId } = request;
      const isCaller = nodeId === 'me' || nodeId === principal.asid || nodeId === principal.accountId;
      // Raw ids and ASIDs are both accepted as input on every version (spec §4.1).
      if (!isCaller || request.edge !== undefined) throw objectNotFound(nodeId);
      const id = usesAppScopedIds(request.version) ? principal.asid : principal.accountId;
      return readUserNode(principal, id, parseFields(request.fields ?? ''), deps);
    },
  };
}

export type GraphService = ReturnType<typeof createGraphService>;
