// Products > Instagram Basic Display > Request Log (issue 8): the app's requests, filtered by a plain
// GET form, and one request's detail page. Only the app's administrator gets here (appDashboard checks).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGED_SURFACES, type LoggedSurface } from '../../requestlog/request-log.ts';
import type { Services } from '../../services.ts';
import { dashboardErrorPage } from '../../views/dashboard-layout.ts';
import { requestDetailPage, requestLogPage, STATUS_CLASSES, type RequestLogFilters } from '../../views/request-log-pages.ts';
import { sendPage } from '../page-security.ts';
import { pickParams } from '../request-params.ts';
import { chromeOf, dashboardBase, ownedOf } from './dashboard-context.ts';

const PAGE_SIZE = 50;

/** The form's filters; a value the form does not offer counts as "All". */
function filtersOf(query: unknown): RequestLogFilters & { before: number | undefined } {
  const { surface = '', status = '', before = '' } = pickParams(query, ['surface', 'status', 'before']);
  return {
    surface: (LOGGED_SURFACES as string[]).includes(surface) ? (surface as LoggedSurface) : '',
    status: (STATUS_CLASSES as readonly string[]).includes(status) ? (status as RequestLogFilters['status']) : '',
    before: /^\d{1,15}$/.test(before) ? Number(before) : undefined,
  };
}

export function createRequestLogHandlers(services: Services) {
  const { appDashboard } = services;
  return {
    showRequestLog: async (request: FastifyRequest, reply: FastifyReply) => {
      const filters = filtersOf(request.query);
      const view = await appDashboard.listRequests(ownedOf(request), {
        surface: filters.surface || undefined,
        status: filters.status ? { hundreds: Number(filters.status[0]) } : undefined,
        limit: PAGE_SIZE,
        before: filters.before,
      });
      const model = { chrome: chromeOf(request, reply, view), appId: view.app.appId, igAppId: view.igApp?.igAppId, logEnabled: view.logEnabled, filters, entries: view.page.entries, nextBefore: view.page.nextBefore };
      return sendPage(reply.header('cache-control', 'no-store'), requestLogPage(model));
    },

    showRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      const id = pickParams(request.params, ['requestId']).requestId ?? '';
      const view = await appDashboard.findRequest(ownedOf(request), /^\d{1,15}$/.test(id) ? Number(id) : 0);
      if (!view.entry) {
        return sendPage(reply, dashboardErrorPage({ base: dashboardBase(request), title: "This request isn't in the log", message: 'The request log keeps the latest requests only, in memory: this one is gone, or belongs to another app.' }), 404);
      }
      return sendPage(reply.header('cache-control', 'no-store'), requestDetailPage({ chrome: chromeOf(request, reply, view), appId: view.app.appId, entry: view.entry }));
    },
  };
}
