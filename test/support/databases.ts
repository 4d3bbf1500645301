// The storage contract suite's one helper: the same describe block runs on in-memory SQLite and on
// PostgreSQL (a throwaway cluster per test file, a fresh database per block; tools/postgres-cluster.ts).
import { after, before, describe } from 'node:test';
import type { DatabaseKind } from '../../src/storage/dialect.ts';
import { openDatabase, type OpenedDatabase } from '../../src/storage/open-database.ts';
import { startPostgres, type PostgresCluster } from '../../tools/postgres-cluster.ts';

export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres'];

let cluster: Promise<PostgresCluster> | undefined;
let stopRegistered = false;

/**
 * Call at the top level of a test file that uses PostgreSQL: the file's cluster is then stopped after
 * all its tests (an `after` registered inside a hook or a block would stop it too early).
 */
export function usePostgres(): void {
  if (stopRegistered) return;
  stopRegistered = true;
  after(async () => {
    if (cluster) await (await cluster).stop();
  });
}

/** This test file's PostgreSQL cluster, started on first use. */
function testPostgres(): Promise<PostgresCluster> {
  if (!stopRegistered) throw new Error('call usePostgres() at the top level of the test file first');
  cluster ??= startPostgres();
  return cluster;
}

let processCluster: Promise<PostgresCluster> | undefined;

/**
 * A database in a cluster that lives as long as the test process (stopped by its exit handler): for
 * IGLOO_TEST_DATABASE=postgres, which runs any behaviour test's igloo on PostgreSQL.
 */
export async function processPostgresDatabaseUrl(): Promise<string> {
  processCluster ??= startPostgres();
  return (await processCluster).createDatabase();
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

/**
 * Runs `body` as one describe block per database kind, each on an empty, migrated database. Call it at
 * the top level of the test file.
 */
export function describeOnEachDatabase(title: string, body: (under: DatabaseUnderTest) => void): void {
  usePostgres();
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
