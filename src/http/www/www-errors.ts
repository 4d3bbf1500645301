// The one place www.instagram.com's error pages are built: not found, page expired (CSRF), a request
// that does not fit its route's schema, and anything unknown (500, logged).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../../views/www-pages.ts';
import { invalidInputMessage, isValidationError, validationContextOf } from '../form-validation.ts';
import { sendPage } from '../page-security.ts';

/** Instagram's own words for a profile or post that does not exist. */
export function sendNotFound(reply: FastifyReply): FastifyReply {
  return sendPage(reply, errorPage({ title: "Sorry, this page isn't available.", message: 'The link you followed may be broken, or the page may have been removed.' }), 404);
}

/** The surface's error handler. A URL whose ids do not fit (`/media/x/abc`) names no page: not found. */
export function answerWwwError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code?.startsWith('FST_CSRF')) {
    return sendPage(reply, errorPage({ title: 'Page expired', message: 'This form has expired or was not sent from this page. Go back, reload the page and try again.' }), 403);
  }
  if (isValidationError(error)) {
    if (validationContextOf(error) === 'params') return sendNotFound(reply);
    return sendPage(reply, errorPage({ title: 'Bad request', message: `${invalidInputMessage(error)} Go back and try again.` }), 400);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return sendPage(reply, errorPage({ title: 'Bad request', message: 'The request could not be understood.' }), error.statusCode);
  }
  request.log.error({ err: error }, 'page handler failed');
  return sendPage(reply, errorPage({ title: 'Something went wrong', message: 'Sorry, something went wrong. Please try again.' }), 500);
}
