// "Show" and "Reset" of app secrets (spec §1.1–1.2): the developer's password again, then the secret on
// that one response (never in a URL, never cached: pages are sent with Cache-Control: no-store).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../apps/app-entity.ts';
import { DeveloperError } from '../../developers/developer-entity.ts';
import type { Services } from '../../services.ts';
import type { Notice } from '../../views/dashboard-layout.ts';
import { passwordConfirmPage, type SecretAction } from '../../views/secret-pages.ts';
import { sendPage } from '../page-security.ts';
import { formText, validated } from '../form-validation.ts';
import { chromeOf, fieldErrorsOf, ownedOf } from './dashboard-context.ts';

/** Renders the page that shows the secret (Settings > Basic or Basic Display). */
export type SecretPageRenderer = (request: FastifyRequest, reply: FastifyReply, extras: { revealedSecret: string; notice?: Notice }) => Promise<FastifyReply>;

const RESET_NOTICE: Notice = { kind: 'success', text: 'The Instagram App Secret was reset. The old secret no longer works; copy the new one now.' };

const confirmBody = Type.Object({ password: formText() });

/** The secret is shown on the POST's own answer (200), never after a redirect. */
export const secretSchemas = { confirm: { body: confirmBody } };

export function createSecretHandlers(services: Pick<Services, 'appDashboard'>, renderers: Record<SecretAction, SecretPageRenderer>) {
  const { appDashboard } = services;

  const renderPrompt = async (request: FastifyRequest, reply: FastifyReply, action: SecretAction, error?: string, status = 200) => {
    const view = await appDashboard.overview(ownedOf(request));
    // Instagram secrets exist only once Create New App made the Instagram app.
    if (action !== 'show-app-secret' && !view.igApp) throw new AppError('app_not_found', 'This app has no Instagram app yet.');
    return sendPage(reply, passwordConfirmPage({ chrome: chromeOf(request, reply, view), appId: view.app.appId, action, error }), status);
  };

  return {
    showPrompt: (action: SecretAction) => (request: FastifyRequest, reply: FastifyReply) => renderPrompt(request, reply, action),

    confirm: (action: SecretAction) => async (request: FastifyRequest, reply: FastifyReply) => {
      const { password } = validated(request.body, confirmBody);
      const input = { ...ownedOf(request), password, address: request.ip };
      try {
        const secret =
          action === 'reset-instagram-secret'
            ? await appDashboard.resetInstagramSecret(input)
            : await appDashboard.revealSecret({ ...input, secret: action === 'show-app-secret' ? 'app' : 'instagram' });
        return renderers[action](request, reply, { revealedSecret: secret, notice: action === 'reset-instagram-secret' ? RESET_NOTICE : undefined });
      } catch (error) {
        const { password: message } = fieldErrorsOf(error, { password_incorrect: 'password', sign_in_throttled: 'password' });
        const throttled = error instanceof DeveloperError && error.code === 'sign_in_throttled';
        return renderPrompt(request, reply, action, message, throttled ? 429 : 401);
      }
    },
  };
}
