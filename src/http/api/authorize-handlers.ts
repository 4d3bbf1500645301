// The Authorization Window (spec §2.1–2.3): validates the request, signs the user in inside the window,
// shows consent (unless the app has the emulator's auto consent), and redirects to the app with a code
// or access_denied. Invalid requests get an error page (HTTP 400), never a redirect.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asciiUri } from '../../apps/redirect-uris.ts';
import { OAuthError } from '../../oauth/oauth-error.ts';
import type { Services } from '../../services.ts';
import { consentPage } from '../../views/authorize-pages.ts';
import { signInPage } from '../../views/www-pages.ts';
import { hostSurfaceOf, surfaceBase } from '../host-dispatch.ts';
import { sendPage } from '../page-security.ts';
import type { SignInHandlers } from '../www/sign-in-handlers.ts';
import { sendWindowError as showOAuthError } from './api-errors.ts';
import type { AuthorizeForm, AuthorizeQuery } from './api-schemas.ts';

function windowUrl(request: FastifyRequest): string {
  return request.url.replace(/^\/oauth\/authorize\/?(third_party)?/, '/oauth/authorize/third_party');
}

/** What the window uses: the OAuth service, and the host names for drop-in mode. */
export function createAuthorizeHandlers({ oauth, config }: Pick<Services, 'oauth' | 'config'>, signIn: Pick<SignInHandlers, 'signedInAccount'>) {
  return {
    showWindow: async (request: FastifyRequest, reply: FastifyReply) => {
      // Read by the route's schema (api-schemas.ts): the window's parameters, each by its first value.
      const params = request.query as AuthorizeQuery;
      let appName: string;
      try {
        appName = (await oauth.checkRequest(params)).app.displayName;
      } catch (error) {
        return showOAuthError(reply, error);
      }
      // In drop-in mode the window lives on www.instagram.com, where the user's session cookie is (spec §2.1).
      if (hostSurfaceOf(request) === 'api') return reply.redirect(surfaceBase(request, 'www', config.hosts) + windowUrl(request), 302);

      const account = await signIn.signedInAccount(request);
      try {
        // Auto consent (emulator mode, per app): straight to the app, as Authorize would (docs/decisions.md).
        const location = await oauth.autoApprove(params, account?.id);
        if (location !== undefined) return reply.redirect(asciiUri(location), 302);
      } catch (error) {
        return showOAuthError(reply, error, account && { username: account.username, returnTo: request.url });
      }
      if (!account) {
        return sendPage(reply, signInPage({ csrfToken: reply.generateCsrf(), next: request.url, notice: `Log in to continue to ${appName}.` }));
      }
      try {
        const consent = await oauth.prepareConsent(params, account.id);
        const echoed = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;
        return sendPage(
          reply,
          consentPage({ appName: consent.app.displayName, username: account.username, scopes: consent.scopes, csrfToken: reply.generateCsrf(), params: echoed, action: request.url.split('?')[0] ?? '/oauth/authorize' }),
        );
      } catch (error) {
        return showOAuthError(reply, error, { username: account.username, returnTo: request.url });
      }
    },

    decide: async (request: FastifyRequest, reply: FastifyReply) => {
      // The form's window parameters, by the route's schema; its _csrf was checked by the preHandler.
      const { decision, ...form } = request.body as AuthorizeForm;
      const params: AuthorizeQuery = { ...form };
      delete (params as AuthorizeForm)._csrf;
      const account = await signIn.signedInAccount(request);
      try {
        // asciiUri: a redirect URI saved before non-ASCII ones were refused still makes a valid Location.
        if (decision === 'deny') return reply.redirect(asciiUri(await oauth.deny(params)), 303);
        if (!account) {
          const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
          return reply.redirect(`/oauth/authorize/third_party?${query.toString()}`, 303);
        }
        if (decision !== 'allow') throw new OAuthError('missing_field', 'Missing required field decision');
        return reply.redirect(asciiUri(await oauth.approve(params, account.id)), 303);
      } catch (error) {
        return showOAuthError(reply, error);
      }
    },
  };
}
