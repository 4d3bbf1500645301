// /accounts/manage_access/: Apps and Websites for the signed-in account — the Active, Expired and
// Removed tabs with Remove (spec §1.5), and Tester Invites with Accept and Decline (spec §1.3).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../accounts/account-entity.ts';
import { AppError } from '../../apps/app-entity.ts';
import { ConnectionError } from '../../oauth/app-connections.ts';
import type { Services } from '../../services.ts';
import { APPS_TABS, manageAccessPage, type AppsTab } from '../../views/manage-access-page.ts';
import { sendPage } from '../page-security.ts';
import { formText, foundResponse, seeOtherResponse, validated } from '../form-validation.ts';
import type { ViewerLookup } from './www-viewer.ts';

const PAGE = '/accounts/manage_access/';

/** What each action says when it is done; the page shows it after the redirect (?done=…). */
const DONE = {
  removed: { tab: 'active', notice: 'The app was removed. It can no longer use your account.' },
  accepted: { tab: 'tester_invites', notice: 'Invitation accepted. The app can now use your account while it is in Development Mode.' },
  declined: { tab: 'tester_invites', notice: 'Invitation declined.' },
} satisfies Record<string, { tab: AppsTab; notice: string }>;
type Done = keyof typeof DONE;

const tabOf = (raw: string | undefined): AppsTab => (raw !== undefined && Object.hasOwn(APPS_TABS, raw) ? (raw as AppsTab) : 'active');

const showQuery = Type.Object({ tab: formText(64), done: formText(64) });
/** Each row's form carries the app in a hidden field. */
const appBody = Type.Object({ app_id: formText(64) });

export const manageAccessSchemas = {
  showManageAccess: { querystring: showQuery, response: foundResponse },
  act: { body: appBody, response: seeOtherResponse },
};

export function createManageAccessHandlers(services: Pick<Services, 'appConnections' | 'testers'>, viewers: ViewerLookup) {
  const { appConnections, testers } = services;

  const render = async (reply: FastifyReply, account: Account, tab: AppsTab, message: { notice?: string; error?: string } = {}, status = 200) => {
    const [tabs, invites] = await Promise.all([appConnections.listConnections(account.id), tab === 'tester_invites' ? testers.listInvites(account.id) : []]);
    const connections = tab === 'tester_invites' ? [] : tabs[tab];
    return sendPage(reply, manageAccessPage({ viewer: viewers.viewerOf(account, reply), tab, connections, invites, ...message }), status);
  };

  /** A POST of one app id; runs the action, then shows its tab with a notice, or the refusal. */
  const act = (done: Done, action: (accountId: string, igAppId: string) => Promise<void>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { tab } = DONE[done];
    const account = await viewers.requireAccount(request, reply, `${PAGE}?tab=${tab}`);
    if (!account) return reply;
    const { app_id: igAppId } = validated(request.body, appBody);
    try {
      await action(account.id, igAppId);
      return reply.redirect(`${PAGE}?tab=${tab}&done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof ConnectionError) && !(error instanceof AppError && error.code === 'tester_not_found')) throw error;
      return render(reply, account, tab, { error: error.message }, 404);
    }
  };

  return {
    showManageAccess: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await viewers.requireAccount(request, reply);
      if (!account) return reply;
      const query = validated(request.query, showQuery);
      const done = query.done !== undefined && Object.hasOwn(DONE, query.done) ? DONE[query.done as Done] : undefined;
      return render(reply, account, tabOf(query.tab), { notice: done?.notice });
    },
    removeApp: act('removed', (accountId, igAppId) => appConnections.removeConnection(accountId, igAppId)),
    acceptInvite: act('accepted', (accountId, igAppId) => testers.accept(igAppId, accountId)),
    declineInvite: act('declined', (accountId, igAppId) => testers.decline(igAppId, accountId)),
  };
}
