// Roles > Roles > Instagram Testers (spec §1.3): invite by username, list as Pending or Accepted, Remove.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { appPath } from '../../views/dashboard-layout.ts';
import { addTestersPage, rolesPage } from '../../views/roles-pages.ts';
import { sendPage } from '../page-security.ts';
import { formText, seeOtherResponse, validated } from '../form-validation.ts';
import { chromeOf, fieldErrorsOf, noticeOf, ownedOf, redirectTo } from './dashboard-context.ts';

const ROLES_PAGE = 'roles/roles/';
const INVITE_FIELDS = { account_not_found: 'username', username_invalid: 'username', tester_exists: 'username', tester_limit_reached: 'username' };

const addTesterBody = Type.Object({ username: formText() });
/** Each tester row's Remove form carries the account in a hidden field. */
const removeTesterBody = Type.Object({ accountId: formText(64) });

export const rolesSchemas = {
  addTester: { body: addTesterBody, response: seeOtherResponse },
  removeTester: { body: removeTesterBody, response: seeOtherResponse },
};

export function createRolesHandlers(services: Pick<Services, 'appDashboard'>) {
  const { appDashboard } = services;

  const renderAddTesters = async (request: FastifyRequest, reply: FastifyReply, username = '', error?: string) => {
    const view = await appDashboard.overview(ownedOf(request));
    if (!view.igApp) return redirectTo(request, reply, appPath(view.app.appId, ROLES_PAGE));
    return sendPage(reply, addTestersPage({ chrome: chromeOf(request, reply, view), appId: view.app.appId, username, error }), error ? 400 : 200);
  };

  const renderRoles = async (request: FastifyRequest, reply: FastifyReply, error?: string) => {
    const view = await appDashboard.withTesters(ownedOf(request));
    const notice = error ? { kind: 'error' as const, text: error } : noticeOf(request);
    const page = rolesPage({ chrome: chromeOf(request, reply, view, appPath(view.app.appId, ROLES_PAGE)), appId: view.app.appId, hasInstagramApp: view.igApp !== undefined, testers: view.testers, notice });
    return sendPage(reply, page, error ? 400 : 200);
  };

  return {
    showRoles: (request: FastifyRequest, reply: FastifyReply) => renderRoles(request, reply),

    showAddTesters: (request: FastifyRequest, reply: FastifyReply) => renderAddTesters(request, reply),

    addTester: async (request: FastifyRequest, reply: FastifyReply) => {
      const username = validated(request.body, addTesterBody).username.trim();
      if (username === '') return renderAddTesters(request, reply, username, 'Enter the Instagram username of the account to invite.');
      try {
        await appDashboard.inviteTester(ownedOf(request), username);
        return redirectTo(request, reply, appPath(ownedOf(request).appId, ROLES_PAGE), 'tester-invited');
      } catch (error) {
        return renderAddTesters(request, reply, username, fieldErrorsOf(error, INVITE_FIELDS).username);
      }
    },

    removeTester: async (request: FastifyRequest, reply: FastifyReply) => {
      const { accountId } = validated(request.body, removeTesterBody);
      try {
        await appDashboard.removeTester(ownedOf(request), accountId);
        return redirectTo(request, reply, appPath(ownedOf(request).appId, ROLES_PAGE), 'tester-removed');
      } catch (error) {
        return renderRoles(request, reply, fieldErrorsOf(error, { tester_not_found: 'notice' }).notice);
      }
    },
  };
}
