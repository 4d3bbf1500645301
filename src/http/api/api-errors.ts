// api.instagram.com's error answers, all written here: the Authorization Window's error page (HTTP 400,
// never a redirect) and the token endpoint's {"error_type": "OAuthException", "code": 400, "error_message": …}
// (error-envelopes.ts builds both texts, spec §2.3–2.4).
import type { FastifyReply } from 'fastify';
import { OAuthError } from '../../oauth/oauth-error.ts';
import { authorizeErrorPage } from '../../views/authorize-pages.ts';
import { apiError, authorizePageText, oauthErrorBody } from '../error-envelopes.ts';
import { sendPage } from '../page-security.ts';

export const JSON_UTF8 = 'application/json; charset=UTF-8';

/**
 * The window's error page for an OAuthError (anything else is thrown on, to the page error handler); a
 * signed-in user also gets a way to switch accounts and come back to the window.
 */
export function sendWindowError(reply: FastifyReply, error: unknown, signedIn?: { username: string; returnTo: string }): FastifyReply {
  if (!(error instanceof OAuthError)) throw error;
  const signedInAs = signedIn && { username: signedIn.username, csrfToken: reply.generateCsrf(), next: signedIn.returnTo };
  return sendPage(reply, authorizeErrorPage({ body: authorizePageText(error), signedInAs }), 400);
}

/**
 * The token endpoint's error: an OAuthError in its own words; another client error (a body that cannot
 * be read) as `Invalid request body`; anything else is a failure of ours, a logged 500.
 */
export function sendTokenError(reply: FastifyReply, error: unknown, clientError = false): FastifyReply {
  const wire = apiError(error) ?? (clientError ? { status: 400, body: oauthErrorBody('Invalid request body') } : undefined);
  if (wire) return reply.status(wire.status).type(JSON_UTF8).send(wire.body);
  reply.log.error({ err: error }, 'token endpoint failed');
  return reply.status(500).type(JSON_UTF8).send(oauthErrorBody('An unknown error occurred'));
}
