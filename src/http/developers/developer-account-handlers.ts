// developers.facebook.com: the landing page, Log in, Sign Up and Log out of developer accounts.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DeveloperError } from '../../developers/developer-entity.ts';
import { developerSignInPage, developerSignUpPage } from '../../views/developer-account-pages.ts';
import { sendPage } from '../page-security.ts';
import { formText, seeOtherResponse, validated } from '../form-validation.ts';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from '../session-cookies.ts';
import { dashboardBase, fieldErrorsOf, findSignedInDeveloper, noticeOf, redirectTo, safeNext, type DeveloperLookup } from './dashboard-context.ts';

const SIGN_UP_FIELDS = { name_invalid: 'name', email_invalid: 'email', email_taken: 'email', password_too_short: 'password' };

/** Where to go after signing in: a path below the base (anything else becomes My Apps). */
const nextField = formText(2048);
const signInQuery = Type.Object({ next: nextField, done: formText(64) });
const signInBody = Type.Object({ email: formText(), password: formText(), next: nextField });
const signUpQuery = Type.Object({ next: nextField });
const signUpBody = Type.Object({ name: formText(), email: formText(), password: formText(), next: nextField });

export const developerAccountSchemas = {
  landing: { response: seeOtherResponse },
  showSignIn: { querystring: signInQuery, response: seeOtherResponse },
  signIn: { body: signInBody, response: seeOtherResponse },
  showSignUp: { querystring: signUpQuery },
  signUp: { body: signUpBody, response: seeOtherResponse },
  signOut: { body: Type.Object({}), response: seeOtherResponse },
};

export function createDeveloperAccountHandlers(services: DeveloperLookup) {
  const { developers, sessions } = services;

  return {
    /** developers.facebook.com/: My Apps when signed in, else Log in. */
    landing: async (request: FastifyRequest, reply: FastifyReply) => {
      return redirectTo(request, reply, (await findSignedInDeveloper(services, request)) ? '/apps/' : '/login/');
    },

    showSignIn: async (request: FastifyRequest, reply: FastifyReply) => {
      const next = safeNext(validated(request.query, signInQuery).next);
      if (await findSignedInDeveloper(services, request)) return redirectTo(request, reply, next);
      return sendPage(reply, developerSignInPage({ base: dashboardBase(request), csrfToken: reply.generateCsrf(), next, notice: noticeOf(request) }));
    },

    signIn: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = validated(request.body, signInBody);
      const next = safeNext(form.next);
      try {
        const developer = await developers.signIn({ email: form.email, password: form.password, address: request.ip });
        setSessionCookie(request, reply, 'developer', await sessions.start('developer', developer.id));
        return redirectTo(request, reply, next);
      } catch (error) {
        const errors = fieldErrorsOf(error, { sign_in_failed: 'password', sign_in_throttled: 'password' });
        const status = error instanceof DeveloperError && error.code === 'sign_in_throttled' ? 429 : 401;
        return sendPage(reply, developerSignInPage({ base: dashboardBase(request), csrfToken: reply.generateCsrf(), next, email: form.email, errors }), status);
      }
    },

    showSignUp: (request: FastifyRequest, reply: FastifyReply) => {
      const next = safeNext(validated(request.query, signUpQuery).next);
      return sendPage(reply, developerSignUpPage({ base: dashboardBase(request), csrfToken: reply.generateCsrf(), next }));
    },

    signUp: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = validated(request.body, signUpBody);
      const next = safeNext(form.next);
      try {
        const developer = await developers.createDeveloper({ name: form.name, email: form.email, password: form.password });
        setSessionCookie(request, reply, 'developer', await sessions.start('developer', developer.id));
        return redirectTo(request, reply, next);
      } catch (error) {
        const errors = fieldErrorsOf(error, SIGN_UP_FIELDS);
        return sendPage(reply, developerSignUpPage({ base: dashboardBase(request), csrfToken: reply.generateCsrf(), next, name: form.name, email: form.email, errors }), 400);
      }
    },

    signOut: async (request: FastifyRequest, reply: FastifyReply) => {
      await sessions.end(sessionCookieOf(request, 'developer'));
      clearSessionCookie(reply, 'developer');
      return redirectTo(request, reply, '/login/', 'signed-out');
    },
  };
}
