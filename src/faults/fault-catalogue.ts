// The errors a fault rule can name, per surface, built by the same constructors igloo's real answers
// use, so the wire bodies are byte-identical (issue 8); and the presets, among them the shutdown of
// 2024-12-04 (spec §8).
import { appLimitReached, permissionDenied, temporarilyUnavailable, unsupportedRequest, userLimitReached, type GraphError } from '../graph/graph-error.ts';
import type { CdnRefusal } from '../media/cdn-urls.ts';
import { tokenExpired, tokenPasswordChanged, tokenRevoked } from '../oauth/access-tokens.ts';
import { codeUsed, insufficientDeveloperRole, invalidCode, invalidPlatformApp, redirectUriMismatch, shutdownScopeRefused, type OAuthError } from '../oauth/oauth-error.ts';
import type { TokenError } from '../oauth/token-error.ts';
import type { FaultRuleInput, FaultSurface } from './fault-rules.ts';

/** What a Graph error may depend on: the method as called (lower case) and the time. */
export interface GraphFaultCall {
  method: string;
  now: number;
}

const GRAPH_FAULTS: Record<string, (call: GraphFaultCall) => GraphError | TokenError> = {
  rate_limited_user: userLimitReached,
  rate_limited_app: appLimitReached,
  // The session ends as the fault fires: both instants are the current (virtual) time.
  token_expired: ({ now }) => tokenExpired(now, now),
  token_invalid: () => tokenRevoked(),
  token_password_changed: tokenPasswordChanged,
  permission_denied: permissionDenied,
  unsupported_request: ({ method }) => unsupportedRequest(method),
  server_error: temporarilyUnavailable,
};

const API_FAULTS: Record<string, () => OAuthError> = {
  oauth_invalid_code: invalidCode,
  oauth_code_used: codeUsed,
  oauth_redirect_uri_mismatch: redirectUriMismatch,
  oauth_invalid_platform_app: invalidPlatformApp,
  oauth_insufficient_developer_role: insufficientDeveloperRole,
  oauth_shutdown: shutdownScopeRefused,
};

const CDN_FAULTS: Record<string, CdnRefusal> = {
  cdn_url_expired: 'expired',
  cdn_bad_url_hash: 'bad_hash',
  cdn_not_found: 'not_found',
};

/** Each surface's catalogue names, in the order the docs list them. */
export const FAULT_CATALOGUE: Record<FaultSurface, readonly string[]> = {
  graph: Object.keys(GRAPH_FAULTS),
  api: Object.keys(API_FAULTS),
  cdn: Object.keys(CDN_FAULTS),
};

/** The Graph error a catalogue name stands for; the name was checked when the rule was added. */
export function graphFault(name: string, call: GraphFaultCall): GraphError | TokenError {
  const build = GRAPH_FAULTS[name];
  if (!build) throw new Error(`no graph fault ${name}`);
  return build(call);
}

export function apiFault(name: string): OAuthError {
  const build = API_FAULTS[name];
  if (!build) throw new Error(`no api fault ${name}`);
  return build();
}

export function cdnFault(name: string): CdnRefusal {
  const reason = CDN_FAULTS[name];
  if (!reason) throw new Error(`no cdn fault ${name}`);
  return reason;
}

/** What a preset's rules define; the caller may add app_id, probability, count and latency_ms. */
type PresetRule = Pick<FaultRuleInput, 'surface' | 'path' | 'method' | 'answer'>;

const every = (surface: FaultSurface, catalogue: string, path = '*'): PresetRule => ({ surface, path, method: undefined, answer: { catalogue } });

export const FAULT_PRESETS: Record<string, readonly PresetRule[]> = {
  rate_limited: [every('graph', 'rate_limited_app')],
  token_expired: [every('graph', 'token_expired')],
  server_error: [every('graph', 'server_error')],
  // spec §8: every Graph call, /refresh_access_token included, was "Unsupported request - method type:
  // <method>"; the Authorization Window refused user_profile.
  shutdown: [every('graph', 'unsupported_request'), every('api', 'oauth_shutdown', '/oauth/authorize*')],
};

export const FAULT_PRESET_NAMES = Object.keys(FAULT_PRESETS);
