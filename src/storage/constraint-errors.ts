// Recognises driver constraint errors so repositories can turn them into module errors at their boundary.

/** True for a unique or primary-key violation, in SQLite's or PostgreSQL's words. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed|duplicate key value violates unique constraint/.test(error.message);
}
