// Why an access token was refused. Graph turns these into code-190/2500 bodies (spec §5.2, DESIGN.md §5).
import { DomainError } from '../domain-error.ts';

export type TokenErrorCode =
  | 'token_missing'
  | 'token_unparseable'
  | 'token_expired'
  | 'token_password_changed'
  | 'token_revoked'
  | 'grant_type_unsupported'
  | 'client_secret_missing'
  | 'client_secret_invalid'
  | 'token_not_short_lived'
  | 'token_not_long_lived';

export class TokenError extends DomainError<TokenErrorCode> {}
