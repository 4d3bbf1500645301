// A real igloo on 127.0.0.1, port 0, over in-memory SQLite (STYLE.md, Tests). Each test file builds its
// own world on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from '../../src/app.ts';
import type { VirtualClock } from '../../src/clock.ts';
import { testConfig } from '../../src/config/load-config.ts';
import { createServices, type ServiceOptions, type Services } from '../../src/services.ts';
import { processPostgresDatabaseUrl } from './databases.ts';

/** IGLOO_TEST_DATABASE=postgres runs test servers on PostgreSQL (a database each) instead of in-memory SQLite. */
const databaseOverride = async (): Promise<Record<string, string>> =>
  process.env.IGLOO_TEST_DATABASE === 'postgres' ? { IGLOO_DATABASE_URL: await processPostgresDatabaseUrl() } : {};

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  services: Services;
  clock: VirtualClock;
  /** The Fastify instance, for what only it knows (its routes). */
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * @param options.logDestination receives the server's log lines (set IGLOO_LOG_LEVEL too; the default is silent)
 * @param serviceOptions e.g. a scripted `random` for fault rules' probabilities
 */
export async function startTestServer(overrides: Partial<Record<string, string>> = {}, options: AppOptions = {}, serviceOptions: ServiceOptions = {}): Promise<TestServer> {
  // The database is in memory; media bytes need a folder of their own, removed on close.
  const dataDir = mkdtempSync(join(tmpdir(), 'igloo-test-'));
  const config = testConfig({ IGLOO_DATA_DIR: dataDir, ...(await databaseOverride()), ...overrides });
  const { services, close } = await createServices(config, serviceOptions);
  const app = await createApp(services, options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  services.callbacks.start();
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  if (!services.virtualClock) throw new Error('test servers run in emulator mode');
  return {
    url: `http://127.0.0.1:${address.port}`,
    services,
    clock: services.virtualClock,
    app,
    async close() {
      await app.close();
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A real igloo in service mode (wall clock, no demo world), whose control API needs `adminToken`. */
export async function startServiceModeServer(adminToken: string, overrides: Partial<Record<string, string>> = {}): Promise<Omit<TestServer, 'clock'>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'igloo-test-'));
  const { services, close } = await createServices(testConfig({ IGLOO_DATA_DIR: dataDir, ...(await databaseOverride()), IGLOO_MODE: 'service', IGLOO_ADMIN_TOKEN: adminToken, ...overrides }));
  const app = await createApp(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    services,
    app,
    async close() {
      await app.close();
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
