// Products > Instagram Basic Display > Request Log (issue 8): the app's requests, filtered by a plain
// GET form, and one request's detail page. Only the app's administrator gets here (appDashboard checks).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGED_SURFACES, type LoggedSurface } from '../../requestlog/request-log.ts';
import type { Services } from '../../services.ts';
import { requestDetailPage, requestLogPage, STATUS_CLASSES, type RequestLogFilters } from '../../views/request-log-pages.ts';
import { sendPage } from '../page-security.ts';
import { formText, validated } from '../form-validation.ts';
import { appParams, chromeOf, ownedOf } from './dashboard-context.ts';
import { sendRequestNotInLog } from './dashboard-errors.ts';

const PAGE_SIZE = 50;

/** The filter form's fields, and `before` of the Older link. */
const requestLogQuery = Type.Object({ surface: formText(32), status: formText(8), before: formText(32) });
/** Request ids are the log's sequence numbers: anything else names no page. */
const requestParams = Type.Composite([appParams, Type.Object({ requestId: Type.String({ pattern: '^[0-9]{1,15}$' }) })]);

export const requestLogSchemas = {
  showRequestLog: { querystring: requestLogQuery },
  showRequest: { params: requestParams },
};

/** The form's filters; a value the form does not offer counts as "All". */
function filtersOf(query: unknown): RequestLogFilters & { before: number | undefined } {
  const { surface, status, before } = validated(query, requestLogQuery);
  return {
    surface: (LOGGED_SURFACES as string[]).includes(surface) ? (surface as LoggedSurface) : '',
    status: (STATUS_CLASSES as readonly string[]).includes(status) ? (status as RequestLogFilters['status']) : '',
    before: /^\d{1,15}$/.test(before) ? Number(before) : undefined,
  };
}

export function createRequestLogHandlers(services: Pick<Services, 'appDashboard'>) {
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
      const view = await appDashboard.findRequest(ownedOf(request), Number(validated(request.params, requestParams).requestId));
      if (!view.entry) return sendRequestNotInLog(request, reply);
      return sendPage(reply.header('cache-control', 'no-store'), requestDetailPage({ chrome: chromeOf(request, reply, view), appId: view.app.appId, entry: view.entry }));
    },
  };
}
