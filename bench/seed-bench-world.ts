// The bench's world: one developer, app and Instagram app (through the services), N accounts that are
// accepted testers holding one long-lived token each, and M unused authorization codes spread over
// them. All of it is bulk-inserted in one transaction: 10 000 code exchanges through services.oauth
// take ~20 s here against ~0.5 s, and the services issue only 1-hour tokens so far.
import { writeFileSync } from 'node:fs';
import { sql, type Insertable, type Kysely } from 'kysely';
import { DAY } from '../src/clock.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { sha256Hex } from '../src/digests.ts';
import { createPasswordHasher } from '../src/password-hasher.ts';
import { formatScopes } from '../src/oauth/scopes.ts';
import { CODE_LIFETIME_MS } from '../src/oauth/oauth-service.ts';
import { createServices, type Services } from '../src/services.ts';
import { isPostgresUrl } from '../src/storage/dialect.ts';
import type { Database, AccountsTable, AppScopedIdsTable, AuthCodesTable, GrantsTable, TestersTable, TokensTable } from '../src/storage/database-schema.ts';

/** Where a bench run keeps its world: a data dir (secret key, media) and a database in it or on PostgreSQL. */
export interface BenchStore {
  dataDir: string;
  /** `sqlite:<dataDir>/igloo.db`, or a throwaway cluster's `postgres://…`. */
  databaseUrl: string;
}

/** The environment the seeding and the igloo children share: same data dir and database, no demo world. */
export function benchEnvironment(store: BenchStore): Record<string, string> {
  return {
    IGLOO_DATA_DIR: store.dataDir,
    IGLOO_DATABASE_URL: store.databaseUrl,
    IGLOO_SEED_DEMO: 'false',
    IGLOO_ARGON2_MEMORY_KIB: '64',
    IGLOO_ARGON2_TIME_COST: '1',
    IGLOO_LOG_LEVEL: 'silent',
    // The bench measures speed, not the platform's rate limits.
    IGLOO_RATE_LIMIT_PER_HOUR: '100000000',
  };
}

const TOKEN_LIFETIME_MS = 60 * DAY;
const ROWS_PER_INSERT = 500;
const PASSWORD = 'bench password';
export const BENCH_REDIRECT_URI = 'https://bench.example.com/auth/';

/** What a client of the bench app needs to exchange its codes. */
export interface BenchApp {
  igAppId: string;
  appSecret: string;
}

async function createBenchApp(services: Services): Promise<string> {
  const developer = await services.developers.createDeveloper({ email: 'bench@example.com', name: 'Bench', password: PASSWORD });
  const app = await services.apps.createApp({ ownerId: developer.id, name: 'Bench App', appType: 'consumer', contactEmail: 'bench@example.com' });
  const igApp = await services.apps.createInstagramApp({ fbAppId: app.appId, displayName: 'Bench App' });
  await services.apps.updateBasicDisplay(igApp.igAppId, { redirectUris: [BENCH_REDIRECT_URI], deauthorizeUrl: '', dataDeletionUrl: '' });
  return igApp.igAppId;
}

/**
 * PostgreSQL plans from table statistics that autovacuum gathers only later: without them, the first
 * seconds of load would run on plans made for empty tables. (SQLite plans from the indexes alone.)
 */
export async function analyzeOnPostgres(db: Kysely<Database>, databaseUrl: string): Promise<void> {
  if (isPostgresUrl(databaseUrl)) await sql`analyze`.execute(db);
}

/** Splits rows into insert statements small enough for SQLite's bound-parameter limit (and PostgreSQL's 65 535). */
function inChunks<T>(rows: T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) chunks.push(rows.slice(i, i + ROWS_PER_INSERT));
  return chunks;
}

/**
 * Seeds `accountCount` testers with one valid token each, and `codeCount` codes valid for an hour (as
 * the Authorization Window issues them); writes the raw tokens and the raw codes, one a line, to
 * `tokensFile` and `codesFile`.
 */
export async function seedBenchWorld(options: { store: BenchStore; accountCount: number; tokensFile: string; codeCount: number; codesFile: string }): Promise<BenchApp> {
  const config = loadConfig(benchEnvironment(options.store));
  const { services, close } = await createServices(config);
  try {
    const igAppId = await createBenchApp(services);
    const { ids } = services;
    const now = services.clock.now();
    const passwordHash = await createPasswordHasher(config.argon2).hash(PASSWORD);
    const scopes = formatScopes(['user_profile', 'user_media']);
    const rawTokens: string[] = [];
    const accounts: Insertable<AccountsTable>[] = [];
    const testers: Insertable<TestersTable>[] = [];
    const asids: Insertable<AppScopedIdsTable>[] = [];
    const grants: Insertable<GrantsTable>[] = [];
    const tokens: Insertable<TokensTable>[] = [];
    for (let i = 0; i < options.accountCount; i++) {
      const id = ids.instagramUserId();
      const raw = ids.accessToken();
      rawTokens.push(raw);
      accounts.push({ id, username: `bench_${i}`, full_name: `Bench ${i}`, password_hash: passwordHash, account_type: 'PERSONAL', is_private: 0, password_changed_at: now, created_at: now });
      testers.push({ ig_app_id: igAppId, account_id: id, status: 'accepted', invited_at: now, updated_at: now });
      asids.push({ ig_app_id: igAppId, account_id: id, asid: ids.appScopedUserId() });
      grants.push({ ig_app_id: igAppId, account_id: id, scopes, status: 'active', created_at: now, updated_at: now, last_used_at: now });
      tokens.push({ token_hash: sha256Hex(raw), ig_app_id: igAppId, account_id: id, kind: 'long', scopes, code_hash: null, issued_at: now, expires_at: now + TOKEN_LIFETIME_MS, revoked_at: null, revoked_reason: null });
    }
    const rawCodes: string[] = [];
    const codes: Insertable<AuthCodesTable>[] = [];
    for (let i = 0; i < options.codeCount; i++) {
      const raw = ids.authorizationCode();
      rawCodes.push(raw);
      const accountId = (accounts[i % accounts.length] as Insertable<AccountsTable>).id;
      codes.push({ code_hash: sha256Hex(raw), ig_app_id: igAppId, account_id: accountId, redirect_uri: BENCH_REDIRECT_URI, scopes, created_at: now, expires_at: now + CODE_LIFETIME_MS, used_at: null });
    }
    await services.db.transaction().execute(async (trx) => {
      for (const chunk of inChunks(accounts)) await trx.insertInto('accounts').values(chunk).execute();
      for (const chunk of inChunks(testers)) await trx.insertInto('testers').values(chunk).execute();
      for (const chunk of inChunks(asids)) await trx.insertInto('app_scoped_ids').values(chunk).execute();
      for (const chunk of inChunks(grants)) await trx.insertInto('grants').values(chunk).execute();
      for (const chunk of inChunks(tokens)) await trx.insertInto('tokens').values(chunk).execute();
      for (const chunk of inChunks(codes)) await trx.insertInto('auth_codes').values(chunk).execute();
    });
    await analyzeOnPostgres(services.db, config.databaseUrl);
    writeFileSync(options.tokensFile, rawTokens.join('\n') + '\n');
    writeFileSync(options.codesFile, rawCodes.join('\n') + '\n');
    return { igAppId, appSecret: await services.apps.revealInstagramAppSecret(igAppId) };
  } finally {
    await close();
  }
}
