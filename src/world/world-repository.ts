// SQL for a whole world: what an export reads (every developer, app, account and post) and the wipe of
// a reset. The migrations' own tables (igloo_migrations, igloo_migrations_lock) are never touched.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.ts';

/** Every table of the schema, children before parents (foreign keys are on). Snapshots use it too. */
export const TABLES = [
  'callback_outbox',
  'token_generator_requests',
  'tokens',
  'auth_codes',
  'grants',
  'app_scoped_ids',
  'testers',
  'permission_reviews',
  'redirect_uris',
  'app_products',
  'ig_apps',
  'fb_apps',
  'developers',
  'media',
  'sessions',
  'sign_in_failures',
  'accounts',
  'virtual_clock',
] as const satisfies readonly (keyof Database)[];

/** Counters, not world state: no snapshot carries them, and the rate limiter clears them on a reset (forgetMemory). */
export const COUNTER_TABLES = ['rate_limit_calls', 'rate_limit_users'] as const satisfies readonly (keyof Database)[];

// A table added to Database must be added above, or a reset would leave its rows behind.
type Unlisted = Exclude<keyof Database, (typeof TABLES)[number] | (typeof COUNTER_TABLES)[number]>;
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTableListed;

export function createWorldRepository(db: Kysely<Database>) {
  return {
    /** Deletes every row of every table, in one transaction. */
    async wipe(): Promise<void> {
      await db.transaction().execute(async (trx) => {
        // Album children first: media.parent_id names media.id.
        await trx.deleteFrom('media').where('parent_id', 'is not', null).execute();
        for (const table of TABLES) await trx.deleteFrom(table).execute();
      });
    },
    listDevelopers: () => db.selectFrom('developers').select(['id', 'email', 'name']).orderBy('created_at').orderBy('id').execute(),
    /** Every Facebook app that has an Instagram app, with its owner's email. */
    listInstagramApps: () =>
      db
        .selectFrom('ig_apps')
        .innerJoin('fb_apps', 'fb_apps.app_id', 'ig_apps.fb_app_id')
        .innerJoin('developers', 'developers.id', 'fb_apps.owner_id')
        .select(['ig_apps.ig_app_id', 'fb_apps.name', 'fb_apps.privacy_policy_url', 'developers.email'])
        .orderBy('fb_apps.created_at')
        .orderBy('fb_apps.app_id')
        .execute(),
    listAccounts: () => db.selectFrom('accounts').select(['id', 'username', 'full_name', 'account_type']).orderBy('created_at').orderBy('id').execute(),
    /** Every post, oldest first, with its owner's username. */
    listPosts: () =>
      db
        .selectFrom('media')
        .innerJoin('accounts', 'accounts.id', 'media.account_id')
        .select(['media.id', 'accounts.username', 'media.media_type', 'media.caption', 'media.taken_at'])
        .where('media.parent_id', 'is', null)
        .orderBy('media.taken_at')
        .orderBy('media.id')
        .execute(),
    /** Album children's types, by album id, in album order. */
    async listChildTypes(): Promise<Map<string, string[]>> {
      const rows = await db.selectFrom('media').select(['parent_id', 'media_type']).where('parent_id', 'is not', null).orderBy('parent_id').orderBy('position').execute();
      const out = new Map<string, string[]>();
      for (const row of rows) {
        const parent = row.parent_id as string;
        out.set(parent, [...(out.get(parent) ?? []), row.media_type]);
      }
      return out;
    },
  };
}

export type WorldRepository = ReturnType<typeof createWorldRepository>;
