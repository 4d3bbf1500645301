// POST /_igloo/tokens: an account's access token for an app in one call, recorded as a real grant
// (DESIGN.md §6), with the route's wire schemas. The work is EmulatorTokens.issue, shared with `igloo token`.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TOKEN_SCOPES } from '../../oauth/emulator-tokens.ts';
import type { Services } from '../../services.ts';
import { controlErrorSchema } from './control-validation.ts';

const scopeSchema = Type.Union([Type.Literal('user_profile'), Type.Literal('user_media')]);

const issueTokenBody = Type.Object(
  {
    app_id: Type.String({ minLength: 1, description: 'The Instagram App ID' }),
    username: Type.String({ minLength: 1, description: 'The Instagram account the token is for' }),
    scopes: Type.Optional(Type.Array(scopeSchema, { contains: Type.Literal('user_profile'), default: [...DEFAULT_TOKEN_SCOPES], description: 'user_profile is required' })),
    kind: Type.Optional(Type.Union([Type.Literal('short'), Type.Literal('long')], { default: 'short', description: 'short: 1 hour; long: 60 days' })),
  },
  { additionalProperties: false },
);

export type IssueTokenBody = Static<typeof issueTokenBody>;

export const issueTokenSchema = {
  summary: "Issue an account's access token for an app, as if it had passed the Authorization Window and the code exchange",
  body: issueTokenBody,
  response: {
    200: Type.Object({
      access_token: Type.String(),
      user_id: Type.String({ pattern: '^[0-9]+$', description: 'The app-scoped user id the code exchange gives, as a string' }),
      expires_in: Type.Integer({ description: 'Seconds until the token expires' }),
    }),
    400: controlErrorSchema,
    404: controlErrorSchema,
    409: controlErrorSchema,
  },
};

export function createControlTokenHandlers(services: Services) {
  return {
    issueToken: async (request: FastifyRequest<{ Body: IssueTokenBody }>, reply: FastifyReply) => {
      const { app_id: igAppId, username, scopes, kind } = request.body;
      const token = await services.emulatorTokens.issue({ igAppId, username, scopes, kind });
      return reply.header('cache-control', 'no-store').send({ access_token: token.accessToken, user_id: token.userId, expires_in: token.expiresIn });
    },
  };
}
