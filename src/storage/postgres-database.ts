// Opens PostgreSQL through `pg`'s pool. PostgreSQL's int8 (bigint: every time in ms, and count(*))
// arrives from `pg` as a string by default; here it is parsed to a number, so repositories see the same
// numbers as on SQLite. A value past Number.MAX_SAFE_INTEGER fails its query rather than lose digits
// (no igloo column comes near: times in ms reach 2^53 in the year 287396).
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './database-schema.ts';

const INT8: number = pg.types.builtins.INT8;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers`);
  return value;
}

// Per pool, not pg.types.setTypeParser: nothing else in the process is affected. `pg` reads text.
const getTypeParser = ((oid: number, format?: 'text' | 'binary'): unknown =>
  oid === INT8 && format !== 'binary' ? parseInt8 : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'];
const types: pg.CustomTypesConfig = { getTypeParser };

export function openPostgres(url: string): { db: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, types, max: 10 });
  // An idle connection that breaks (a server restart) is dropped by the pool and the next query opens
  // another; without a listener the pool's 'error' event would end the process.
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}
