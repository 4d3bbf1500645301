// Fault rules (issue 8, DESIGN.md §6): which requests of a surface a rule catches, what it answers
// instead (a catalogue error or a literal status and body) and how often. The checks every rule passes
// before it is kept, each naming the control API field at fault.
import { DomainError } from '../domain-error.ts';

export const FAULT_SURFACES = ['graph', 'api', 'cdn'] as const;
export type FaultSurface = (typeof FAULT_SURFACES)[number];

export const FAULT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type FaultMethod = (typeof FAULT_METHODS)[number];

/** An answer given literally: `body` is sent as is when a string, else as JSON. */
export interface LiteralFault {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A catalogue entry's name (fault-catalogue.ts), or a literal answer. */
export type FaultAnswer = { catalogue: string } | { literal: LiteralFault };

export interface FaultRuleInput {
  surface: FaultSurface;
  /** A glob on the surface-relative path (without the query): `*` matches any characters, `/` included. */
  path: string;
  /** Any method when undefined; GET also catches HEAD, which every surface answers as a GET. */
  method: FaultMethod | undefined;
  /** The Instagram App ID the rule is limited to (graph: the token's app; api: client_id). */
  appId: string | undefined;
  /** Undefined for a rule that only delays the real answer. */
  answer: FaultAnswer | undefined;
  probability: number;
  /** How many times the rule may fire; unlimited when undefined. */
  count: number | undefined;
  latencyMs: number;
  /** The preset the rule came from, if any. */
  preset: string | undefined;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  fired: number;
  createdAt: number;
}

export type FaultErrorCode = 'invalid_field' | 'fault_not_found';

/** A rule the control API cannot take (`field` names the body field), or an unknown rule id. */
export class FaultError extends DomainError<FaultErrorCode> {
  constructor(
    code: FaultErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(code, message);
  }
}

export const MAX_LATENCY_MS = 60_000;
const MAX_GLOB_LENGTH = 512;
/** A path as a client sends it: no query, fragment, space or control character. */
const GLOB_CHARACTERS = /^[!$&'()*+,\-./0-9:;=@A-Z_a-z~%[\]]+$/;
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node lets a header value hold: tab, visible ASCII, space and Latin-1 (no control characters). */
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
/** Headers the server writes itself from the body and the connection. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer']);

/** `*` matches any run of characters (slashes included); everything else matches itself. */
export function compileGlob(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Throws FaultError naming `path` unless the glob could match a request path. */
export function checkGlob(glob: string): void {
  const problem =
    glob.length > MAX_GLOB_LENGTH
      ? `path must be at most ${MAX_GLOB_LENGTH} characters`
      : !glob.startsWith('/') && !glob.startsWith('*')
        ? 'path must start with / or *, like "/me/media", "/v*/me*" or "*"'
        : !GLOB_CHARACTERS.test(glob)
          ? 'path must be a path without a query, a fragment, spaces or control characters (* matches any characters)'
          : undefined;
  if (problem) throw new FaultError('invalid_field', problem, 'path');
}

/** Throws FaultError naming `error` unless the literal answer can be sent as given. */
export function checkLiteral(literal: LiteralFault): void {
  if (!Number.isInteger(literal.status) || literal.status < 200 || literal.status > 599) throw new FaultError('invalid_field', 'error.status must be a whole number from 200 to 599', 'error');
  for (const [name, value] of Object.entries(literal.headers)) {
    if (!HEADER_NAME.test(name)) throw new FaultError('invalid_field', `error.headers: ${JSON.stringify(name)} is not a header name`, 'error');
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new FaultError('invalid_field', `error.headers: ${name} is written by the server and cannot be set`, 'error');
    if (!HEADER_VALUE.test(value)) throw new FaultError('invalid_field', `error.headers: the value of ${name} may hold only tabs, spaces, visible ASCII and Latin-1 characters`, 'error');
  }
}
