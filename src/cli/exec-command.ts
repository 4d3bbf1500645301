// igloo exec -- <command>: runs a command (a test suite, typically in CI) against a throwaway igloo. igloo
// starts on 127.0.0.1, port 0, with a fresh temporary data dir and the demo world, hands the command
// its URL and the demo credentials as IGLOO_* variables, and stops and removes everything afterwards.
// With IGLOO_TLS=1 it also serves HTTPS and tells the command how to trust igloo's CA.
// The command keeps the terminal: igloo writes one line to stderr and logs to stderr, never to stdout.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { loadConfig } from '../config/load-config.ts';
import { startServer, type RunningServer } from '../main.ts';
import { certificatePaths } from '../tls/local-ca.ts';
import { UsageError } from './usage-error.ts';

export const EXEC_USAGE = `  exec -- <command> [args...]
                        run the command against a fresh igloo with the demo world, then remove it;
                        the command gets IGLOO_URL, IGLOO_APP_ID, IGLOO_APP_SECRET, IGLOO_REDIRECT_URI,
                        IGLOO_TESTER_USERNAME, IGLOO_TESTER_PASSWORD and IGLOO_DATA_DIR, and igloo
                        exits with its status (128 + the signal's number if a signal ended it);
                        with IGLOO_TLS=1 (HTTPS on a free port unless IGLOO_TLS_PORT is set) also
                        IGLOO_HTTPS_URL, IGLOO_CA_CERT, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE,
                        REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE
`;

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

const exitStatusOf = (code: number | null, signal: NodeJS.Signals | null): number => (code ?? 128 + (signal ? constants.signals[signal] : 0));

/** What the command learns about its igloo. */
function commandEnvironment(server: RunningServer, dataDir: string, inherited: NodeJS.ProcessEnv): Record<string, string> {
  const demo = server.demo;
  const tester = demo?.accounts.find((account) => account.tester === 'accepted');
  if (!demo || !tester) throw new Error('igloo exec started without its demo world');
  return {
    IGLOO_URL: server.publicUrl,
    IGLOO_APP_ID: demo.app.instagram_app_id,
    IGLOO_APP_SECRET: demo.app.instagram_app_secret,
    IGLOO_REDIRECT_URI: demo.app.redirect_uri,
    IGLOO_TESTER_USERNAME: tester.username,
    IGLOO_TESTER_PASSWORD: tester.password,
    // So that `igloo token` inside the command works on the same world.
    IGLOO_DATA_DIR: dataDir,
    ...(server.httpsUrl === undefined ? {} : trustEnvironment(server.httpsUrl, dataDir, inherited)),
  };
}

/** PEM files' text, joined (unreadable ones left out: the command would have failed on them as well). */
function pemOf(paths: (string | undefined)[]): string[] {
  const texts: string[] = [];
  for (const path of new Set(paths.filter((p): p is string => p !== undefined && p !== ''))) {
    try {
      texts.push(readFileSync(path, 'utf8').trim());
    } catch {
      // Not ours to report: Node and OpenSSL warn about a bad CA file themselves.
    }
  }
  return texts;
}

/**
 * What a command needs to trust igloo's HTTPS listener, on top of what it trusted already. Node adds
 * NODE_EXTRA_CA_CERTS to its roots; OpenSSL, Python requests and curl take SSL_CERT_FILE and friends
 * *instead of* theirs, so their bundle is Node's (Mozilla's) roots, the files those variables named
 * before, and igloo's CA: the command still reaches the rest of the internet (and a proxy's CA).
 */
function trustEnvironment(httpsUrl: string, dataDir: string, inherited: NodeJS.ProcessEnv): Record<string, string> {
  const { ca, dir } = certificatePaths(dataDir);
  const write = (name: string, pems: string[]) => {
    writeFileSync(join(dir, name), `${pems.join('\n')}\n`);
    return join(dir, name);
  };
  const igloo = pemOf([ca]);
  const extra = inherited.NODE_EXTRA_CA_CERTS ? write('node-extra-ca.pem', [...pemOf([inherited.NODE_EXTRA_CA_CERTS]), ...igloo]) : ca;
  const bundle = write('ca-bundle.pem', [...rootCertificates.map((pem) => pem.trim()), ...pemOf([inherited.SSL_CERT_FILE, inherited.REQUESTS_CA_BUNDLE, inherited.CURL_CA_BUNDLE]), ...igloo]);
  return { IGLOO_HTTPS_URL: httpsUrl, IGLOO_CA_CERT: ca, NODE_EXTRA_CA_CERTS: extra, SSL_CERT_FILE: bundle, REQUESTS_CA_BUNDLE: bundle, CURL_CA_BUNDLE: bundle };
}

/** Runs `igloo exec …`; returns the command's exit status. Throws UsageError without a command. */
export async function execCommand(args: string[]): Promise<number> {
  const command = args[0] === '--' ? args.slice(1) : args;
  const [program, ...programArgs] = command;
  if (program === undefined) throw new UsageError('exec needs a command: igloo exec -- <command> [args...]');

  // A signal that arrives before the command runs stops igloo (and still removes the data dir); later
  // ones go to the command, whose exit decides igloo's.
  let child: ReturnType<typeof spawn> | undefined;
  let early: ForwardedSignal | undefined;
  const forward = (signal: ForwardedSignal) => () => {
    if (child) child.kill(signal);
    else early ??= signal;
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);

  const dataDir = mkdtempSync(join(tmpdir(), 'igloo-exec-'));
  try {
    // The command inherits igloo's environment (this is not configuration: igloo's own comes from loadConfig).
    const inherited = { ...process.env };
    const config = loadConfig({
      ...inherited,
      IGLOO_MODE: 'emulator',
      IGLOO_DATA_DIR: dataDir,
      IGLOO_DATABASE_URL: undefined,
      IGLOO_BIND_HOST: '127.0.0.1',
      IGLOO_PORT: '0',
      IGLOO_PUBLIC_URL: undefined,
      IGLOO_SEED_DEMO: 'true',
      // Like the HTTP port, a free one unless asked (443 in a network namespace of its own, for drop-in names).
      IGLOO_TLS_PORT: inherited.IGLOO_TLS_PORT ?? '0',
    });
    const server = await startServer(config, { publicUrlIsBoundAddress: true, logDestination: process.stderr });
    try {
      if (early) return exitStatusOf(null, early);
      const env = { ...inherited, ...commandEnvironment(server, dataDir, inherited) };
      return await new Promise<number>((resolve) => {
        const running = spawn(program, programArgs, { stdio: 'inherit', env });
        child = running;
        const where = server.httpsUrl === undefined ? server.publicUrl : `${server.publicUrl} and ${server.httpsUrl}`;
        running.once('spawn', () => process.stderr.write(`igloo exec: the demo world is on ${where} while ${program} runs\n`));
        running.once('error', (error: NodeJS.ErrnoException) => {
          const reason = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message;
          process.stderr.write(`igloo exec: ${reason}: ${program}\n`);
          resolve(error.code === 'ENOENT' ? 127 : 126);
        });
        running.once('exit', (code, signal) => resolve(exitStatusOf(code, signal)));
      });
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
