// The App Dashboard's User Token Generator (spec §1.2): "Generate Token" next to an accepted Instagram
// Tester runs the real Authorization Window and hands back a long-lived token.
//
// How the window gets back to the dashboard: the generator opens /oauth/authorize with a redirect_uri
// on the developers surface (…/instagram-basic-display/token-generator/callback/) and a random state.
// That URI is not one of the app's Valid OAuth Redirect URIs, so the authorize check accepts it only
// when the state names a pending generator request of the same app with that exact URI (unused,
// unexpired). Every other request keeps the byte-exact Valid OAuth Redirect URI rule. The callback is
// answered only for the developer who clicked, once; it redeems the code the window issued and
// returns OAuthService.generateUserToken's token.
import type { TesterService } from '../apps/tester-service.ts';
import { AppError } from '../apps/app-entity.ts';
import { MINUTE, type Clock } from '../clock.ts';
import { sha256Hex } from '../digests.ts';
import { DomainError } from '../domain-error.ts';
import type { IdGenerator } from '../ids.ts';
import type { AuthorizeParams, GeneratorRedirectCheck } from './authorize-request.ts';
import type { CodeRepository } from './code-repository.ts';
import type { GeneratorRequest, GeneratorRequestRepository } from './generator-request-repository.ts';
import type { OAuthService } from './oauth-service.ts';

/** Long enough for a tester to sign in inside the window. */
export const GENERATOR_REQUEST_LIFETIME_MS = 15 * MINUTE;

export type GeneratorErrorCode = 'request_invalid' | 'denied' | 'code_invalid' | 'wrong_account';

export class GeneratorError extends DomainError<GeneratorErrorCode> {}

const isPending = (request: GeneratorRequest | undefined, now: number): request is GeneratorRequest =>
  request !== undefined && request.usedAt === null && request.expiresAt > now;

/** The authorize check's exception for the generator's own callback (see the header). */
export function generatorRedirectCheck(requests: GeneratorRequestRepository, clock: Clock): GeneratorRedirectCheck {
  return async (igAppId, redirectUri, state) => {
    if (state === undefined || state === '') return false;
    const request = await requests.find(sha256Hex(state));
    return isPending(request, clock.now()) && request.igAppId === igAppId && request.redirectUri === redirectUri;
  };
}

export interface GeneratedToken {
  accessToken: string;
  userId: string;
  expiresIn: number;
  accountId: string;
}

export function createTokenGenerator(deps: {
  requests: GeneratorRequestRepository;
  codes: CodeRepository;
  testers: TesterService;
  oauth: OAuthService;
  clock: Clock;
  ids: IdGenerator;
}) {
  const { requests, codes, testers, oauth, clock, ids } = deps;

  return {
    /** "Generate Token": records a pending request and returns the Authorization Window's parameters. */
    async start(input: { igAppId: string; developerId: string; accountId: string; redirectUri: string }): Promise<Required<Pick<AuthorizeParams, 'client_id' | 'redirect_uri' | 'scope' | 'response_type' | 'state'>>> {
      if (!(await testers.isAcceptedTester(input.igAppId, input.accountId))) {
        throw new AppError('tester_not_accepted', 'Only accepted Instagram Testers can generate tokens.');
      }
      const now = clock.now();
      await requests.deleteExpired(now);
      const state = ids.opaque(24);
      await requests.insert({ ...input, stateHash: sha256Hex(state), createdAt: now, expiresAt: now + GENERATOR_REQUEST_LIFETIME_MS, usedAt: null });
      return { client_id: input.igAppId, redirect_uri: input.redirectUri, scope: 'user_profile,user_media', response_type: 'code', state };
    },

    /** The window came back to the generator's callback with a code (or an error). Single use. */
    async complete(input: { igAppId: string; developerId: string; state: string; code?: string; error?: string }): Promise<GeneratedToken> {
      const now = clock.now();
      const stateHash = sha256Hex(input.state);
      const request = await requests.find(stateHash);
      if (!isPending(request, now) || request.igAppId !== input.igAppId || request.developerId !== input.developerId || !(await requests.markUsed(stateHash, now))) {
        throw new GeneratorError('request_invalid', 'This token request has expired or was used already. Click Generate Token again.');
      }
      if (input.error !== undefined) throw new GeneratorError('denied', 'The Authorization Window was cancelled, so no token was generated.');
      const codeHash = sha256Hex(input.code ?? '');
      const code = await codes.find(codeHash);
      if (!code || code.igAppId !== request.igAppId || code.redirectUri !== request.redirectUri || code.expiresAt <= now || !(await codes.markUsed(codeHash, now))) {
        throw new GeneratorError('code_invalid', 'The Authorization Window did not return a valid code. Click Generate Token again.');
      }
      if (code.accountId !== request.accountId) {
        throw new GeneratorError('wrong_account', 'The Authorization Window was signed in as a different Instagram account than the tester you chose. Log in there as that tester and try again.');
      }
      return { ...(await oauth.generateUserToken({ igAppId: request.igAppId, accountId: request.accountId })), accountId: request.accountId };
    },
  };
}

export type TokenGenerator = ReturnType<typeof createTokenGenerator>;
