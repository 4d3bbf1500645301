// igloo exec -- <command>: runs a command (a test suite, typically in CI) against a throwaway igloo. igloo
// starts on 127.0.0.1, port 0, with a fresh temporary data dir and the demo world, hands the command
// its URL and the demo credentials as IGLOO_* variables, and stops and removes everything afterwards.
// The command keeps the terminal: igloo writes one line to stderr and logs to stderr, never to stdout.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { startServer, type RunningServer } from '../main.ts';
import { UsageError } from './usage-error.ts';

export const EXEC_USAGE = `  exec -- <command> [args...]
                        run the command against a fresh igloo with the demo world, then remove it;
                        the command gets IGLOO_URL, IGLOO_APP_ID, IGLOO_APP_SECRET, IGLOO_REDIRECT_URI,
                        IGLOO_TESTER_USERNAME, IGLOO_TESTER_PASSWORD and IGLOO_DATA_DIR, and igloo
                        exits with its status (128 + the signal's number if a signal ended it)
`;

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

const exitStatusOf = (code: number | null, signal: NodeJS.Signals | null): number => (code ?? 128 + (signal ? constants.signals[signal] : 0));

/** What the command learns about its igloo. */
function commandEnvironment(server: RunningServer, dataDir: string): Record<string, string> {
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
  };
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
    });
    const server = await startServer(config, { publicUrlIsBoundAddress: true, logDestination: process.stderr });
    try {
      if (early) return exitStatusOf(null, early);
      const env = { ...inherited, ...commandEnvironment(server, dataDir) };
      return await new Promise<number>((resolve) => {
        const running = spawn(program, programArgs, { stdio: 'inherit', env });
        child = running;
        running.once('spawn', () => process.stderr.write(`igloo exec: the demo world is on ${server.publicUrl} while ${program} runs\n`));
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
