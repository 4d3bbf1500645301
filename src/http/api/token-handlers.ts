// POST /oauth/access_token (spec §2.4): multipart (the tutorial's `curl -F`) or urlencoded bodies; a
// JSON body is not read, which answers "Missing required field client_id" as Instagram did.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { apiError } from '../error-envelopes.ts';
import { pickParams } from '../request-params.ts';

const PARAMS = ['client_id', 'app_id', 'client_secret', 'app_secret', 'grant_type', 'redirect_uri', 'code'] as const;

export const JSON_UTF8 = 'application/json; charset=UTF-8';

/**
 * `{"access_token": "…", "user_id": 17841405793187218}`: user_id is an unquoted integer larger than
 * 2^53, so the text is built by hand and never passes through a JS number (spec §2.4, §10.1).
 */
export function tokenResponseBody(accessToken: string, userId: string): string {
  if (!/^\d+$/.test(userId)) throw new Error('user ids are digits');
  return `{"access_token": ${JSON.stringify(accessToken)}, "user_id": ${userId}}`;
}

export function createTokenHandlers(services: Services) {
  return {
    exchangeCode: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const result = await services.oauth.exchangeCode(pickParams(request.body, PARAMS));
        return reply.status(200).type(JSON_UTF8).send(tokenResponseBody(result.accessToken, result.userId));
      } catch (error) {
        const wire = apiError(error);
        if (!wire) throw error;
        return reply.status(wire.status).type(JSON_UTF8).send(wire.body);
      }
    },
  };
}
