// Instagram web sign-in, sign-out and the signed-in home page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError } from '../../accounts/account-entity.ts';
import type { Services } from '../../services.ts';
import { homePage, signInPage } from '../../views/www-pages.ts';
import { sendPage } from '../page-security.ts';
import { pickParams, safeLocalPath } from '../request-params.ts';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from '../session-cookies.ts';
import { createViewerLookup } from './www-viewer.ts';

export function createSignInHandlers(services: Services) {
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
      const next = safeLocalPath(pickParams(request.query, ['next']).next);
      if (await signedInAccount(request)) return reply.redirect(next, 303);
      return sendPage(reply, signInPage({ csrfToken: reply.generateCsrf(), next }));
    },

    signIn: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = pickParams(request.body, ['username', 'password', 'next']);
      const next = safeLocalPath(form.next);
      try {
        const account = await accounts.signIn({ username: form.username ?? '', password: form.password ?? '', address: request.ip });
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
      return reply.redirect(safeLocalPath(pickParams(request.body, ['next']).next), 303);
    },
  };
}

export type SignInHandlers = ReturnType<typeof createSignInHandlers>;
