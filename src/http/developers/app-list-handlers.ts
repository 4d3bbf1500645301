// My Apps and Create App (spec §1.1).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { createAppPage, myAppsPage } from '../../views/app-list-pages.ts';
import { appPath } from '../../views/dashboard-layout.ts';
import { sendPage } from '../page-security.ts';
import { pickParams } from '../request-params.ts';
import { chromeOf, developerOf, fieldErrorsOf, noticeOf, redirectTo } from './dashboard-context.ts';

const CREATE_APP_FIELDS = { app_type_invalid: 'appType', app_name_invalid: 'name', contact_email_invalid: 'contactEmail' };

export function createAppListHandlers(services: Services) {
  const { appDashboard } = services;

  return {
    listApps: async (request: FastifyRequest, reply: FastifyReply) => {
      const apps = await appDashboard.listApps(developerOf(request).id);
      return sendPage(reply, myAppsPage({ chrome: chromeOf(request, reply), apps, notice: noticeOf(request) }));
    },

    showCreateApp: (request: FastifyRequest, reply: FastifyReply) => {
      return sendPage(reply, createAppPage({ chrome: chromeOf(request, reply), values: { contactEmail: developerOf(request).email } }));
    },

    createApp: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = pickParams(request.body, ['appType', 'name', 'contactEmail']);
      try {
        const app = await appDashboard.createApp(developerOf(request).id, { appType: form.appType ?? '', name: form.name ?? '', contactEmail: form.contactEmail ?? '' });
        return redirectTo(request, reply, appPath(app.appId, 'dashboard/'), 'app-created');
      } catch (error) {
        return sendPage(reply, createAppPage({ chrome: chromeOf(request, reply), values: form, errors: fieldErrorsOf(error, CREATE_APP_FIELDS) }), 400);
      }
    },
  };
}
