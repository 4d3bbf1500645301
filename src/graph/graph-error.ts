// Graph API errors, named by what went wrong and carrying their wire facts (type, code, subcode) as data
// (spec §5; DESIGN.md §5). http/error-envelopes.ts writes them as {"error":{…}}.
import { DomainError } from '../domain-error.ts';
import type { RateLimitRefusal } from '../ratelimit/rate-limit-usage.ts';

export type GraphErrorCode =
  | 'nonexisting_field'
  | 'object_not_found'
  | 'permission_denied'
  | 'syntax_error'
  | 'unsupported_request'
  | 'invalid_parameter'
  | 'rate_limited'
  | 'invalid_client_secret'
  | 'temporarily_unavailable';

export interface GraphWireFacts {
  type: 'IGApiException' | 'OAuthException';
  code: number;
  subcode?: number;
  /** Throttling errors say `"is_transient":true`, as Facebook's Graph did. */
  transient?: boolean;
  /** The HTTP status, when not Graph's 400. */
  status?: number;
}

export class GraphError extends DomainError<GraphErrorCode> {
  constructor(
    code: GraphErrorCode,
    message: string,
    readonly wire: GraphWireFacts,
  ) {
    super(code, message);
  }
}

/** spec §5.2: the supplied id is echoed verbatim inside single quotes; no trailing documentation sentence. */
export const objectNotFound = (id: string) =>
  new GraphError(
    'object_not_found',
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
    { type: 'IGApiException', code: 100, subcode: 33 },
  );

/**
 * A request Graph cannot route: an unknown edge of a node the caller may read, or any method but GET
 * (Basic Display has no writes). spec §5.2, captured without a subcode in 2022–24
 * (https://github.com/in2code-de/instagram/issues/25, https://github.com/pdir/social-feed-bundle/issues/144);
 * POSTs got `method type: post` on graph.instagram.com (https://github.com/Msameim181/n8n-nodes-instagram-integrations/issues/1).
 * @param method the HTTP method in lower case
 */
export const unsupportedRequest = (method: string) =>
  new GraphError('unsupported_request', `Unsupported request - method type: ${method}`, { type: 'IGApiException', code: 100 });

export type NodeType = 'User' | 'Media';

export const nonexistingField = (field: string, nodeType: NodeType) =>
  new GraphError('nonexisting_field', `Tried accessing nonexisting field (${field}) on node type (${nodeType})`, { type: 'IGApiException', code: 100 });

/**
 * Captured in 2022 without graph.facebook.com's `(#10)` prefix and as an IGApiException
 * (https://github.com/bk-rs/instagram-apis-rs, instagram-basic-display-api/tests/response_body_files/err__1.json).
 */
export const permissionDenied = () =>
  new GraphError('permission_denied', 'Application does not have permission for this action', { type: 'IGApiException', code: 10 });

/**
 * Graph's code 2, "API Service: temporary issue due to downtime — wait and retry" (spec §5.2, from the
 * error-handling guide https://developers.facebook.com/docs/graph-api/guides/error-handling), in
 * graph.facebook.com's wording, as HTTP 500 with `is_transient`. igloo never fails this way by itself:
 * only fault injection (issue 8) answers it.
 */
export const temporarilyUnavailable = () =>
  new GraphError('temporarily_unavailable', 'An unexpected error has occurred. Please retry your request later.', { type: 'OAuthException', code: 2, transient: true, status: 500 });

/** Platform Rate Limits (spec §6.1): a user's calls with one app, code 17. */
export const userLimitReached = () =>
  new GraphError('rate_limited', '(#17) User request limit reached', { type: 'OAuthException', code: 17, transient: true });
/** Platform Rate Limits (spec §6.1): an app's calls for all its users, code 4. */
export const appLimitReached = () =>
  new GraphError('rate_limited', '(#4) Application request limit reached', { type: 'OAuthException', code: 4, transient: true });

/** The Graph error for a call the rate limiter refused. */
export const rateLimited = (refusal: RateLimitRefusal) => (refusal === 'user_limit' ? userLimitReached() : appLimitReached());
