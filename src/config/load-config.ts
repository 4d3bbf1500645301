// Reads the environment once, through config-schema.ts, and returns a frozen Config.
// This is the only file that touches process.env.
import { configSchema, type Config } from './config-schema.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

function emptyConfig(): Config {
  return {
    hosts: { www: [], api: [], graph: [], developers: [], cdn: [] },
    argon2: { memoryCost: 0, timeCost: 0 },
    signInThrottle: { perAccount: 0, perAddress: 0, windowSeconds: 0 },
  } as unknown as Config;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Builds the config from an environment map; lists every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const config = emptyConfig();
  const problems: string[] = [];
  for (const item of configSchema) {
    const raw = env[item.env] ?? (typeof item.fallback === 'function' ? item.fallback(env) : item.fallback);
    const parsed = item.parse(raw);
    if (parsed && typeof parsed === 'object' && 'error' in parsed) problems.push(`${item.env}=${JSON.stringify(raw)} ${String(parsed.error)}`);
    else item.assign(config, parsed);
  }
  if (env.IGLOO_CDN_URL_TTL_HOURS !== undefined) {
    problems.push('IGLOO_CDN_URL_TTL_HOURS is no longer read: set IGLOO_CDN_IMAGE_URL_TTL_HOURS and IGLOO_CDN_VIDEO_URL_TTL_HOURS');
  }
  if (config.mode === 'service' && config.adminToken.length > 0 && config.adminToken.length < 16) {
    problems.push('IGLOO_ADMIN_TOKEN must be at least 16 characters');
  }
  if (config.mode === 'service' && config.metricsToken.length > 0 && config.metricsToken.length < 16) {
    problems.push('IGLOO_METRICS_TOKEN must be at least 16 characters');
  }
  if (config.tls && config.tlsPort !== 0 && config.tlsPort === config.port) {
    problems.push(`IGLOO_TLS_PORT must differ from IGLOO_PORT (both are ${config.port}): HTTPS and plain HTTP each need their own port`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** The config tests use: in-memory SQLite, cheap hashing, a fixed key. */
export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  return loadConfig({
    IGLOO_PORT: '0',
    IGLOO_DATABASE_URL: 'sqlite::memory:',
    IGLOO_PUBLIC_URL: 'http://localhost',
    IGLOO_SECRET_KEY: '0'.repeat(64),
    IGLOO_ARGON2_MEMORY_KIB: '64',
    IGLOO_ARGON2_TIME_COST: '1',
    IGLOO_SEED_DEMO: 'false',
    IGLOO_SQLITE_SYNCHRONOUS: 'OFF',
    IGLOO_LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/**
 * What a command that talks to a running igloo over HTTP reads (`igloo faults`): the base URL (IGLOO_URL,
 * as `igloo exec` hands it to its command) and the admin token of the control API in service mode.
 */
export function loadControlClient(env: Record<string, string | undefined> = process.env): { url: string; adminToken: string } {
  return { url: env.IGLOO_URL || 'http://127.0.0.1:8080', adminToken: env.IGLOO_ADMIN_TOKEN ?? '' };
}
