// OAuth errors of api.instagram.com, named by what went wrong; `message` is the wire `error_message`
// (spec §2.3, §2.4). Authorize-time errors are shown on an error page and never redirected.
import { DomainError } from '../domain-error.ts';

export type OAuthErrorCode =
  | 'missing_field'
  | 'invalid_platform_app'
  | 'invalid_redirect_uri'
  | 'invalid_response_type'
  | 'invalid_scope'
  | 'insufficient_developer_role'
  | 'unsupported_grant_type'
  | 'invalid_code'
  | 'code_used'
  | 'redirect_uri_mismatch'
  | 'invalid_request';

export class OAuthError extends DomainError<OAuthErrorCode> {}

export const missingField = (name: string) => new OAuthError('missing_field', `Missing required field ${name}`);
export const invalidPlatformApp = () => new OAuthError('invalid_platform_app', 'Invalid platform app');
export const invalidCode = () => new OAuthError('invalid_code', 'Invalid authorization code');
export const codeUsed = () => new OAuthError('code_used', 'This authorization code has been used');
export const insufficientDeveloperRole = () => new OAuthError('insufficient_developer_role', 'Insufficient developer role');
export const redirectUriMismatch = () => new OAuthError('redirect_uri_mismatch', REDIRECT_MISMATCH_MESSAGE);

/**
 * The Authorization Window after the shutdown (spec §8, observed in 2025:
 * https://github.com/pdir/social-feed-bundle/issues/158), a plain sentence of the 2024 form
 * `Invalid request: Request parameters are invalid: <reason>` (spec §2.3) rather than the JSON body.
 */
export const shutdownScopeRefused = () => new OAuthError('invalid_request', 'Invalid request: Request parameters are invalid: Invalid scope: user_profile');

/** spec §2.4: the message Instagram gave for a redirect_uri that differs from the authorize request's. */
export const REDIRECT_MISMATCH_MESSAGE =
  'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request';
