// Media rows for the bench's media-page scenarios: the first `accountCount` bench accounts get equal
// shares of `totalRows` top-level photos, inserted straight into the table (no image processing: the
// page only signs URLs, it never reads the bytes). Called again with a larger total, it adds the rest.
// Plain Kysely inserts in batches, so the same code seeds SQLite and PostgreSQL.
import type { Insertable } from 'kysely';
import { DAY } from '../src/clock.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { createServices } from '../src/services.ts';
import type { MediaTable } from '../src/storage/database-schema.ts';
import { analyzeOnPostgres, benchEnvironment, type BenchStore } from './seed-bench-world.ts';

const ROWS_PER_INSERT = 1000;

export async function seedBenchMedia(options: { store: BenchStore; accountCount: number; totalRows: number }): Promise<number> {
  const config = loadConfig(benchEnvironment(options.store));
  const { services, close } = await createServices(config);
  try {
    const { db } = services;
    const accounts = await db.selectFrom('accounts').select('id').where('username', 'like', 'bench_%').orderBy('created_at').orderBy('username').limit(options.accountCount).execute();
    const existing = Number((await db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const now = services.clock.now();
    const perAccount = Math.ceil((options.totalRows - existing) / accounts.length);
    let serial = existing;
    let batch: Insertable<MediaTable>[] = [];
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < perAccount; i++) {
        for (const account of accounts) {
          if (serial >= options.totalRows) break;
          const id = `17${String(serial).padStart(15, '0')}`;
          batch.push({
            id,
            account_id: account.id,
            parent_id: null,
            media_type: 'IMAGE',
            caption: `Bench photo ${serial}`,
            shortcode: serial.toString(36).padStart(11, '0'),
            position: 0,
            media_key: `m/${id}.jpg`,
            thumbnail_key: null,
            width: 1080,
            height: 1080,
            is_reel: 0,
            is_shared_to_feed: 1,
            copyright_flagged: 0,
            // Older rows first: what was seeded earlier stays the newest.
            taken_at: now - (serial % 1_000_000) * 60_000 - DAY,
            created_at: now,
          });
          serial++;
          if (batch.length === ROWS_PER_INSERT) {
            await trx.insertInto('media').values(batch).execute();
            batch = [];
          }
        }
      }
      if (batch.length > 0) await trx.insertInto('media').values(batch).execute();
    });
    await analyzeOnPostgres(db, config.databaseUrl);
    return serial - existing;
  } finally {
    await close();
  }
}
