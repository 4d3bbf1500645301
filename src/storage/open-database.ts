// Opens the database named by a URL: `sqlite:<file>`, `sqlite::memory:`, or `postgres://…` (also
// `postgresql://…`). The schema and every query are dialect-neutral; only the hot-path preparer differs:
// better-sqlite3's prepared statements on SQLite, named prepared statements (pg-preparer.ts) on PostgreSQL.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import { createLocalInvalidation, createPostgresInvalidation, type CacheInvalidation } from './cache-invalidation.ts';
import type { Database } from './database-schema.ts';
import { isPostgresUrl, type DatabaseKind } from './dialect.ts';
import { createPgPreparer } from './pg-preparer.ts';
import { migrateToLatest } from './migrations.ts';
import { checkReachable, openPostgres } from './postgres-database.ts';

/** Runs one prepared query with new parameters and returns its first row. */
export type PreparedFirst<Row> = (parameters: readonly unknown[]) => Promise<Row | undefined>;
/** Runs one prepared query with new parameters and returns all its rows. */
export type PreparedAll<Row> = (parameters: readonly unknown[]) => Promise<Row[]>;

/** Runs one prepared write once per parameter list, all in one transaction. */
export type PreparedRunMany = (parameterLists: readonly (readonly unknown[])[]) => Promise<void>;

/** Prepares compiled queries once, for hot paths (see OpenedDatabase.prepareFirst). */
export interface QueryPreparer {
  prepareFirst: <Row>(query: CompiledQuery<Row>) => PreparedFirst<Row>;
  prepareAll: <Row>(query: CompiledQuery<Row>) => PreparedAll<Row>;
  prepareRunMany: (query: CompiledQuery) => PreparedRunMany;
}

export interface OpenedDatabase extends QueryPreparer {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /**
   * Prepares a compiled Kysely query once, for hot paths (the Graph token check): Kysely's SQLite
   * driver prepares every statement anew, which costs more than running it. The query must take all
   * its values as parameters, in the order `parameters` will give them.
   *
   * On SQLite, prepared statements run on Kysely's one connection, so inside a Kysely transaction they would see
   * its uncommitted rows and share its fate. The rule that keeps them out: a transaction's body does
   * SQL only and never awaits anything else, so no other request runs while one is open.
   */
  prepareFirst: <Row>(query: CompiledQuery<Row>) => PreparedFirst<Row>;
  prepareAll: <Row>(query: CompiledQuery<Row>) => PreparedAll<Row>;
  /** For batches of small writes (a grant's last use): one statement, one transaction, one sync. */
  prepareRunMany: (query: CompiledQuery) => PreparedRunMany;
  /** Clears read caches on every node sharing this database (cache-invalidation.ts). */
  invalidation: CacheInvalidation;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** SQLite only. */
  synchronous: 'FULL' | 'NORMAL' | 'OFF';
}

export async function openDatabase(url: string, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (isPostgresUrl(url)) {
    const { db, pool } = await openPostgres(url);
    let invalidation: CacheInvalidation;
    try {
      await checkReachable(db, url);
      await migrateToLatest(db as unknown as Kysely<unknown>);
      invalidation = await createPostgresInvalidation({ url, notify: (channel, payload) => sql`select pg_notify(${channel}, ${payload})`.execute(db) });
    } catch (error) {
      await db.destroy();
      throw error;
    }
    const preparer = createPgPreparer(pool);
    return {
      db,
      kind: 'postgres',
      ...preparer,
      invalidation,
      close: async () => {
        await invalidation.close();
        await db.destroy();
      },
    };
  }
  if (!url.startsWith('sqlite:')) throw new Error(`unsupported database URL: ${url}`);
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as unknown as Kysely<unknown>);
  return {
    db,
    kind: 'sqlite',
    invalidation: createLocalInvalidation(),
    prepareFirst<Row>(query: CompiledQuery<Row>): PreparedFirst<Row> {
      // better-sqlite3 is synchronous: the read runs whole, between Kysely's statements.
      const statement = sqlite.prepare<unknown[], Row>(query.sql);
      return (parameters) => Promise.resolve(statement.get(...parameters));
    },
    prepareAll<Row>(query: CompiledQuery<Row>): PreparedAll<Row> {
      const statement = sqlite.prepare<unknown[], Row>(query.sql);
      return (parameters) => Promise.resolve(statement.all(...parameters));
    },
    prepareRunMany(query: CompiledQuery): PreparedRunMany {
      const statement = sqlite.prepare(query.sql);
      // Never inside a Kysely transaction (see prepareFirst): its rollback would take these writes along.
      const runAll = sqlite.transaction((parameterLists: readonly (readonly unknown[])[]) => {
        for (const parameters of parameterLists) statement.run(...parameters);
      });
      return (parameterLists) => {
        try {
          runAll(parameterLists);
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
    },
    close: () => db.destroy(),
  };
}
