// Session cookies of the HTML surfaces: HttpOnly, SameSite=Lax, Secure whenever the request was https.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_LIFETIME_MS, type SessionSubject } from '../accounts/web-sessions.ts';

/** Instagram's own cookie name for www; a separate one for the dashboard. */
export const SESSION_COOKIE: Record<SessionSubject, string> = { account: 'sessionid', developer: 'igloo_dev_session' };

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, kind: SessionSubject, raw: string): void {
  reply.setCookie(SESSION_COOKIE[kind], raw, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply, kind: SessionSubject): void {
  reply.clearCookie(SESSION_COOKIE[kind], { path: '/' });
}

export function sessionCookieOf(request: FastifyRequest, kind: SessionSubject): string | undefined {
  return request.cookies[SESSION_COOKIE[kind]];
}
