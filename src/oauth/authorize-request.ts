// The Authorization Window's request checks, in the order Instagram reported them (spec §2.1, §2.3):
// client, redirect URI, response type, scope; then, once the user is known, their role and the
// permissions the app may ask of them (spec §1.4).
import { AppError, PERMISSION_OF_SCOPE, type InstagramApp, type Scope } from '../apps/app-entity.ts';
import type { AppService } from '../apps/app-service.ts';
import type { TesterService } from '../apps/tester-service.ts';
import { insufficientDeveloperRole, invalidPlatformApp, missingField, OAuthError } from './oauth-error.ts';
import { parseScopeParam } from './scopes.ts';

export interface AuthorizeParams {
  client_id?: string;
  app_id?: string;
  redirect_uri?: string;
  scope?: string;
  response_type?: string;
  state?: string;
}

export interface AuthorizeRequest {
  app: InstagramApp;
  redirectUri: string;
  scopes: Scope[];
  state: string | undefined;
}

/** `client_id`, or the legacy `app_id` of the 2019–2020 docs; both at once must agree (DESIGN.md §5). */
export function pickClientId(clientId: string | undefined, appId: string | undefined): string {
  const id = clientId ?? appId;
  if (id === undefined || id === '') throw missingField('client_id');
  if (clientId !== undefined && appId !== undefined && clientId !== appId) throw invalidPlatformApp();
  return id;
}

/**
 * The Instagram app a client id names. A Facebook App ID, or any other id, is not a Basic Display
 * platform app (spec §2.3, §2.4); any other failure (the database's) is not the client's and propagates.
 */
export async function getClientApp(apps: Pick<AppService, 'getInstagramApp'>, id: string): Promise<InstagramApp> {
  try {
    return await apps.getInstagramApp(id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'app_not_found') throw invalidPlatformApp();
    throw error;
  }
}

async function checkClient(params: AuthorizeParams, apps: AppService): Promise<InstagramApp> {
  return getClientApp(apps, pickClientId(params.client_id, params.app_id));
}

/**
 * Whether a redirect URI that is not among the app's Valid OAuth Redirect URIs is the dashboard's User
 * Token Generator callback of a pending request of this app with this state (token-generator.ts).
 */
export type GeneratorRedirectCheck = (igAppId: string, redirectUri: string, state: string | undefined) => Promise<boolean>;

async function checkRedirectUri(params: AuthorizeParams, app: InstagramApp, isGeneratorRedirect: GeneratorRedirectCheck): Promise<string> {
  if (params.redirect_uri === undefined || params.redirect_uri === '') throw missingField('redirect_uri');
  // Byte-exact: a missing or extra trailing slash is a different URI (spec §2.1).
  if (app.redirectUris.includes(params.redirect_uri)) return params.redirect_uri;
  if (await isGeneratorRedirect(app.igAppId, params.redirect_uri, params.state)) return params.redirect_uri;
  throw new OAuthError('invalid_redirect_uri', 'Invalid redirect_uri');
}

function checkResponseType(params: AuthorizeParams): void {
  if (params.response_type === undefined || params.response_type === '') throw missingField('response_type');
  if (params.response_type !== 'code') throw new OAuthError('invalid_response_type', 'Invalid response_type');
}

export async function checkAuthorizeRequest(
  params: AuthorizeParams,
  apps: AppService,
  isGeneratorRedirect: GeneratorRedirectCheck = () => Promise.resolve(false),
): Promise<AuthorizeRequest> {
  const app = await checkClient(params, apps);
  const redirectUri = await checkRedirectUri(params, app, isGeneratorRedirect);
  checkResponseType(params);
  const scopes = parseScopeParam(params.scope);
  return { app, redirectUri, scopes, state: params.state };
}

/**
 * The scopes this account may grant. Development mode admits accepted Instagram Testers only; in Live
 * mode everybody else may grant only permissions App Review approved, and an empty result is refused
 * as `Invalid scope: []` (spec §1.4).
 */
export async function checkAccountMayAuthorize(
  request: Pick<AuthorizeRequest, 'app' | 'scopes'>,
  accountId: string,
  deps: { apps: AppService; testers: TesterService },
): Promise<Scope[]> {
  if (await deps.testers.isAcceptedTester(request.app.igAppId, accountId)) return request.scopes;
  if (request.app.mode !== 'live') throw insufficientDeveloperRole();
  const approved = await deps.apps.approvedPermissions(request.app.igAppId);
  const allowed = request.scopes.filter((scope) => approved.includes(PERMISSION_OF_SCOPE[scope]));
  if (!allowed.includes('user_profile')) throw new OAuthError('invalid_scope', 'Invalid scope: []');
  return allowed;
}
