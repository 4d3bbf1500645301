// The storage contract suite's one helper: the same describe block runs on in-memory SQLite and on
// PostgreSQL (a throwaway cluster per test file, a fresh database per block; test/support/postgres.ts).
import { after, before, describe } from 'node:test';
import type { DatabaseKind } from '../../src/storage/dialect.ts';
import { openDatabase, type OpenedDatabase } from '../../src/storage/open-database.ts';
import { startPostgres, type PostgresCluster } from './postgres.ts';

export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres'];

let cluster: Promise<PostgresCluster> | undefined;

/** This test file's PostgreSQL cluster, started on first use and stopped after the file's tests. */
export function testPostgres(): Promise<PostgresCluster> {
  if (!cluster) {
    cluster = startPostgres();
    after(async () => (await (cluster as Promise<PostgresCluster>)).stop());
  }
  return cluster;
}

/** A URL for an empty database of this kind. */
export async function emptyDatabaseUrl(kind: DatabaseKind): Promise<string> {
  return kind === 'sqlite' ? 'sqlite::memory:' : (await testPostgres()).createDatabase();
}

export interface DatabaseUnderTest {
  kind: DatabaseKind;
  /** Set before the block's own hooks run: a migrated, empty database of this kind. */
  database: OpenedDatabase;
}

/** Runs `body` as one describe block per database kind, each on an empty, migrated database. */
export function describeOnEachDatabase(title: string, body: (under: DatabaseUnderTest) => void): void {
  // Started before any block, at the top level of the file: its `after` then stops it last.
  testPostgres().catch(() => undefined); // its blocks' hooks report a failure to start
  for (const kind of DATABASE_KINDS) {
    describe(`${title} (${kind})`, () => {
      const under = { kind } as DatabaseUnderTest;
      before(async () => {
        under.database = await openDatabase(await emptyDatabaseUrl(kind), { synchronous: 'OFF' });
      });
      after(() => under.database.close());
      body(under);
    });
  }
}
