// Who is looking at a www page: the account of the session cookie, if any. Pages that need one send
// signed-out visitors to log in and come back (Instagram's /accounts/login/?next=…).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../accounts/account-entity.ts';
import type { Services } from '../../services.ts';
import type { Viewer } from '../../views/instagram-shell.ts';
import { sessionCookieOf } from '../session-cookies.ts';

export function createViewerLookup(services: Pick<Services, 'accounts' | 'sessions'>) {
  const { accounts, sessions } = services;

  const signedInAccount = async (request: FastifyRequest): Promise<Account | undefined> => {
    const id = await sessions.resolve('account', sessionCookieOf(request, 'account'));
    return id === undefined ? undefined : accounts.findAccount(id);
  };

  return {
    signedInAccount,

    /**
     * The signed-in account; otherwise redirects to log in, coming back to `returnTo` (the page itself
     * for a GET, the form's page for a POST), and returns undefined.
     */
    async requireAccount(request: FastifyRequest, reply: FastifyReply, returnTo = request.url): Promise<Account | undefined> {
      const account = await signedInAccount(request);
      if (!account) void reply.redirect(`/accounts/login/?next=${encodeURIComponent(returnTo)}`, request.method === 'GET' ? 302 : 303);
      return account;
    },

    /** The header's model: the account and a CSRF token for the Log out form. */
    viewerOf: (account: Account, reply: FastifyReply): Viewer => ({ username: account.username, csrfToken: reply.generateCsrf() }),
  };
}

export type ViewerLookup = ReturnType<typeof createViewerLookup>;
