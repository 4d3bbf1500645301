// /accounts/password/change/: Change Password for the signed-in account. A change ends every token of
// the account (spec §1.5) and every other web session; this browser goes on in a new session.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, type AccountErrorCode } from '../../accounts/account-entity.ts';
import type { Services } from '../../services.ts';
import { changePasswordPage, type ChangePasswordField } from '../../views/change-password-page.ts';
import { sendPage } from '../page-security.ts';
import { formText, foundResponse, seeOtherResponse, validated } from '../form-validation.ts';
import { setSessionCookie } from '../session-cookies.ts';
import type { ViewerLookup } from './www-viewer.ts';

const PAGE = '/accounts/password/change/';

/** The field each refusal is shown under. */
const FIELD_OF: Partial<Record<AccountErrorCode, ChangePasswordField>> = {
  old_password_incorrect: 'oldPassword',
  sign_in_throttled: 'oldPassword',
  password_too_short: 'newPassword',
  password_mismatch: 'confirmPassword',
};

const showQuery = Type.Object({ changed: formText(8) });
const changeBody = Type.Object({ old_password: formText(), new_password1: formText(), new_password2: formText() });

export const changePasswordSchemas = {
  showChangePassword: { querystring: showQuery, response: foundResponse },
  changePassword: { body: changeBody, response: seeOtherResponse },
};

export function createChangePasswordHandlers(services: Pick<Services, 'accounts'>, viewers: ViewerLookup) {
  const { accounts } = services;

  return {
    showChangePassword: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await viewers.requireAccount(request, reply);
      if (!account) return reply;
      const changed = validated(request.query, showQuery).changed === '1';
      return sendPage(reply, changePasswordPage({ viewer: viewers.viewerOf(account, reply), changed }));
    },

    changePassword: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await viewers.requireAccount(request, reply, PAGE);
      if (!account) return reply;
      const form = validated(request.body, changeBody);
      try {
        const session = await accounts.changePassword({
          accountId: account.id,
          oldPassword: form.old_password,
          newPassword: form.new_password1,
          confirmPassword: form.new_password2,
          address: request.ip,
        });
        setSessionCookie(request, reply, 'account', session);
        return reply.redirect(`${PAGE}?changed=1`, 303);
      } catch (error) {
        const field = error instanceof AccountError ? FIELD_OF[error.code] : undefined;
        if (!field || !(error instanceof AccountError)) throw error;
        const status = error.code === 'sign_in_throttled' ? 429 : 400;
        return sendPage(reply, changePasswordPage({ viewer: viewers.viewerOf(account, reply), errors: { [field]: error.message } }), status);
      }
    },
  };
}
