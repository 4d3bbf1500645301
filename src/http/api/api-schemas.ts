// api.instagram.com's route schemas (TypeBox): the Authorization Window's query and form, the token
// endpoint's form and every answer, for the public OpenAPI document. Every parameter is optional here:
// the OAuth service words what is missing or wrong, in the order Instagram checked (spec §2.3–2.4).
import { Type, type Static } from '@sinclair/typebox';
import { emptyAnswer, htmlAnswer, jsonAnswer } from '../public-schemas.ts';

const text = (description: string) => Type.Optional(Type.String({ description }));

const windowParams = {
  client_id: text('The Instagram App ID (required)'),
  app_id: text('The 2019–20 name of client_id'),
  redirect_uri: text('One of the app’s Valid OAuth Redirect URIs, byte for byte (required)'),
  scope: text('`user_profile` and optionally `user_media`, comma- or space-separated (required)'),
  response_type: text('`code` (required)'),
  state: text('Echoed back on the redirect'),
};

export const authorizeQuerySchema = Type.Object(windowParams);
export type AuthorizeQuery = Static<typeof authorizeQuerySchema>;

export const authorizeFormSchema = Type.Object({ ...windowParams, decision: text('`allow` or `deny`'), _csrf: text('The window’s CSRF token') });
export type AuthorizeForm = Static<typeof authorizeFormSchema>;

export const tokenFormSchema = Type.Object({
  client_id: text('The Instagram App ID (required)'),
  app_id: text('The 2019–20 name of client_id'),
  client_secret: text('The Instagram App Secret (required)'),
  app_secret: text('The 2019–20 name of client_secret'),
  grant_type: text('`authorization_code` (required)'),
  redirect_uri: text('The redirect_uri of the authorization, byte for byte (required)'),
  code: text('The code from the redirect, without its `#_` (required)'),
});
export type TokenForm = Static<typeof tokenFormSchema>;

export const oauthErrorSchema = Type.Object({ error_type: Type.Literal('OAuthException'), code: Type.Literal(400), error_message: Type.String() }, { title: 'OAuthError' });

const FAULT = emptyAnswer('An answer of an armed fault rule (issue 8): the rule’s status and body');
const ERROR_PAGE = htmlAnswer('The error page: `{"error_type": "OAuthException", "code": 400, "error_message": …}` or the 2024 sentence `Invalid request: …`');

export const showWindowSchema = {
  summary: 'The Authorization Window: sign-in, then consent; straight back to the app with auto consent',
  querystring: authorizeQuerySchema,
  response: {
    200: htmlAnswer('The sign-in page, or the consent page'),
    302: emptyAnswer('To the app’s redirect_uri with `code` (auto consent), or in drop-in mode to the window on www.instagram.com'),
    400: ERROR_PAGE,
    default: FAULT,
  },
};

export const decideSchema = {
  summary: 'The consent form’s answer: back to the app with a code, or with access_denied',
  body: authorizeFormSchema,
  consumes: ['application/x-www-form-urlencoded'],
  response: {
    303: emptyAnswer('To the app’s redirect_uri with `code` or `error=access_denied`, or back to the window to sign in'),
    400: ERROR_PAGE,
    403: htmlAnswer('The form expired or did not come from the window (CSRF)'),
    default: FAULT,
  },
};

export const exchangeCodeSchema = {
  summary: 'A code for a short-lived access token; `user_id` is a bare integer beyond 2^53',
  body: tokenFormSchema,
  consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
  response: {
    200: jsonAnswer('The token: `{"access_token": "…", "user_id": 17841405793187218}`', Type.Object({ access_token: Type.String(), user_id: Type.Integer() })),
    400: jsonAnswer('The refusal, in the OAuth envelope', oauthErrorSchema),
    default: emptyAnswer('An unknown error occurred (500, in the OAuth envelope), or an answer of an armed fault rule (issue 8)'),
  },
};
