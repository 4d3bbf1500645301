// The numbered migrations, listed explicitly (nothing is discovered from the filesystem), and the
// runner that applies them at start.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-initial.ts';
import * as m0002 from './migrations/0002-dashboard.ts';
import * as m0003 from './migrations/0003-instagram-web.ts';
import * as m0004 from './migrations/0004-codes-by-grant.ts';
import * as m0005 from './migrations/0005-callback-outbox.ts';
import * as m0006 from './migrations/0006-token-refreshes.ts';
import * as m0007 from './migrations/0007-virtual-clock.ts';
import * as m0008 from './migrations/0008-auto-consent.ts';
import * as m0009 from './migrations/0009-media-blobs.ts';
import * as m0010 from './migrations/0010-shared-rate-limits.ts';

const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-dashboard': m0002,
  '0003-instagram-web': m0003,
  '0004-codes-by-grant': m0004,
  '0005-callback-outbox': m0005,
  '0006-token-refreshes': m0006,
  '0007-virtual-clock': m0007,
  '0008-auto-consent': m0008,
  '0009-media-blobs': m0009,
  '0010-shared-rate-limits': m0010,
};

/** The last migration's name: the schema level an igloo runs at, which a snapshot must match. */
export const LATEST_MIGRATION = Object.keys(migrations).at(-1) as string;

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'igloo_migrations', migrationLockTableName: 'igloo_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  return (results ?? []).map((r) => r.migrationName);
}
