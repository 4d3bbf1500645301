// Tokens on demand, for POST /_igloo/tokens and `igloo token` (DESIGN.md §6): an account's token for an
// Instagram app in one call, after the checks the Authorization Window makes for that account, recorded
// as the same grant (Apps and Websites lists the app as Active) with the same app-scoped user id.
import type { AccountService } from '../accounts/account-service.ts';
import type { AppService } from '../apps/app-service.ts';
import { AppError, type InstagramApp } from '../apps/app-entity.ts';
import { DomainError } from '../domain-error.ts';
import { OAuthError } from './oauth-error.ts';
import type { IssuedToken, OAuthService } from './oauth-service.ts';
import { checkScopeNames } from './scopes.ts';
import type { TokenKind } from './token-repository.ts';

export type EmulatorTokenErrorCode = 'app_not_found' | 'account_not_found' | 'scope_invalid' | 'not_a_tester' | 'permission_not_approved';

export class EmulatorTokenError extends DomainError<EmulatorTokenErrorCode> {}

/** What the tutorial's Authorization Window URL asks for. */
export const DEFAULT_TOKEN_SCOPES: readonly string[] = ['user_profile', 'user_media'];

export interface TokenRequest {
  /** The Instagram App ID. */
  igAppId: string;
  username: string;
  /** Defaults to DEFAULT_TOKEN_SCOPES; must include user_profile (spec §2.1). */
  scopes?: readonly string[];
  /** `short` (1 hour, the default) or `long` (60 days). */
  kind?: TokenKind;
}

/** The window's refusals, said so that whoever set up the test world knows what to change. */
function refusalOf(error: OAuthError, app: InstagramApp, username: string): EmulatorTokenError | undefined {
  if (error.code === 'insufficient_developer_role') {
    return new EmulatorTokenError(
      'not_a_tester',
      `${username} is not an accepted Instagram Tester of ${app.displayName}, which is in Development mode, so the Authorization Window would refuse them ("Insufficient developer role"). Add them under Roles > Instagram Testers and accept the invitation under Apps and Websites > Tester Invites, or switch the app to Live.`,
    );
  }
  if (error.code === 'invalid_scope') {
    return new EmulatorTokenError(
      'permission_not_approved',
      `${app.displayName} is Live but App Review has not approved instagram_graph_user_profile, so the Authorization Window would refuse ${username}, who is not one of its Instagram Testers ("Invalid scope: []").`,
    );
  }
  return undefined;
}

export function createEmulatorTokens(deps: { apps: AppService; accounts: AccountService; oauth: OAuthService }) {
  const { apps, accounts, oauth } = deps;

  return {
    /**
     * Issues `username`'s token for the app. In Live mode an account that is no tester gets the
     * requested scopes App Review approved, as in the window. Throws EmulatorTokenError.
     */
    async issue(request: TokenRequest): Promise<IssuedToken> {
      let scopes;
      try {
        scopes = checkScopeNames(request.scopes ?? DEFAULT_TOKEN_SCOPES);
      } catch (error) {
        if (error instanceof OAuthError) throw new EmulatorTokenError('scope_invalid', `scopes must list user_profile and optionally user_media (${error.message})`);
        throw error;
      }
      const app = await apps.getInstagramApp(request.igAppId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'app_not_found') throw new EmulatorTokenError('app_not_found', `No Instagram app has the Instagram App ID ${JSON.stringify(request.igAppId)}.`);
        throw error;
      });
      const account = await accounts.findAccountByUsername(request.username);
      if (!account) throw new EmulatorTokenError('account_not_found', `No Instagram account is called ${JSON.stringify(request.username)}.`);
      try {
        return await oauth.grantWithoutWindow({ app, accountId: account.id, scopes, kind: request.kind ?? 'short' });
      } catch (error) {
        throw (error instanceof OAuthError && refusalOf(error, app, account.username)) || error;
      }
    },
  };
}

export type EmulatorTokens = ReturnType<typeof createEmulatorTokens>;
