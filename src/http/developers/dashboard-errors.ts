// The one place the App Dashboard's error pages are built: not found (another developer's app is simply
// not found), page expired (CSRF), a request that does not fit its route's schema, a request the log no
// longer holds, and anything unknown (500, logged).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../apps/app-entity.ts';
import { dashboardErrorPage } from '../../views/dashboard-layout.ts';
import { invalidInputMessage, isValidationError, validationContextOf } from '../form-validation.ts';
import { sendPage } from '../page-security.ts';
import { dashboardBase } from './dashboard-context.ts';

const sendError = (request: FastifyRequest, reply: FastifyReply, title: string, message: string, status: number) =>
  sendPage(reply, dashboardErrorPage({ base: dashboardBase(request), title, message }), status);

/** The surface's not-found handler; a URL whose ids do not fit (`/apps/abc/`) names no page either. */
export function sendDashboardNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(request, reply, "This page isn't available", 'The link you followed may be broken, or the page may have been removed.', 404);
}

/** Request Log > one request that is gone from the log (or belongs to another app). */
export function sendRequestNotInLog(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(request, reply, "This request isn't in the log", 'The request log keeps the latest requests only, in memory: this one is gone, or belongs to another app.', 404);
}

/** The surface's error handler. */
export function answerDashboardError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError && error.code === 'app_not_found') {
    return sendError(request, reply, "This page isn't available", 'The app does not exist, or you are not one of its administrators.', 404);
  }
  if (error.code?.startsWith('FST_CSRF')) {
    return sendError(request, reply, 'Page expired', 'This form has expired or was not sent from this page. Go back, reload the page and try again.', 403);
  }
  if (isValidationError(error)) {
    if (validationContextOf(error) === 'params') return sendDashboardNotFound(request, reply);
    return sendError(request, reply, 'Bad request', `${invalidInputMessage(error)} Go back and try again.`, 400);
  }
  if (error instanceof AppError || (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)) {
    return sendError(request, reply, 'Bad request', 'The request could not be understood.', 400);
  }
  request.log.error({ err: error }, 'dashboard handler failed');
  return sendError(request, reply, 'Something went wrong', 'Sorry, something went wrong. Please try again.', 500);
}
