// The User Token Generator (spec §1.2; the flow is described in src/oauth/token-generator.ts):
// "Generate Token" sends the browser to the Authorization Window, whose redirect comes back here.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { appPath } from '../../views/dashboard-layout.ts';
import { generatedTokenPage } from '../../views/secret-pages.ts';
import { surfaceBase } from '../host-dispatch.ts';
import { sendPage } from '../page-security.ts';
import { formText, seeOtherResponse, validated } from '../form-validation.ts';
import type { BasicDisplayHandlers } from './basic-display-handlers.ts';
import { chromeOf, fieldErrorsOf, ownedOf } from './dashboard-context.ts';

const CALLBACK = 'instagram-basic-display/token-generator/callback/';
const BASIC_DISPLAY_PAGE = 'instagram-basic-display/basic-display/';

/** Generate Token's form: the accepted tester chosen in its select. */
const startBody = Type.Object({ accountId: formText(64) });
/** The Authorization Window's redirect (spec §2.2); a code is absent when the user cancels, and the other way round. */
const callbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 2048 })),
  state: formText(),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_reason: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 1024 })),
});

export const tokenGeneratorSchemas = {
  startTokenGeneration: { body: startBody, response: seeOtherResponse },
  finishTokenGeneration: { querystring: callbackQuery },
};

export function createTokenGeneratorHandlers(services: Pick<Services, 'appDashboard' | 'config'>, basicDisplay: BasicDisplayHandlers) {
  const { appDashboard, config } = services;

  return {
    startTokenGeneration: async (request: FastifyRequest, reply: FastifyReply) => {
      const owned = ownedOf(request);
      const { accountId } = validated(request.body, startBody);
      const redirectUri = surfaceBase(request, 'developers', config.hosts) + appPath(owned.appId, CALLBACK);
      try {
        const params = await appDashboard.startTokenGeneration({ ...owned, accountId, redirectUri });
        return reply.redirect(`${surfaceBase(request, 'api', config.hosts)}/oauth/authorize?${new URLSearchParams(params).toString()}`, 303);
      } catch (error) {
        const { notice } = fieldErrorsOf(error, { tester_not_accepted: 'notice' });
        return basicDisplay.renderBasicDisplay(request, reply, { notice: { kind: 'error', text: notice ?? '' }, status: 400 });
      }
    },

    /** The Authorization Window's redirect: `?code=…&state=…` or `?error=…&state=…` (spec §2.2). */
    finishTokenGeneration: async (request: FastifyRequest, reply: FastifyReply) => {
      const query = validated(request.query, callbackQuery);
      const owned = ownedOf(request);
      try {
        const token = await appDashboard.completeTokenGeneration({ ...owned, state: query.state, code: query.code, error: query.error });
        const view = await appDashboard.overview(owned);
        return sendPage(reply, generatedTokenPage({ chrome: chromeOf(request, reply, view, appPath(owned.appId, BASIC_DISPLAY_PAGE)), appId: owned.appId, token }));
      } catch (error) {
        const { token: message } = fieldErrorsOf(error, { request_invalid: 'token', denied: 'token', code_invalid: 'token', wrong_account: 'token' });
        const view = await appDashboard.overview(owned);
        return sendPage(reply, generatedTokenPage({ chrome: chromeOf(request, reply, view, appPath(owned.appId, BASIC_DISPLAY_PAGE)), appId: owned.appId, error: message }), 400);
      }
    },
  };
}
