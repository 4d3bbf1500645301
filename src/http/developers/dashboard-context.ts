// What every App Dashboard handler shares: the signed-in developer (a preHandler sends anybody else to
// Log in), the surface base for links (`/developers`, or nothing on developers.facebook.com itself),
// the page chrome, the fixed notices shown after a redirect, and the mapping of refused input to the
// field it belongs to.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppOverview } from '../../dashboard/app-dashboard.ts';
import type { Developer } from '../../developers/developer-entity.ts';
import { DomainError } from '../../domain-error.ts';
import type { Services } from '../../services.ts';
import type { FieldErrors } from '../../views/dashboard-forms.ts';
import type { DashboardChrome, Notice } from '../../views/dashboard-layout.ts';
import { hostSurfaceOf, SURFACE_PREFIX } from '../host-dispatch.ts';
import { formText, validated } from '../form-validation.ts';
import { safeLocalPath } from '../request-params.ts';
import { sessionCookieOf } from '../session-cookies.ts';

const signedIn = new WeakMap<FastifyRequest, Developer>();

/** The services that say who is signed in. */
export type DeveloperLookup = Pick<Services, 'sessions' | 'developers'>;

/** Every /apps/{appId}/ route's params: app ids are digits, so anything else names no page. */
export const appParams = Type.Object({ appId: Type.String({ pattern: '^[0-9]{1,32}$' }) });

/** The query of every page that can show a notice after a redirect (`?done=saved`). */
export const noticeQuery = Type.Object({ done: formText(64) });

/** The surface's base path as this client sees it. */
export function dashboardBase(request: FastifyRequest): string {
  return hostSurfaceOf(request) === 'developers' ? '' : SURFACE_PREFIX.developers;
}

/** The request's path below the surface base (routes are mounted under /developers in both modes). */
export function surfacePath(request: FastifyRequest): string {
  const path = request.url.slice(SURFACE_PREFIX.developers.length);
  return path.startsWith('/') ? path : `/${path}`;
}

/** A local path below the base to continue to; anything else becomes My Apps. */
export function safeNext(next: string | undefined): string {
  const path = safeLocalPath(next);
  return path === '/' ? '/apps/' : path;
}

export async function findSignedInDeveloper(services: DeveloperLookup, request: FastifyRequest): Promise<Developer | undefined> {
  const id = await services.sessions.resolve('developer', sessionCookieOf(request, 'developer'));
  return id === undefined ? undefined : services.developers.findDeveloper(id);
}

/** preHandler of every signed-in page: a visitor without a developer session goes to Log in and comes back. */
export function requireDeveloper(services: DeveloperLookup): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const developer = await findSignedInDeveloper(services, request);
    if (developer) {
      signedIn.set(request, developer);
      return;
    }
    const next = request.method === 'GET' ? surfacePath(request) : '/apps/';
    return reply.redirect(`${dashboardBase(request)}/login/?next=${encodeURIComponent(next)}`, 303);
  };
}

export function developerOf(request: FastifyRequest): Developer {
  const developer = signedIn.get(request);
  if (!developer) throw new Error('requireDeveloper must run before this handler');
  return developer;
}

/** The signed-in developer and the app of the URL: what every app operation is checked against. */
export function ownedOf(request: FastifyRequest): { ownerId: string; appId: string } {
  return { ownerId: developerOf(request).id, appId: validated(request.params, appParams).appId };
}

export function chromeOf(request: FastifyRequest, reply: FastifyReply, overview?: AppOverview, here = surfacePath(request).split('?')[0] ?? '/'): DashboardChrome {
  const developer = developerOf(request);
  return {
    base: dashboardBase(request),
    csrfToken: reply.generateCsrf(),
    developer: { name: developer.name, email: developer.email },
    app: overview && {
      appId: overview.app.appId,
      name: overview.app.name,
      mode: overview.app.mode,
      appType: overview.app.appType,
      basicDisplayAdded: overview.basicDisplayAdded,
    },
    here,
  };
}

/** Notices shown after a redirect, named in the `done` query parameter (never text from the URL). */
const NOTICES = {
  saved: 'Changes saved.',
  'app-created': 'Your app was created. Next: Settings › Basic › Add Platform.',
  'product-added': 'Instagram Basic Display was added to your app.',
  'instagram-app-created': 'Your Instagram app was created. Add your Valid OAuth Redirect URIs and save your changes.',
  'tester-invited': 'Invitation sent. The tester accepts it on Instagram: Edit Profile › Apps and Websites › Tester Invites.',
  'tester-removed': 'The Instagram Tester was removed. In Development mode, the app’s access tokens for this account stop working too.',
  'review-approved': 'Approved: the permission is available to everyone who authorizes the app in Live mode.',
  'review-submitted': 'Added to submission. A reviewer will approve it.',
  'callback-replayed': 'The callback was queued again.',
  'auto-consent-on': 'Auto consent is on: the Authorization Window sends testers straight back to your redirect URI.',
  'auto-consent-off': 'Auto consent is off: the Authorization Window asks for consent again.',
  live: 'The app is now Live.',
  development: 'The app is now in Development mode.',
  'signed-out': 'You have logged out.',
} as const;

export type NoticeName = keyof typeof NOTICES;

export function noticeOf(request: FastifyRequest): Notice | undefined {
  const { done } = validated(request.query, noticeQuery);
  return Object.hasOwn(NOTICES, done) ? { kind: 'success', text: NOTICES[done as NoticeName] } : undefined;
}

/** Redirects (303) to a page below the base, optionally with a notice. */
export function redirectTo(request: FastifyRequest, reply: FastifyReply, path: string, done?: NoticeName): FastifyReply {
  const separator = path.includes('?') ? '&' : '?';
  return reply.redirect(`${dashboardBase(request)}${path}${done ? `${separator}done=${done}` : ''}`, 303);
}

/**
 * The message of a refused input, under the field it belongs to: `fields` maps each error code the
 * form expects to its field. Any other error is not the user's input and is thrown on.
 */
export function fieldErrorsOf(error: unknown, fields: Partial<Record<string, string>>): FieldErrors {
  const code = error instanceof DomainError ? (error.code as string) : undefined;
  const field = code !== undefined && Object.hasOwn(fields, code) ? fields[code] : undefined;
  if (field === undefined) throw error;
  return { [field]: (error as Error).message };
}
