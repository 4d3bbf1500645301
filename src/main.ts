// config → storage → services → app → listen. The only file that listens.
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { connectionTimeouts, createApp } from './app.ts';
import type { FastifyInstance } from 'fastify';
import type { LogDestination } from './http/log-redaction.ts';
import type { Config } from './config/config-schema.ts';
import { ensureDemoWorld, isEmptyWorld, type DemoWorld } from './demo-world.ts';
import { createServices } from './services.ts';
import { sweepLeftovers } from './storage/leftovers.ts';
import { certificateNames } from './tls/certificate-names.ts';
import { ensureCertificates } from './tls/local-ca.ts';

export interface RunningServer {
  /** The address bound, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The HTTPS address bound when IGLOO_TLS is on, e.g. https://127.0.0.1:8443. */
  httpsUrl: string | undefined;
  /** The origin the banner and the demo world use. */
  publicUrl: string;
  demo: DemoWorld | undefined;
  /** Stops at once: requests in flight are cut. */
  close(): Promise<void>;
  /**
   * The graceful stop (SIGTERM): readyz answers 503 at once, the listeners refuse new connections,
   * requests in flight get up to IGLOO_DRAIN_SECONDS to finish, then close() (the callback worker stops).
   */
  drain(): Promise<void>;
}

/** How often a draining listener closes the keep-alive connections that have gone idle. */
const IDLE_SWEEP_MS = 50;

/**
 * Closes the listeners to new connections and resolves once their connections have all ended, or after
 * `timeoutMs`. A keep-alive connection ends as soon as it is idle (no request in flight); requests that
 * arrive on it meanwhile are still answered, with `Connection: close` (request-ids.ts).
 */
function drainListeners(servers: readonly (HttpServer | HttpsServer)[], timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let open = servers.length;
    const sweep = setInterval(() => servers.forEach((server) => server.closeIdleConnections()), IDLE_SWEEP_MS);
    const finish = () => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    };
    const deadline = setTimeout(finish, timeoutMs);
    for (const server of servers) server.close(() => --open === 0 && finish());
    if (open === 0) finish();
  });
}

/** The port cannot be had; the message is one line for the person starting igloo. */
export class ListenError extends Error {}

/** The HTTP port (IGLOO_PORT) or the HTTPS one (IGLOO_TLS_PORT). */
interface Listener {
  port: number;
  variable: 'IGLOO_PORT' | 'IGLOO_TLS_PORT';
}

const HTTP_LISTENER = (config: Config): Listener => ({ port: config.port, variable: 'IGLOO_PORT' });
const TLS_LISTENER = (config: Config): Listener => ({ port: config.tlsPort, variable: 'IGLOO_TLS_PORT' });

function listenError(error: unknown, config: Config, { port, variable }: Listener): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new ListenError(`port ${port} is already in use (set ${variable} to choose another)`, { cause: error });
  if (code === 'EACCES') return new ListenError(`no permission to listen on port ${port} (set ${variable} to a port above 1023)`, { cause: error });
  if (code === 'EADDRNOTAVAIL') return new ListenError(`${config.bindHost} is not an address of this machine (check IGLOO_BIND_HOST)`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Binds the configured address once and lets it go, before the data dir, the database or the secret
 * key file exist: a taken port must leave nothing behind. (Another process can still take the port in
 * the moment between; the real listen then fails with the same ListenError.)
 */
async function ensurePortFree(config: Config, listener: Listener): Promise<void> {
  if (listener.port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) => reject(listenError(error, config, listener)));
    probe.listen({ host: config.bindHost, port: listener.port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** Fastify's default on its own listener. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * The HTTPS listener (IGLOO_TLS): Node's https server handing every request to the same Fastify app as
 * the HTTP one (its `routing` runs host dispatch and every hook), so both serve the same surfaces.
 */
async function listenHttps(app: FastifyInstance, config: Config, files: { key: string; cert: string }): Promise<{ server: HttpsServer; url: string }> {
  const server = createHttpsServer({ key: readFileSync(files.key), cert: readFileSync(files.cert), keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, ...connectionTimeouts(config) }, (req, res) => app.routing(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, config, TLS_LISTENER(config))));
    server.listen({ host: config.bindHost, port: config.tlsPort }, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the HTTPS listener has no port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `https://${host}:${address.port}` };
}

function closeHttps(server: HttpsServer | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Like forceCloseConnections on the HTTP listener: keep-alive connections do not hold the stop.
    server.closeAllConnections();
  });
}

export interface StartOptions {
  /**
   * Without IGLOO_PUBLIC_URL, use the address bound (http://127.0.0.1:<port>) as the public URL rather
   * than http://localhost:<port>: `igloo exec` hands it to programs that may resolve localhost to ::1.
   */
  publicUrlIsBoundAddress?: boolean;
  /** Where the log goes (stdout by default), redacted (see AppOptions). */
  logDestination?: LogDestination;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  await ensurePortFree(config, HTTP_LISTENER(config));
  if (config.tls) await ensurePortFree(config, TLS_LISTENER(config));
  const certificates = config.tls ? (await ensureCertificates(config.dataDir, certificateNames(config))).paths : undefined;
  const { services, close } = await createServices(config);
  let app: FastifyInstance | undefined;
  let address: string;
  let https: { server: HttpsServer; url: string } | undefined;
  let publicUrl: string;
  let demo: DemoWorld | undefined;
  try {
    // A request can take at most the request timeout: an upload folder older than that (and a minute) is a crash's.
    const swept = await sweepLeftovers(config.dataDir, Date.now(), { uploadsOlderThanMs: (config.requestTimeoutSeconds + 60) * 1000, blobs: services.blobs });
    app = await createApp(services, { logDestination: options.logDestination });
    if (swept.length > 0) app.log.info({ removed: swept }, 'removed what an earlier process left half written');
    address = await app.listen({ host: config.bindHost, port: config.port }).catch((error: unknown) => {
      throw listenError(error, config, HTTP_LISTENER(config));
    });
    if (certificates) https = await listenHttps(app, config, { key: certificates.serverKey, cert: certificates.server });
    publicUrl = config.publicUrl || (options.publicUrlIsBoundAddress ? address : `http://localhost:${new URL(address).port}`);
    // After listen, so that with IGLOO_PORT=0 the demo redirect URI names the port actually bound.
    demo = config.seedDemoWorld && (await isEmptyWorld(services)) ? await ensureDemoWorld(services, publicUrl) : undefined;
  } catch (error) {
    // Whatever was opened is closed again, so a failed start leaves no listener and no open database.
    await closeHttps(https?.server);
    await app?.close();
    await close();
    throw error;
  }
  // The callback worker runs in every serving process; claims in the outbox keep two from sending one delivery.
  services.callbacks.start();
  const listening = app;
  const stop = async () => {
    await closeHttps(https?.server);
    // forceCloseConnections: whatever a drain left open is cut here.
    await listening.close();
    await close();
  };
  return {
    url: address,
    httpsUrl: https?.url,
    publicUrl,
    demo,
    close: stop,
    // Not ready and no new connections by the time this returns its promise (igloo.ts relies on it).
    async drain() {
      services.readiness.startDraining();
      await drainListeners(https ? [listening.server, https.server] : [listening.server], config.drainSeconds * 1000);
      await stop();
    },
  };
}

/** What `npm start` prints: where each surface is, and how to sign in. */
export function banner(config: Config, server: RunningServer): string {
  const { publicUrl: base, demo } = server;
  const lines = [
    `igloo (${config.mode} mode) listening on ${server.url}${server.httpsUrl ? ` and ${server.httpsUrl}` : ''}`,
    '',
    `  Instagram (www)          ${base}/`,
    `  App Dashboard            ${base}/developers/`,
    `  OAuth (api)              ${base}/oauth/authorize  ·  POST ${base}/oauth/access_token`,
    `  Graph API (graph)        ${base}/graph/me  ·  ${base}/graph/me/media`,
    `  Media CDN (cdn)          ${base}/cdn/`,
    `  Control API              ${base}/_igloo/health  ·  callback page ${base}/_igloo/callback`,
    `  Drop-in host names       ${[...config.hosts.www, ...config.hosts.api, ...config.hosts.graph].join(', ')}`,
  ];
  // The home page exists in emulator mode only (control-routes.ts).
  if (config.mode === 'emulator') lines.splice(2, 0, `  Emulator home            ${base}/_igloo/  (surfaces, demo world, clock, faults, requests)`, '');
  if (server.httpsUrl) lines.splice(lines.length - 1, 0, `  Drop-in HTTPS            ${server.httpsUrl}  ·  \`igloo env\` prints how clients trust its CA and reach it`);
  if (demo) {
    const tester = demo.accounts.find((a) => a.tester === 'accepted');
    const query = new URLSearchParams({ client_id: demo.app.instagram_app_id, redirect_uri: demo.app.redirect_uri, scope: 'user_profile,user_media', response_type: 'code' });
    lines.push(
      '',
      'Demo world created:',
      `  Instagram App ID         ${demo.app.instagram_app_id}`,
      `  Instagram App Secret     ${demo.app.instagram_app_secret}`,
      `  Redirect URI             ${demo.app.redirect_uri}`,
      `  Instagram Tester         ${tester?.username ?? '-'} / ${tester?.password ?? '-'}`,
      `  Not a tester             ${demo.accounts.filter((a) => a.tester === 'none').map((a) => `${a.username} / ${a.password}`).join(', ')}`,
      `  Developer                ${demo.developer.email} / ${demo.developer.password}`,
      '',
      `  Authorization Window     ${base}/oauth/authorize?${query.toString().replace(/%2C/g, ',')}`,
      '',
      'Run `node bin/igloo.mjs seed --demo --json` to print these again as JSON.',
    );
  }
  return lines.join('\n');
}
