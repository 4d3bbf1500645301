// The one wiring file: builds every repository and service from the config with plain arguments
// (STYLE.md 4). Tests call it with testConfig(); main.ts and the CLI with loadConfig().
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { createAccountRepository } from './accounts/account-repository.ts';
import { createAccountService } from './accounts/account-service.ts';
import { createSignInThrottle } from './accounts/sign-in-throttle.ts';
import { createWebSessions } from './accounts/web-sessions.ts';
import { createAppRepository } from './apps/app-repository.ts';
import { createCachedAppRepository } from './apps/cached-app-repository.ts';
import { createAppReviewService } from './apps/app-review-service.ts';
import { createAppService } from './apps/app-service.ts';
import { createTesterRepository } from './apps/tester-repository.ts';
import { createTesterService } from './apps/tester-service.ts';
import { createClockControl, createSystemClock, createVirtualClock, HOUR, type Clock, type VirtualClock } from './clock.ts';
import { createClockRepository } from './clock-repository.ts';
import type { Config } from './config/config-schema.ts';
import { createAppDashboard } from './dashboard/app-dashboard.ts';
import { createDeveloperRepository } from './developers/developer-repository.ts';
import { createDeveloperService } from './developers/developer-service.ts';
import { createFaultService } from './faults/fault-service.ts';
import { createEmulatorOverview } from './overview/emulator-overview.ts';
import { createGraphService } from './graph/graph-service.ts';
import { createReadiness } from './health/readiness.ts';
import { createIglooMetrics } from './metrics/igloo-metrics.ts';
import { createIdGenerator, type RandomBytes } from './ids.ts';
import { createCachedMediaRepository } from './media/cached-media-repository.ts';
import { createMediaRepository } from './media/media-repository.ts';
import { createMediaService } from './media/media-service.ts';
import { createProfileService } from './media/profile-service.ts';
import { createCdnSigner } from './media/cdn-urls.ts';
import { createAccessTokens, PASSWORD_CHANGED } from './oauth/access-tokens.ts';
import { createCodeRepository } from './oauth/code-repository.ts';
import { createEmulatorTokens } from './oauth/emulator-tokens.ts';
import { createGeneratorRequestRepository } from './oauth/generator-request-repository.ts';
import { createAppConnections } from './oauth/app-connections.ts';
import { createGrantRepository } from './oauth/grant-repository.ts';
import { createOAuthService } from './oauth/oauth-service.ts';
import { createTokenGenerator } from './oauth/token-generator.ts';
import { createLongLivedTokens } from './oauth/long-lived-tokens.ts';
import { createRateLimitRepository } from './ratelimit/rate-limit-repository.ts';
import { createRateLimiter, type RateLimiter } from './ratelimit/rate-limiter.ts';
import { createSharedRateLimiter } from './ratelimit/shared-rate-limiter.ts';
import { createRequestLog } from './requestlog/request-log.ts';
import { createWriteBatcher } from './storage/write-batcher.ts';
import { createCallbackRepository } from './callbacks/callback-repository.ts';
import { createCallbackService } from './callbacks/callback-service.ts';
import { createTokenRecordCache } from './oauth/token-record-cache.ts';
import { createTokenRepository } from './oauth/token-repository.ts';
import { createPasswordHasher } from './password-hasher.ts';
import { createSecretBox, resolveSecretKey } from './secret-box.ts';
import { blobDirectoryOf, createFileBlobStore } from './storage/blob-store.ts';
import { createDatabaseBlobStore } from './storage/database-blob-store.ts';
import { openDatabase } from './storage/open-database.ts';
import { ensureDemoWorld, findDemoWorld, postDemoMedia } from './demo-world.ts';
import { createWorldCheck } from './world/world-check.ts';
import { createWorldRepository } from './world/world-repository.ts';
import { createWorldService } from './world/world-service.ts';
import { packageVersion } from './package-root.ts';
import { createSnapshotRepository } from './snapshot/snapshot-repository.ts';
import { createSnapshotService } from './snapshot/snapshot-service.ts';

export interface ServiceOptions {
  /** Replaces the wall clock under the virtual clock (tests). */
  wallClock?: Clock;
  randomBytes?: RandomBytes;
  /** A number in [0, 1) for fault rules' probabilities (tests script it). */
  random?: () => number;
}

export async function createServices(config: Config, options: ServiceOptions = {}) {
  const database = await openDatabase(config.databaseUrl, { synchronous: config.sqliteSynchronous });
  const { db } = database;
  const wall = options.wallClock ?? createSystemClock();
  // Emulator mode runs on a virtual clock the control API can move (DESIGN.md §6); its offset survives restarts.
  const clockOffsets = createClockRepository(db);
  const virtualClock: VirtualClock | undefined = config.mode === 'emulator' ? createVirtualClock(wall, await clockOffsets.loadOffset()) : undefined;
  const clock: Clock = virtualClock ?? wall;
  const ids = createIdGenerator(options.randomBytes);
  const passwords = createPasswordHasher(config.argon2);
  const secretKey = resolveSecretKey(config);
  const secrets = createSecretBox(secretKey);
  const cdn = createCdnSigner({ secretKeyHex: secretKey, clock, ttlMs: { image: config.cdnImageUrlTtlHours * HOUR, video: config.cdnVideoUrlTtlHours * HOUR } });
  // Binds the HTML forms' CSRF tokens to their session (issue 7, point 13); derived, so no key of its own to configure.
  const csrfKey = createHmac('sha256', Buffer.from(secretKey, 'hex')).update('igloo csrf tokens').digest('hex');

  // Operations (issue 9): Prometheus metrics (off with IGLOO_METRICS=false) and readiness for /_igloo/readyz.
  const metrics = config.metrics
    ? createIglooMetrics({ outboxDepth: () => callbacks.outboxDepth(), info: { version: packageVersion(), mode: config.mode } })
    : undefined;
  const readiness = createReadiness({ pingDatabase: () => sql`select 1`.execute(db) });

  const sessions = createWebSessions({ db, clock, ids });
  // Cached token records embed account, grant and token fields: every write to those clears the cache.
  const tokenCache = createTokenRecordCache({ ttlMs: config.readCacheSeconds * 1000, maxEntries: 100_000, now: () => performance.now() });
  // On PostgreSQL other nodes may hold the same records: they are told too (decisions §7).
  const clearTokenCache = database.invalidation.shared('tokens', tokenCache.clear);
  const accountRepository = createAccountRepository(db, clearTokenCache);
  const accounts = createAccountService({
    accounts: accountRepository,
    throttle: createSignInThrottle({ db, clock, limits: config.signInThrottle, scope: 'instagram' }),
    passwords,
    clock,
    ids,
    sessions,
    revokeAllAccess: (accountId, at) => grants.revokeAllAccess(accountId, at, PASSWORD_CHANGED),
  });
  const developers = createDeveloperService({
    developers: createDeveloperRepository(db),
    throttle: createSignInThrottle({ db, clock, limits: config.signInThrottle, scope: 'developers' }),
    passwords,
    clock,
    ids,
  });
  // Hot reads are kept in memory (IGLOO_READ_CACHE_SECONDS) by wrappers around the plain repositories,
  // cleared by their writes here and, on PostgreSQL, on every other node (decisions §7).
  const readCache = { ttlMs: config.readCacheSeconds * 1000, now: () => performance.now() };
  const appRepository = createCachedAppRepository(createAppRepository(db), readCache, database.invalidation);
  const apps = createAppService({ apps: appRepository, secrets, clock, ids, allowHttpRedirectUris: config.allowHttpRedirectUris, autoConsentAvailable: config.mode === 'emulator' });
  // App Review approves at once in emulator mode; in service mode an operator approves (DESIGN.md §6).
  const reviews = createAppReviewService({ apps: appRepository, clock, instantApproval: config.mode === 'emulator' });
  // Grants, and the tokens and codes under them: cached token records carry the grant's status.
  const grants = createGrantRepository(db, database, clearTokenCache);
  const testers = createTesterService({ testers: createTesterRepository(db), accounts, apps, revokeAccess: (...args) => grants.revokeAccess(...args), clock });
  const tokenRepository = createTokenRepository(db, database.prepareFirst, clearTokenCache);
  // Every token is written through insert: the metrics count them there, after the write.
  const tokens: typeof tokenRepository = metrics
    ? { ...tokenRepository, insert: async (row, trx) => void (await tokenRepository.insert(row, trx), metrics.tokenIssued(row.kind)) }
    : tokenRepository;
  const accessTokens = createAccessTokens({ tokens, cache: tokenCache, clock, ids });
  const codes = createCodeRepository(db, database);
  const generatorRequests = createGeneratorRequestRepository(db);
  const oauth = createOAuthService({
    durableWrites: createWriteBatcher(db),
    apps,
    testers,
    codes,
    generatorRequests,
    tokens,
    grants,
    accessTokens,
    clock,
    ids,
  });
  // Tokens on demand for the control API and `igloo token` (DESIGN.md §6).
  const emulatorTokens = createEmulatorTokens({ apps, accounts, oauth });
  const tokenGenerator = createTokenGenerator({ requests: generatorRequests, codes, testers, oauth, clock, ids });
  const mediaRepository = createCachedMediaRepository(createMediaRepository(db, database), readCache, database.invalidation);
  // In the database, every node sharing it serves every post's bytes (decisions §7); files are SQLite's default.
  const blobs = config.mediaStore === 'database' ? createDatabaseBlobStore(db, { now: () => wall.now() }) : createFileBlobStore(blobDirectoryOf(config.dataDir));
  const media = createMediaService({ media: mediaRepository, blobs, clock, ids });
  // Instagram on the web: profiles and permalinks, and Apps and Websites.
  const profiles = createProfileService({ accounts, media: mediaRepository, blobs });
  // Deauthorize and Data Deletion callbacks: queued with a removal, delivered by a worker (spec §7).
  const callbacks = createCallbackService({
    callbacks: createCallbackRepository(db),
    instagramAppSecret: (igAppId) => apps.revealInstagramAppSecret(igAppId),
    allowPrivateNetwork: config.callbacksToPrivateNetworks,
    clock,
    wallClock: wall,
    ids,
  });
  // In memory, per process (issue 8): the last requests of the OAuth, Graph and CDN surfaces.
  const requestLog = createRequestLog({ size: config.requestLogSize, clock, wall });
  const appDashboard = createAppDashboard({ apps, reviews, testers, developers, tokenGenerator, callbacks, requestLog });
  const appConnections = createAppConnections({ grants, apps, callbacks, clock });
  const graph = createGraphService({ media: mediaRepository });

  const longLivedTokens = createLongLivedTokens({ accessTokens, tokens, apps, clock });
  // On PostgreSQL the nodes count together (one statement a call); SQLite is one process and keeps its
  // counters in memory, free on the /me hot path (decisions §7).
  const rateLimiter: RateLimiter =
    database.kind === 'postgres'
      ? createSharedRateLimiter({ counters: createRateLimitRepository(db, database), clock, perHour: config.rateLimitPerHour })
      : createRateLimiter({ clock, perHour: config.rateLimitPerHour });
  // Fault rules live in this process's memory only (issue 8).
  const faults = createFaultService({ clock, random: options.random ?? Math.random });

  // Moves of the virtual clock are saved, then callback retries that just fell due go out.
  const clockControl = virtualClock && createClockControl({ clock: virtualClock, wall, saveOffset: (offsetMs, at) => clockOffsets.saveOffset(offsetMs, at), afterMove: () => callbacks.kick() });

  const forgetMemory = async () => {
    // The token records, apps and first pages of feeds, here and on every other node.
    await database.invalidation.clearAll();
    // On PostgreSQL, every node's counters: they are shared.
    await rateLimiter.clear();
    appConnections.forgetUses();
    faults.clear();
  };
  // Whole worlds in one call, export and reset (DESIGN.md §6), for the control API and the CLI.
  const world = createWorldService({
    check: createWorldCheck({ developers, accounts, allowHttpRedirectUris: config.allowHttpRedirectUris, autoConsentAvailable: config.mode === 'emulator' }),
    world: createWorldRepository(db),
    developers,
    apps,
    testers,
    accounts,
    media,
    clock,
    postSampleFeed: (accountId, count) => postDemoMedia({ clock, media }, accountId, count),
    blobs,
    virtualClock,
    forgetMemory,
    seedDemo: (publicUrl) => ensureDemoWorld(services, publicUrl),
  });
  // The whole state as one archive, and back (issue 8).
  const snapshots = createSnapshotService({
    snapshots: createSnapshotRepository(db),
    blobs,
    virtualClock,
    saveClockOffset: (offsetMs) => clockOffsets.saveOffset(offsetMs, wall.now()),
    forgetMemory,
    secretKeyId: createHmac('sha256', Buffer.from(secretKey, 'hex')).update('igloo snapshot secret key id').digest('hex').slice(0, 16),
    iglooVersion: packageVersion(),
    wallNow: () => wall.now(),
  });

  // The emulator's home page (/_igloo/) reads it all through one service.
  const overview = createEmulatorOverview({ clock, virtualClock, faults, requestLog, apps: appRepository, findDemo: () => findDemoWorld({ developers, apps, accounts }) });

  const services = { config, csrfKey, db, clock, virtualClock, clockControl, ids, accounts, developers, apps, reviews, appDashboard, testers, oauth, emulatorTokens, accessTokens, longLivedTokens, graph, sessions, media, cdn, blobs, rateLimiter, faults, requestLog, profiles, appConnections, callbacks, world, snapshots, overview, metrics, readiness };
  return {
    services,
    close: async () => {
      await callbacks.stop();
      await appConnections.flushUses();
      await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>['services'];
