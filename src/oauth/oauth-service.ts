// The OAuth flow of api.instagram.com: the Authorization Window's decisions, single-use codes, and the
// code-for-token exchange (spec §2).
import type { InstagramApp, Scope } from '../apps/app-entity.ts';
import type { AppService } from '../apps/app-service.ts';
import type { TesterService } from '../apps/tester-service.ts';
import { DAY, HOUR, type Clock } from '../clock.ts';
import { sha256Hex } from '../digests.ts';
import type { IdGenerator } from '../ids.ts';
import type { WriteBatcher } from '../storage/write-batcher.ts';
import { SHORT_LIVED_MS, type AccessTokens } from './access-tokens.ts';
import { checkAccountMayAuthorize, checkAuthorizeRequest, getClientApp, pickClientId, type AuthorizeParams, type AuthorizeRequest } from './authorize-request.ts';
import type { CodeRepository } from './code-repository.ts';
import type { GeneratorRequestRepository } from './generator-request-repository.ts';
import type { GrantRepository } from './grant-repository.ts';
import { codeUsed, insufficientDeveloperRole, invalidCode, missingField, OAuthError, redirectUriMismatch } from './oauth-error.ts';
import { formatScopes } from './scopes.ts';
import { generatorRedirectCheck } from './token-generator.ts';
import type { TokenKind, TokenRepository } from './token-repository.ts';

export const CODE_LIFETIME_MS = 1 * HOUR;
/** Long-lived tokens live 60 days (spec §3.1). */
export const LONG_LIVED_MS = 60 * DAY;

export interface ExchangeParams {
  client_id?: string;
  app_id?: string;
  client_secret?: string;
  app_secret?: string;
  grant_type?: string;
  redirect_uri?: string;
  code?: string;
}

/** A token issued with its grant, without a code: the User Token Generator's and the emulator's. */
export interface IssuedToken {
  accessToken: string;
  /** The app-scoped user id, as digits (the code exchange's `user_id`). */
  userId: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

export interface ExchangeResult {
  accessToken: string;
  /** The app-scoped user id, as digits: the wire writes it as an unquoted integer. */
  userId: string;
}

/** `{redirect_uri}?code=…&state=…#_` (spec §2.2); `&` when the URI already has a query. */
function redirectWith(redirectUri: string, query: string, state: string | undefined): string {
  const separator = redirectUri.includes('?') ? '&' : '?';
  const stateParam = state === undefined ? '' : `&state=${encodeURIComponent(state)}`;
  return `${redirectUri}${separator}${query}${stateParam}#_`;
}

export function createOAuthService(deps: {
  /** Group commit for the exchange's writes. */
  durableWrites: WriteBatcher;
  apps: AppService;
  testers: TesterService;
  codes: CodeRepository;
  tokens: TokenRepository;
  grants: GrantRepository;
  accessTokens: AccessTokens;
  /** The User Token Generator's pending requests, whose callback the authorize check admits. */
  generatorRequests: GeneratorRequestRepository;
  clock: Clock;
  ids: IdGenerator;
}) {
  const { durableWrites, apps, testers, codes, tokens, grants, accessTokens, clock, ids } = deps;
  const isGeneratorRedirect = generatorRedirectCheck(deps.generatorRequests, clock);

  const checkRequest = (params: AuthorizeParams) => checkAuthorizeRequest(params, apps, isGeneratorRedirect);

  /** The user granted the app these scopes: an app-scoped id (kept if one exists) and an active grant. */
  const recordGrant = async (igAppId: string, accountId: string, scopes: string): Promise<string> => {
    const asid = await grants.ensureAsid(igAppId, accountId, ids.appScopedUserId());
    await grants.upsertGrant(igAppId, accountId, scopes, clock.now());
    return asid;
  };

  /** Records the grant, as Authorize does, and issues a token of `kind` under it. */
  const grantAndIssue = async (igAppId: string, accountId: string, scopes: readonly Scope[], kind: TokenKind): Promise<IssuedToken> => {
    const formatted = formatScopes(scopes);
    const userId = await recordGrant(igAppId, accountId, formatted);
    const lifetimeMs = kind === 'long' ? LONG_LIVED_MS : SHORT_LIVED_MS;
    const issued = accessTokens.newToken({ igAppId, accountId, kind, scopes: formatted, codeHash: null, lifetimeMs });
    await tokens.insert(issued.row);
    return { accessToken: issued.raw, userId, expiresIn: lifetimeMs / 1000 };
  };

  const prepareConsent = async (params: AuthorizeParams, accountId: string): Promise<AuthorizeRequest> => {
    const request = await checkRequest(params);
    const scopes = await checkAccountMayAuthorize(request, accountId, { apps, testers });
    return { ...request, scopes };
  };

  /** Records the grant and a single-use code; the redirect URL carrying the code (spec §2.2). */
  const approve = async (params: AuthorizeParams, accountId: string): Promise<string> => {
    const request = await prepareConsent(params, accountId);
    const now = clock.now();
    const scopes = formatScopes(request.scopes);
    await recordGrant(request.app.igAppId, accountId, scopes);
    const code = ids.authorizationCode();
    await codes.insert({
      codeHash: sha256Hex(code),
      igAppId: request.app.igAppId,
      accountId,
      redirectUri: request.redirectUri,
      scopes,
      createdAt: now,
      expiresAt: now + CODE_LIFETIME_MS,
      usedAt: null,
    });
    return redirectWith(request.redirectUri, `code=${code}`, request.state);
  };

  /** The account of the app's only accepted tester; undefined with none or several. */
  const onlyAcceptedTester = async (igAppId: string): Promise<string | undefined> => {
    const accepted = (await testers.listTesters(igAppId)).filter((tester) => tester.status === 'accepted');
    return accepted.length === 1 ? accepted[0]?.accountId : undefined;
  };

  return {
    /** Validates the request alone (before anybody signs in). Throws OAuthError. */
    checkRequest,

    /** Validates the request for a signed-in account; returns what the consent screen shows. */
    prepareConsent,

    /** The user pressed Authorize: records the grant, issues a code, returns the redirect URL. */
    approve,

    /**
     * Auto consent (emulator mode, per app; docs/decisions.md): the redirect URL Authorize would give,
     * without the consent screen, for the signed-in account, or, with nobody signed in, for the app's
     * only accepted Instagram Tester. Undefined when the window shows as usual. Throws OAuthError as
     * Authorize would (a bad request, an account that may not authorize the app).
     */
    async autoApprove(params: AuthorizeParams, accountId: string | undefined): Promise<string | undefined> {
      if (!apps.autoConsentAvailable) return undefined;
      const request = await checkRequest(params);
      if (!request.app.autoConsent) return undefined;
      const who = accountId ?? (await onlyAcceptedTester(request.app.igAppId));
      return who === undefined ? undefined : approve(params, who);
    },

    /** The user pressed Cancel (spec §2.2, DESIGN.md §5). */
    async deny(params: AuthorizeParams): Promise<string> {
      const request = await checkRequest(params);
      return redirectWith(request.redirectUri, 'error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request', request.state);
    },

    /**
     * The dashboard's User Token Generator: an accepted Instagram Tester's long-lived token with both
     * scopes, without App Review (spec §1.2). The caller has shown the tester the Authorization Window.
     */
    async generateUserToken(input: { igAppId: string; accountId: string }): Promise<IssuedToken> {
      const app = await apps.getInstagramApp(input.igAppId);
      if (!(await testers.isAcceptedTester(app.igAppId, input.accountId))) throw insufficientDeveloperRole();
      return grantAndIssue(app.igAppId, input.accountId, ['user_profile', 'user_media'], 'long');
    },

    /**
     * The emulator's way past the Authorization Window (DESIGN.md §6): the window's checks for this
     * account (its role, App Review), then the grant and a token, as if the account had pressed
     * Authorize and the app had exchanged the code. Throws OAuthError as the window would.
     */
    async grantWithoutWindow(input: { app: InstagramApp; accountId: string; scopes: Scope[]; kind: TokenKind }): Promise<IssuedToken> {
      const scopes = await checkAccountMayAuthorize({ app: input.app, scopes: input.scopes }, input.accountId, { apps, testers });
      return grantAndIssue(input.app.igAppId, input.accountId, scopes, input.kind);
    },

    /** POST /oauth/access_token (spec §2.4). Code validity is checked before the secret. */
    async exchangeCode(params: ExchangeParams): Promise<ExchangeResult> {
      const clientId = pickClientId(params.client_id, params.app_id);
      const secret = params.client_secret ?? params.app_secret;
      if (secret === undefined || secret === '') throw missingField('client_secret');
      if (params.grant_type === undefined || params.grant_type === '') throw missingField('grant_type');
      if (params.redirect_uri === undefined || params.redirect_uri === '') throw missingField('redirect_uri');
      if (params.code === undefined || params.code === '') throw missingField('code');
      if (params.grant_type !== 'authorization_code') throw new OAuthError('unsupported_grant_type', 'Unsupported grant_type');

      const app = await getClientApp(apps, clientId);
      const codeHash = sha256Hex(params.code);
      const code = await codes.find(codeHash);
      const now = clock.now();
      if (!code || code.igAppId !== app.igAppId) throw invalidCode();
      if (code.usedAt !== null) {
        // Codes travel in redirect URLs, so only a replay by the app itself (with its secret) revokes
        // the tokens already issued; anyone else learns no more than that the code was used.
        if (await apps.verifyInstagramAppSecret(app.igAppId, secret)) await tokens.revokeByCode(codeHash, now, 'code_reused');
        throw codeUsed();
      }
      if (code.expiresAt <= now) throw invalidCode();
      // Byte-exact, like the authorize check (spec §2.4).
      if (params.redirect_uri !== code.redirectUri) throw redirectUriMismatch();
      // A wrong secret was answered with the redirect_uri message too (spec §2.4, observed).
      if (!(await apps.verifyInstagramAppSecret(app.igAppId, secret))) throw redirectUriMismatch();

      const issued = accessTokens.newToken({ igAppId: app.igAppId, accountId: code.accountId, kind: 'short', scopes: code.scopes, codeHash, lifetimeMs: SHORT_LIVED_MS });
      // Spends the code and stores the token together, committed (with other exchanges) before answering.
      const spent = await durableWrites.run(async (trx) => {
        if (!(await codes.markUsed(codeHash, now, trx))) return false;
        await tokens.insert(issued.row, trx);
        return true;
      });
      if (!spent) throw codeUsed();
      const asid = await grants.findAsid(app.igAppId, code.accountId);
      if (asid === undefined) throw new Error(`no app-scoped id for a code of app ${app.igAppId}`);
      return { accessToken: issued.raw, userId: asid };
    },
  };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
