// POST /oauth/access_token (spec §2.4): multipart (the tutorial's `curl -F`) or urlencoded bodies; a
// JSON body is not read, which answers "Missing required field client_id" as Instagram did.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../../oauth/oauth-error.ts';
import type { Services } from '../../services.ts';
import { JSON_UTF8, sendTokenError } from './api-errors.ts';
import type { TokenForm } from './api-schemas.ts';

/**
 * `{"access_token": "…", "user_id": 17841405793187218}`: user_id is an unquoted integer larger than
 * 2^53, so the text is built by hand and never passes through a JS number (spec §2.4, §10.1).
 */
export function tokenResponseBody(accessToken: string, userId: string): string {
  if (!/^\d+$/.test(userId)) throw new Error('user ids are digits');
  return `{"access_token": ${JSON.stringify(accessToken)}, "user_id": ${userId}}`;
}

export function createTokenHandlers({ oauth }: Pick<Services, 'oauth'>) {
  return {
    exchangeCode: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        // Read by the route's schema (api-schemas.ts): the form's fields, each by its first value.
        const result = await oauth.exchangeCode(request.body as TokenForm);
        return reply.status(200).type(JSON_UTF8).send(tokenResponseBody(result.accessToken, result.userId));
      } catch (error) {
        // Anything but a refusal is the endpoint's error handler's to answer (and log).
        if (!(error instanceof OAuthError)) throw error;
        return sendTokenError(reply, error);
      }
    },
  };
}
