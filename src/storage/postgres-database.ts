// Opens PostgreSQL through `pg`'s pool. PostgreSQL's int8 (bigint: every time in ms, and count(*))
// arrives from `pg` as a string by default; here it is parsed to a number, so repositories see the same
// numbers as on SQLite. A value past Number.MAX_SAFE_INTEGER fails its query rather than lose digits
// (no igloo column comes near: times in ms reach 2^53 in the year 287396).
import type pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './database-schema.ts';

/** PostgreSQL's type OID of int8 (pg.types.builtins.INT8). */
const INT8 = 20;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers`);
  return value;
}

export async function openPostgres(url: string): Promise<{ db: Kysely<Database>; pool: pg.Pool }> {
  // Loaded only when PostgreSQL is configured: an igloo on SQLite starts without it.
  const { default: pgModule } = await import('pg');
  // Per pool, not pg.types.setTypeParser: nothing else in the process is affected. `pg` reads text.
  const getTypeParser = ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8 && format !== 'binary' ? parseInt8 : (pgModule.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'];
  const pool = new pgModule.Pool({ connectionString: url, types: { getTypeParser }, max: 10 });
  // An idle connection that breaks (a server restart) is dropped by the pool and the next query opens
  // another; without a listener the pool's 'error' event would end the process.
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** PostgreSQL cannot be reached at start; the message is one line, without the URL's password. */
export class DatabaseUnavailableError extends Error {}

/** Where a URL points, for messages: `host:port/database`, never the user's password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(an unparsable URL)';
  }
}

/** One round trip before migrating, so an unreachable server is one clear line, not a migration failure. */
export async function checkReachable(db: Kysely<Database>, url: string): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL at ${describePostgresUrl(url)} (IGLOO_DATABASE_URL): ${reason}`, { cause: error });
  }
}
