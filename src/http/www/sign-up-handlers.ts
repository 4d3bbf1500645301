// /accounts/emailsignup/: creating an Instagram account on the web, then signing it in.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, type AccountErrorCode } from '../../accounts/account-entity.ts';
import type { Services } from '../../services.ts';
import { signUpPage, type SignUpField } from '../../views/sign-up-page.ts';
import { sendPage } from '../page-security.ts';
import { formText, foundResponse, seeOtherResponse, validated } from '../form-validation.ts';
import { safeLocalPath } from '../request-params.ts';
import { setSessionCookie } from '../session-cookies.ts';
import type { ViewerLookup } from './www-viewer.ts';

/** The field each refusal is shown under. */
const FIELD_OF: Partial<Record<AccountErrorCode, SignUpField>> = {
  username_invalid: 'username',
  username_taken: 'username',
  full_name_invalid: 'fullName',
  password_too_short: 'password',
};

const signUpQuery = Type.Object({ next: formText(2048) });
const signUpBody = Type.Object({ full_name: formText(), username: formText(), password: formText(), next: formText(2048) });

export const signUpSchemas = {
  showSignUp: { querystring: signUpQuery, response: foundResponse },
  signUp: { body: signUpBody, response: seeOtherResponse },
};

export function createSignUpHandlers(services: Pick<Services, 'accounts' | 'sessions'>, viewers: ViewerLookup) {
  const { accounts, sessions } = services;

  return {
    showSignUp: async (request: FastifyRequest, reply: FastifyReply) => {
      const next = safeLocalPath(validated(request.query, signUpQuery).next);
      if (await viewers.signedInAccount(request)) return reply.redirect(next, 302);
      return sendPage(reply, signUpPage({ csrfToken: reply.generateCsrf(), next }));
    },

    signUp: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = validated(request.body, signUpBody);
      const next = safeLocalPath(form.next);
      try {
        const account = await accounts.createAccount({ username: form.username, fullName: form.full_name, password: form.password });
        setSessionCookie(request, reply, 'account', await sessions.start('account', account.id));
        return reply.redirect(next, 303);
      } catch (error) {
        const field = error instanceof AccountError ? FIELD_OF[error.code] : undefined;
        if (!field || !(error instanceof AccountError)) throw error;
        const page = signUpPage({ csrfToken: reply.generateCsrf(), next, fullName: form.full_name, username: form.username, errors: { [field]: error.message } });
        return sendPage(reply, page, error.code === 'username_taken' ? 409 : 400);
      }
    },
  };
}
