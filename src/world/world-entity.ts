// Whole emulator worlds (DESIGN.md §6): the error a world document can meet. A field_invalid names the
// field path at fault (`apps[0].redirect_uris[1]`); field_taken is a username or email already in use.
import { DomainError } from '../domain-error.ts';

export type WorldErrorCode = 'field_invalid' | 'field_taken';

export class WorldError extends DomainError<WorldErrorCode> {
  constructor(
    code: WorldErrorCode,
    message: string,
    readonly field: string,
  ) {
    super(code, message);
  }
}
