// The base of every module's typed error: a closed set of codes, a public message, and an internal
// detail that is only logged (STYLE.md 5). http/error-envelopes.ts turns them into wire bodies.

export class DomainError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly detail?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
