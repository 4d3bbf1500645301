// Why an access token was refused. Graph turns these into code-190/2500 bodies (spec §5.2, DESIGN.md §5).
import { DomainError } from '../domain-error.ts';

export type TokenErrorCode = 'token_missing' | 'token_unparseable' | 'token_expired' | 'token_password_changed' | 'token_revoked';

export class TokenError extends DomainError<TokenErrorCode> {}
