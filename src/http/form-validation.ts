// Route schemas of the HTML surfaces (www and the App Dashboard): the TypeBox pieces their handlers
// declare forms, queries and ids with, and what a page says when a request does not fit them. A form
// route validates with attachValidation and refuses in `rejectInvalid`, a preHandler after the CSRF
// check, so a forged form is still answered "Page expired" before its fields are looked at.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyError, FastifyRequest } from 'fastify';

/** Far above what any service accepts (names 64, emails 254, URLs 2000): only absurd input stops here. */
export const TEXT_MAX = 1024;

/**
 * A text field of a form or query, sent once. One left out counts as empty, as it always has: the page
 * then says what an empty field gets (a browser leaves out unchecked boxes and unchosen radios).
 */
export const formText = (maxLength = TEXT_MAX) => Type.String({ maxLength, default: '' });

/** A form POST that succeeds with 303 See Other; the body is empty, Location names the next page. */
export const seeOtherResponse = { 303: Type.Null({ description: 'See Other: the Location header names the next page' }) };

/** A GET that redirects (to Log in, for a signed-out visitor): 302 Found. */
export const foundResponse = { 302: Type.Null({ description: 'Found: the Location header names the page to show' }) };

/**
 * A part of the request (body, query, params) as its route's schema describes it: the route declares
 * `schema`, so Fastify has checked the value (and, for a form, `rejectInvalid` refused it otherwise).
 */
export function validated<S extends TSchema>(value: unknown, _schema: S): Static<S> {
  return value;
}

/** The route options of a validated form: its schema's failures reach the handler's hooks, not Fastify's JSON. */
export const formValidation = { attachValidation: true } as const;

/** preHandler after the CSRF check: a form whose fields do not fit its schema goes to the surface's error handler. */
export function rejectInvalid(request: FastifyRequest): Promise<void> {
  return request.validationError ? Promise.reject(request.validationError) : Promise.resolve();
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: { missingProperty?: string; limit?: number };
}

/** True for a schema failure of the request's querystring, body or params (Fastify sets `validation`). */
export function isValidationError(error: unknown): error is FastifyError & { validation: AjvError[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { validation?: unknown }).validation);
}

/** Where the failure is: `params` (the URL's ids), `querystring` or `body`. */
export function validationContextOf(error: FastifyError): string {
  return error.validationContext ?? 'body';
}

/** What the page says about a request that does not fit its schema, naming the field: `"username" is too long: …` */
export function invalidInputMessage(error: FastifyError & { validation: AjvError[] }): string {
  const [first] = error.validation;
  const where = validationContextOf(error) === 'querystring' ? 'The address' : 'The form';
  if (!first) return `${where} could not be understood.`;
  const field = first.params.missingProperty ?? first.instancePath.replace(/^\//, '');
  if (field === '') return `${where} could not be understood.`;
  switch (first.keyword) {
    case 'maxLength':
      return `"${field}" is too long: it can be up to ${first.params.limit ?? TEXT_MAX} characters.`;
    case 'type':
      return `${where} sent "${field}" more than once, or not as text.`;
    default:
      return `${where} has a "${field}" that is not valid.`;
  }
}
