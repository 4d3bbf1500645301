// What every HTML surface registers in its own context: form parsing, CSRF tokens bound to the surface's
// session and checked in a preHandler (the body is parsed by then), security headers that forbid
// framing, and one error page.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { SessionSubject } from '../accounts/web-sessions.ts';
import type { Html } from '../views/html.ts';
import { errorPage } from '../views/www-pages.ts';
import { sessionCookieOf } from './session-cookies.ts';

export interface PageSecurityOptions {
  /** The session whose cookie CSRF tokens are bound to: a token made in one session is refused in another. */
  session: SessionSubject;
  /** The HMAC key that binds them (services.csrfKey). */
  csrfKey: string;
}

/**
 * What a CSRF token is bound to: the raw session cookie (so a form stays valid while its session does,
 * and a token taken from one session, or made before signing in or out, is refused in another), or a
 * fixed value no cookie gives for a visitor without one (the Log in and Sign up forms).
 * @see issue 7, point 13
 */
function csrfSubjectOf(request: FastifyRequest, session: SessionSubject): string {
  const cookie = sessionCookieOf(request, session);
  return cookie ? `session:${cookie}` : 'anonymous';
}

export function sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.value);
}

export async function registerPageSecurity(app: FastifyInstance, options: PageSecurityOptions): Promise<void> {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(helmet, {
    // The Authorization Window and every other page may not be framed (clickjacking).
    frameguard: { action: 'deny' },
    hsts: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        // No form-action: consent posts end in a redirect to the app's own redirect_uri.
      },
    },
  });
  await app.register(csrf, {
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', signed: false },
    getUserInfo: (request: FastifyRequest) => csrfSubjectOf(request, options.session),
    csrfOpts: { hmacKey: options.csrfKey },
  });
  // Every `reply.generateCsrf()` of the surface makes a token for the request's session.
  app.addHook('onRequest', (request, reply, done) => {
    const generate = reply.generateCsrf.bind(reply);
    reply.generateCsrf = (opts) => generate({ ...opts, userInfo: csrfSubjectOf(request, options.session) });
    done();
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
    if (error.code?.startsWith('FST_CSRF')) {
      return sendPage(reply, errorPage({ title: 'Page expired', message: 'This form has expired or was not sent from this page. Go back, reload the page and try again.' }), 403);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendPage(reply, errorPage({ title: 'Bad request', message: 'The request could not be understood.' }), error.statusCode);
    }
    request.log.error({ err: error }, 'page handler failed');
    return sendPage(reply, errorPage({ title: 'Something went wrong', message: 'Sorry, something went wrong. Please try again.' }), 500);
  });
}

/** The CSRF check for a form POST, run as a preHandler so the form body is parsed by then. */
export function csrfGuard(app: FastifyInstance): preHandlerHookHandler {
  return app.csrfProtection.bind(app);
}
