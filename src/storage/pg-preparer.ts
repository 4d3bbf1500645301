// The PostgreSQL QueryPreparer: each hot query becomes a named prepared statement, which `pg` parses
// and PostgreSQL plans once per pooled connection instead of on every call (the statements are a
// few fixed texts, so a connection holds a handful). Named statements belong to a server session, so
// igloo needs PostgreSQL itself or a session-mode pool, as LISTEN already does (decisions §7).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { CompiledQuery } from 'kysely';
import type { PreparedAll, PreparedFirst, PreparedRunMany, QueryPreparer } from './open-database.ts';

/** One name per statement text: the same text prepared twice shares its name, and so its plan. */
const nameOf = (text: string) => `igloo_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;

export function createPgPreparer(pool: pg.Pool): QueryPreparer {
  const run = async <Row>(query: CompiledQuery<Row>, name: string, parameters: readonly unknown[]) =>
    (await pool.query<Row & pg.QueryResultRow>({ name, text: query.sql, values: parameters as unknown[] })).rows as Row[];
  return {
    prepareFirst<Row>(query: CompiledQuery<Row>): PreparedFirst<Row> {
      const name = nameOf(query.sql);
      return async (parameters) => (await run(query, name, parameters))[0];
    },
    prepareAll<Row>(query: CompiledQuery<Row>): PreparedAll<Row> {
      const name = nameOf(query.sql);
      return (parameters) => run(query, name, parameters);
    },
    prepareRunMany(query: CompiledQuery): PreparedRunMany {
      const name = nameOf(query.sql);
      return async (parameterLists) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          for (const values of parameterLists) await client.query({ name, text: query.sql, values: values as unknown[] });
          await client.query('commit');
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      };
    },
  };
}
