// The plain-Kysely QueryPreparer: runs a compiled query again with new parameters through Kysely's
// own driver. Any dialect can run it; PostgreSQL does (its driver and server keep their own plans),
// while SQLite uses better-sqlite3's prepared statements instead (open-database.ts).
import type { CompiledQuery, Kysely } from 'kysely';
import type { PreparedAll, PreparedFirst, PreparedRunMany, QueryPreparer } from './open-database.ts';

export function createKyselyPreparer(db: Kysely<unknown>): QueryPreparer {
  const run = <Row>(query: CompiledQuery<Row>, parameters: readonly unknown[]) => db.executeQuery<Row>({ ...query, parameters });
  return {
    prepareFirst<Row>(query: CompiledQuery<Row>): PreparedFirst<Row> {
      return async (parameters) => (await run(query, parameters)).rows[0];
    },
    prepareAll<Row>(query: CompiledQuery<Row>): PreparedAll<Row> {
      return async (parameters) => (await run(query, parameters)).rows;
    },
    prepareRunMany(query: CompiledQuery): PreparedRunMany {
      return async (parameterLists) => {
        await db.transaction().execute(async (trx) => {
          for (const parameters of parameterLists) await trx.executeQuery({ ...query, parameters });
        });
      };
    },
  };
}
