// The one description of igloo's configuration: every key, its environment variable, default and doc line.
// load-config.ts reads process.env through this table; README.md's Configuration section mirrors it.
import { isPostgresUrl } from '../storage/dialect.ts';

export type Mode = 'emulator' | 'service';

export interface SurfaceHosts {
  www: string[];
  api: string[];
  graph: string[];
  developers: string[];
  cdn: string[];
}

export interface Config {
  mode: Mode;
  /** Address the listener binds to. */
  bindHost: string;
  port: number;
  /** Also serve HTTPS (drop-in mode) with the certificate in <data dir>/certs/, on tlsPort. */
  tls: boolean;
  tlsPort: number;
  dataDir: string;
  /** `sqlite:<file>`, `sqlite::memory:`, `postgres://…`. */
  databaseUrl: string;
  /** Where media bytes live: in the database (shared by every node on it) or in <data dir>/media. */
  mediaStore: 'database' | 'files';
  /**
   * Where igloo is reached when no Host header names a surface (the banner, the demo world's redirect
   * URI). Empty means "http://localhost:<the port bound>".
   */
  publicUrl: string;
  hosts: SurfaceHosts;
  /** 32-byte key (hex) that encrypts app secrets at rest; empty means "keep one in the data dir". */
  secretKey: string;
  /** Peers whose X-Forwarded-* headers are believed (Fastify trustProxy syntax). */
  trustProxy: string;
  allowHttpRedirectUris: boolean;
  /** Whether Deauthorize and Data Deletion callbacks may go to loopback, private and link-local addresses. */
  callbacksToPrivateNetworks: boolean;
  adminToken: string;
  seedDemoWorld: boolean;
  argon2: { memoryCost: number; timeCost: number };
  signInThrottle: { perAccount: number; perAddress: number; windowSeconds: number };
  sqliteSynchronous: 'FULL' | 'NORMAL' | 'OFF';
  /**
   * How long signed image URLs (photos, album covers, video thumbnails) and video URLs stay valid. From
   * 2021 to 2024 Instagram's `oe` fell about 4 days after the request for images and 1 day for videos
   * (captures in https://github.com/bk-rs/instagram-apis-rs tests/response_body_files); 2020's lasted weeks.
   */
  cdnImageUrlTtlHours: number;
  cdnVideoUrlTtlHours: number;
  /** Graph calls allowed per app and user in a rolling hour (spec §6.1). */
  rateLimitPerHour: number;
  /** How long hot reads (token checks, first feed pages) may be served from memory (0: never cached). */
  readCacheSeconds: number;
  /** How many requests the request log keeps in memory (0: no log). */
  requestLogSize: number;
  /** The most a post's files may weigh together when uploaded on the web, in MiB. */
  uploadMaxMb: number;
  /** The most a snapshot archive may weigh, packed and unpacked (POST /_igloo/snapshot, `igloo snapshot import`), in MiB. */
  snapshotMaxMb: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a request may take to arrive whole (headers and body) before it is cut with 408. */
  requestTimeoutSeconds: number;
  /** Whether /_igloo/metrics exists and requests are measured for it. */
  metrics: boolean;
  /** A bearer token that may read /_igloo/metrics (and nothing else) in service mode; empty: the admin token only. */
  metricsToken: string;
  /** On SIGTERM, how long requests in flight may take to finish before the process stops anyway. */
  drainSeconds: number;
}

type Parser<T> = (raw: string) => T | { error: string };

export interface ConfigEntry<T = unknown> {
  env: string;
  doc: string;
  /** The default, or a function of the keys read before it. */
  fallback: string | ((env: Record<string, string | undefined>) => string);
  parse: Parser<T>;
  assign: (config: Config, value: T) => void;
}

const integer = (min: number, max: number): Parser<number> => (raw) => {
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= min && n <= max ? n : { error: `must be a whole number from ${min} to ${max}` };
};
const oneOf = <T extends string>(...values: T[]): Parser<T> => (raw) =>
  (values as string[]).includes(raw) ? (raw as T) : { error: `must be one of ${values.join(', ')}` };
const boolean: Parser<boolean> = (raw) =>
  raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : { error: 'must be true or false' };
const text: Parser<string> = (raw) => raw;
const hostList: Parser<string[]> = (raw) => {
  const names = raw.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  return names.every((h) => /^[a-z0-9.-]+(:\d+)?$/.test(h)) ? names : { error: 'must be a comma-separated list of host names' };
};
const url: Parser<string> = (raw) => {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'must be an http or https URL' };
    return parsed.origin + parsed.pathname.replace(/\/+$/, '');
  } catch {
    return { error: 'must be an absolute URL' };
  }
};
const hexKey: Parser<string> = (raw) =>
  raw === '' || /^[0-9a-f]{64}$/i.test(raw) ? raw.toLowerCase() : { error: 'must be 64 hex characters (32 bytes)' };

/**
 * http://localhost:<port>; empty when the port is picked at listen time (0), so main.ts derives it from
 * the port actually bound. A malformed port is reported once, under IGLOO_PORT.
 */
function defaultPublicUrl(env: Record<string, string | undefined>): string {
  const port = env.IGLOO_PORT ?? '8080';
  if (port === '0') return '';
  return `http://localhost:${/^\d+$/.test(port) ? port : '8080'}`;
}

function entry<T>(e: ConfigEntry<T>): ConfigEntry {
  return e as unknown as ConfigEntry;
}

export const configSchema: ConfigEntry[] = [
  entry<Mode>({ env: 'IGLOO_MODE', doc: 'emulator (control API open, demo world, instant App Review) or service', fallback: 'emulator', parse: oneOf('emulator', 'service'), assign: (c, v) => (c.mode = v) }),
  entry({ env: 'IGLOO_BIND_HOST', doc: 'address to listen on', fallback: '127.0.0.1', parse: text, assign: (c, v) => (c.bindHost = v) }),
  entry({ env: 'IGLOO_PORT', doc: 'port to listen on (0 picks a free one)', fallback: '8080', parse: integer(0, 65535), assign: (c, v) => (c.port = v) }),
  entry({ env: 'IGLOO_TLS', doc: 'also serve HTTPS on IGLOO_TLS_PORT with the certificate in <data dir>/certs/ (made on first start; see igloo certs and igloo env)', fallback: 'false', parse: boolean, assign: (c, v) => (c.tls = v) }),
  entry({ env: 'IGLOO_TLS_PORT', doc: 'HTTPS port when IGLOO_TLS is on (443 lets clients keep https://graph.instagram.com unchanged; 0 picks a free one)', fallback: '8443', parse: integer(0, 65535), assign: (c, v) => (c.tlsPort = v) }),
  entry({ env: 'IGLOO_DATA_DIR', doc: 'folder for the SQLite database, the secret key and media', fallback: './.igloo', parse: text, assign: (c, v) => (c.dataDir = v) }),
  entry({ env: 'IGLOO_DATABASE_URL', doc: 'sqlite:<file>, sqlite::memory: or postgres://user:password@host:port/database', fallback: (env) => `sqlite:${env.IGLOO_DATA_DIR ?? './.igloo'}/igloo.db`, parse: (raw) => (raw.startsWith('sqlite:') || isPostgresUrl(raw) ? raw : { error: 'must start with sqlite:, postgres:// or postgresql://' }), assign: (c, v) => (c.databaseUrl = v) }),
  entry<Config['mediaStore']>({ env: 'IGLOO_MEDIA_STORE', doc: 'where photos and videos are kept: database (in the database, so every node on a shared PostgreSQL serves them; the default on PostgreSQL) or files (in <IGLOO_DATA_DIR>/media, which several nodes must then share; the default on SQLite)', fallback: (env) => (isPostgresUrl(env.IGLOO_DATABASE_URL ?? '') ? 'database' : 'files'), parse: oneOf('database', 'files'), assign: (c, v) => (c.mediaStore = v) }),
  entry({ env: 'IGLOO_PUBLIC_URL', doc: 'the origin clients use when no Host header names a surface', fallback: defaultPublicUrl, parse: (raw) => (raw === '' ? raw : url(raw)), assign: (c, v) => (c.publicUrl = v) }),
  entry({ env: 'IGLOO_HOSTS_WWW', doc: 'host names served as www.instagram.com', fallback: 'www.instagram.com,instagram.com', parse: hostList, assign: (c, v) => (c.hosts.www = v) }),
  entry({ env: 'IGLOO_HOSTS_API', doc: 'host names served as api.instagram.com', fallback: 'api.instagram.com', parse: hostList, assign: (c, v) => (c.hosts.api = v) }),
  entry({ env: 'IGLOO_HOSTS_GRAPH', doc: 'host names served as graph.instagram.com', fallback: 'graph.instagram.com', parse: hostList, assign: (c, v) => (c.hosts.graph = v) }),
  entry({ env: 'IGLOO_HOSTS_DEVELOPERS', doc: 'host names served as developers.facebook.com', fallback: 'developers.facebook.com', parse: hostList, assign: (c, v) => (c.hosts.developers = v) }),
  entry({ env: 'IGLOO_HOSTS_CDN', doc: 'host names served as the media CDN', fallback: 'scontent.cdninstagram.com,video.cdninstagram.com,scontent.xx.fbcdn.net', parse: hostList, assign: (c, v) => (c.hosts.cdn = v) }),
  entry({ env: 'IGLOO_SECRET_KEY', doc: '64 hex chars that encrypt app secrets at rest; empty keeps a generated key in the data dir', fallback: '', parse: hexKey, assign: (c, v) => (c.secretKey = v) }),
  entry({ env: 'IGLOO_TRUST_PROXY', doc: 'peers whose X-Forwarded-Proto/Host are trusted', fallback: '127.0.0.1,::1', parse: text, assign: (c, v) => (c.trustProxy = v) }),
  entry({ env: 'IGLOO_ALLOW_HTTP_REDIRECT_URIS', doc: 'accept plain-http redirect URIs on any host', fallback: (env) => String((env.IGLOO_MODE ?? 'emulator') === 'emulator'), parse: boolean, assign: (c, v) => (c.allowHttpRedirectUris = v) }),
  entry({ env: 'IGLOO_CALLBACKS_TO_PRIVATE_NETWORKS', doc: 'let Deauthorize and Data Deletion callbacks reach loopback, private and link-local addresses (apps on this machine or network)', fallback: (env) => String((env.IGLOO_MODE ?? 'emulator') === 'emulator'), parse: boolean, assign: (c, v) => (c.callbacksToPrivateNetworks = v) }),
  entry({ env: 'IGLOO_ADMIN_TOKEN', doc: 'bearer token for the /_igloo control API in service mode', fallback: '', parse: text, assign: (c, v) => (c.adminToken = v) }),
  entry({ env: 'IGLOO_SEED_DEMO', doc: 'create the demo world when the database is empty', fallback: (env) => String((env.IGLOO_MODE ?? 'emulator') === 'emulator'), parse: boolean, assign: (c, v) => (c.seedDemoWorld = v) }),
  entry({ env: 'IGLOO_ARGON2_MEMORY_KIB', doc: 'argon2id memory cost in KiB (OWASP minimum 19456)', fallback: '19456', parse: integer(8, 4_194_304), assign: (c, v) => (c.argon2.memoryCost = v) }),
  entry({ env: 'IGLOO_ARGON2_TIME_COST', doc: 'argon2id iterations (OWASP minimum 2)', fallback: '2', parse: integer(1, 100), assign: (c, v) => (c.argon2.timeCost = v) }),
  entry({ env: 'IGLOO_SIGNIN_MAX_PER_ACCOUNT', doc: 'failed sign-ins allowed per account within the window', fallback: '5', parse: integer(1, 1000), assign: (c, v) => (c.signInThrottle.perAccount = v) }),
  entry({ env: 'IGLOO_SIGNIN_MAX_PER_ADDRESS', doc: 'failed sign-ins allowed per client address within the window', fallback: '20', parse: integer(1, 100000), assign: (c, v) => (c.signInThrottle.perAddress = v) }),
  entry({ env: 'IGLOO_SIGNIN_WINDOW_SECONDS', doc: 'the sign-in throttle window', fallback: '900', parse: integer(1, 86400), assign: (c, v) => (c.signInThrottle.windowSeconds = v) }),
  entry<Config['sqliteSynchronous']>({ env: 'IGLOO_SQLITE_SYNCHRONOUS', doc: 'SQLite synchronous pragma: FULL keeps issued tokens across a crash', fallback: 'FULL', parse: oneOf('FULL', 'NORMAL', 'OFF'), assign: (c, v) => (c.sqliteSynchronous = v) }),
  entry({ env: 'IGLOO_CDN_IMAGE_URL_TTL_HOURS', doc: "how long signed image URLs stay valid (photos, albums whose first item is a photo, a video's thumbnail_url)", fallback: '96', parse: integer(1, 24 * 365), assign: (c, v) => (c.cdnImageUrlTtlHours = v) }),
  entry({ env: 'IGLOO_CDN_VIDEO_URL_TTL_HOURS', doc: "how long signed video URLs stay valid (a video's media_url, albums whose first item is a video)", fallback: '24', parse: integer(1, 24 * 365), assign: (c, v) => (c.cdnVideoUrlTtlHours = v) }),
  entry({ env: 'IGLOO_RATE_LIMIT_PER_HOUR', doc: 'Graph calls allowed per app and user in a rolling hour (codes 4 and 17 past it)', fallback: '200', parse: integer(1, 100_000_000), assign: (c, v) => (c.rateLimitPerHour = v) }),
  entry({ env: 'IGLOO_REQUEST_LOG_SIZE', doc: 'how many OAuth, Graph and CDN requests the request log keeps in memory (GET /_igloo/requests, the dashboard\'s Request Log); 0 turns it off', fallback: '10000', parse: integer(0, 1_000_000), assign: (c, v) => (c.requestLogSize = v) }),
  entry({ env: 'IGLOO_UPLOAD_MAX_MB', doc: "the most a web post's photos and videos may weigh together, in MiB", fallback: '100', parse: integer(1, 10_240), assign: (c, v) => (c.uploadMaxMb = v) }),
  entry({ env: 'IGLOO_SNAPSHOT_MAX_MB', doc: 'the most a snapshot archive may weigh when imported (POST /_igloo/snapshot, igloo snapshot import), packed and unpacked, in MiB', fallback: '4096', parse: integer(1, 1_048_576), assign: (c, v) => (c.snapshotMaxMb = v) }),
  entry({ env: 'IGLOO_READ_CACHE_SECONDS', doc: 'how long hot reads (checked tokens, Instagram apps, first pages of media feeds) are served from memory; writes in this process clear them at once; 0 turns it off', fallback: '30', parse: integer(0, 3600), assign: (c, v) => (c.readCacheSeconds = v) }),
  // 300 s, Node's own default: a 100 MiB upload (IGLOO_UPLOAD_MAX_MB) then needs about 2.8 Mbit/s upstream.
  entry({ env: 'IGLOO_REQUEST_TIMEOUT_SECONDS', doc: 'how long a request may take to arrive whole, body included, before it is cut with 408 (slow uploads)', fallback: '300', parse: integer(1, 3600), assign: (c, v) => (c.requestTimeoutSeconds = v) }),
  entry({ env: 'IGLOO_METRICS', doc: 'serve Prometheus metrics at GET /_igloo/metrics and measure every request for them; false turns both off', fallback: 'true', parse: boolean, assign: (c, v) => (c.metrics = v) }),
  entry({ env: 'IGLOO_METRICS_TOKEN', doc: 'in service mode, a bearer token that may read /_igloo/metrics and nothing else (the admin token may too); emulator mode does not check it', fallback: '', parse: text, assign: (c, v) => (c.metricsToken = v) }),
  entry({ env: 'IGLOO_DRAIN_SECONDS', doc: 'on SIGTERM: /_igloo/readyz answers 503, new connections are refused, and requests in flight get this long to finish before igloo stops', fallback: '10', parse: integer(0, 3600), assign: (c, v) => (c.drainSeconds = v) }),
  entry<Config['logLevel']>({ env: 'IGLOO_LOG_LEVEL', doc: 'fatal, error, warn, info, debug, trace or silent (tokens, secrets, codes and cookies are redacted at every level)', fallback: 'warn', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), assign: (c, v) => (c.logLevel = v) }),
];
