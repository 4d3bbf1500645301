// Instagram web sign-in, sign-out and the signed-in home page.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError } from '../../accounts/account-entity.ts';
import type { Services } from '../../services.ts';
import { homePage, signInPage } from '../../views/www-pages.ts';
import { formText, seeOtherResponse, validated } from '../form-validation.ts';
import { sendPage } from '../page-security.ts';
import { safeLocalPath } from '../request-params.ts';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from '../session-cookies.ts';
import { createViewerLookup } from './www-viewer.ts';

/** Where to go after signing in: a local path (anything else becomes `/`). */
const nextField = formText(2048);

const signInQuery = Type.Object({ next: nextField });
const signInBody = Type.Object({ username: formText(), password: formText(), next: nextField });
const signOutBody = Type.Object({ next: nextField });

export const signInSchemas = {
  showSignIn: { querystring: signInQuery, response: seeOtherResponse },
  signIn: { body: signInBody, response: seeOtherResponse },
  signOut: { body: signOutBody, response: seeOtherResponse },
};

export function createSignInHandlers(services: Pick<Services, 'accounts' | 'sessions'>) {
  const { accounts, sessions } = services;
  const { signedInAccount } = createViewerLookup(services);

  return {
    signedInAccount,

    showHome: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await signedInAccount(request);
      if (!account) return sendPage(reply, signInPage({ csrfToken: reply.generateCsrf(), next: '/' }));
      return sendPage(reply, homePage({ username: account.username, csrfToken: reply.generateCsrf() }));
    },

    showSignIn: async (request: FastifyRequest, reply: FastifyReply) => {
      const next = safeLocalPath(validated(request.query, signInQuery).next);
      if (await signedInAccount(request)) return reply.redirect(next, 303);
      return sendPage(reply, signInPage({ csrfToken: reply.generateCsrf(), next }));
    },

    signIn: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = validated(request.body, signInBody);
      const next = safeLocalPath(form.next);
      try {
        const account = await accounts.signIn({ username: form.username, password: form.password, address: request.ip });
        setSessionCookie(request, reply, 'account', await sessions.start('account', account.id));
        return reply.redirect(next, 303);
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        const status = error.code === 'sign_in_throttled' ? 429 : 401;
        return sendPage(reply, signInPage({ csrfToken: reply.generateCsrf(), next, username: form.username, error: error.message }), status);
      }
    },

    signOut: async (request: FastifyRequest, reply: FastifyReply) => {
      await sessions.end(sessionCookieOf(request, 'account'));
      clearSessionCookie(reply, 'account');
      return reply.redirect(safeLocalPath(validated(request.body, signOutBody).next), 303);
    },
  };
}

export type SignInHandlers = ReturnType<typeof createSignInHandlers>;
