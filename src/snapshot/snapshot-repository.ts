// SQL for whole-state snapshots: every row of every table read in one transaction (a consistent
// export), and every table's rows replaced in one transaction (an import). The migrations' own tables
// are never touched.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';
import { databaseKindOf } from '../storage/dialect.ts';
import { TABLES } from '../world/world-repository.ts';
import { invalidArchive } from './snapshot-entity.ts';

export type TableName = (typeof TABLES)[number];
/** A row as JSON carries it: igloo's columns hold text, numbers and nulls only. */
export type Row = Record<string, string | number | null>;
export type Rows = Record<TableName, Row[]>;

/** Parents before children: the order inserts must take with foreign keys on. */
const INSERT_ORDER = [...TABLES].reverse();
/** Rows per INSERT: well under SQLite's limit of bound parameters. */
const CHUNK = 100;

/**
 * Rows that do not fit the schema or each other: SQLite's words, or PostgreSQL's SQLSTATE classes 22
 * (data exception: a value of the wrong type or range) and 23 (integrity constraint violation).
 */
const isDataError = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const sqlState = (error as { code?: unknown }).code;
  return /constraint|datatype mismatch|violates/i.test(error.message) || (typeof sqlState === 'string' && /^2[23]/.test(sqlState));
};

export function createSnapshotRepository(db: Kysely<Database>) {
  return {
    /** Every row of every table, as of one moment. */
    readAll: (): Promise<Rows> =>
      db.transaction().execute(async (trx) => {
        const rows = {} as Rows;
        for (const table of TABLES) rows[table] = await trx.selectFrom(table).selectAll().execute();
        return rows;
      }),

    /** Each table's column names, from the database itself. */
    async columns(): Promise<Map<string, Set<string>>> {
      const tables = await db.introspection.getTables();
      return new Map(tables.map((table) => [table.name, new Set(table.columns.map((column) => column.name))]));
    },

    /**
     * Deletes every row and inserts `rows`, in one transaction. Rows that break a constraint (a missing
     * parent, a repeated key) roll it all back and throw SnapshotError naming their table.
     */
    async replaceAll(rows: Rows): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('media').where('parent_id', 'is not', null).execute();
        for (const table of TABLES) await trx.deleteFrom(table).execute();
        for (const table of INSERT_ORDER) {
          // Albums before their children: media.parent_id names media.id.
          const ordered = table === 'media' ? [...rows[table]].sort((a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null)) : rows[table];
          try {
            for (let i = 0; i < ordered.length; i += CHUNK) await trx.insertInto(table).values(ordered.slice(i, i + CHUNK)).execute();
          } catch (error) {
            if (!isDataError(error)) throw error;
            throw invalidArchive(`tables/${table}.jsonl`, `tables/${table}.jsonl has rows the database refuses: ${(error as Error).message}`, error);
          }
        }
        // PostgreSQL's serial key does not move past ids inserted as given: the next sign-in failure
        // would take an imported id. (SQLite's AUTOINCREMENT follows the largest id by itself.)
        if (databaseKindOf(db as unknown as Kysely<unknown>) === 'postgres') {
          await sql`select setval(pg_get_serial_sequence('sign_in_failures', 'id'), coalesce(max(id), 0) + 1, false) from sign_in_failures`.execute(trx);
        }
      });
    },
  };
}

export type SnapshotRepository = ReturnType<typeof createSnapshotRepository>;
