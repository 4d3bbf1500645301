// My Apps and Create App (spec §1.1).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { createAppPage, myAppsPage } from '../../views/app-list-pages.ts';
import { appPath } from '../../views/dashboard-layout.ts';
import { sendPage } from '../page-security.ts';
import { formText, seeOtherResponse, validated } from '../form-validation.ts';
import { chromeOf, developerOf, fieldErrorsOf, noticeOf, noticeQuery, redirectTo } from './dashboard-context.ts';

const CREATE_APP_FIELDS = { app_type_invalid: 'appType', app_name_invalid: 'name', contact_email_invalid: 'contactEmail' };

/** appType is a radio group: none chosen sends nothing, which the page refuses as "Choose an app type." */
const createAppBody = Type.Object({ appType: formText(64), name: formText(), contactEmail: formText() });

export const appListSchemas = {
  listApps: { querystring: noticeQuery },
  createApp: { body: createAppBody, response: seeOtherResponse },
};

export function createAppListHandlers(services: Pick<Services, 'appDashboard'>) {
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
      const form = validated(request.body, createAppBody);
      try {
        const app = await appDashboard.createApp(developerOf(request).id, form);
        return redirectTo(request, reply, appPath(app.appId, 'dashboard/'), 'app-created');
      } catch (error) {
        return sendPage(reply, createAppPage({ chrome: chromeOf(request, reply), values: form, errors: fieldErrorsOf(error, CREATE_APP_FIELDS) }), 400);
      }
    },
  };
}
