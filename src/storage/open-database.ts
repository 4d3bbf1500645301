// Opens the database named by a URL. `sqlite:<file>` and `sqlite::memory:` today; the schema and every
// query stay dialect-neutral so `postgres://` can join without touching the repositories.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database-schema.ts';
import { migrateToLatest } from './migrations.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  synchronous: 'FULL' | 'NORMAL' | 'OFF';
}

export async function openDatabase(url: string, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
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
  return { db, close: () => db.destroy() };
}
