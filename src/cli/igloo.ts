// igloo <command>: serve (what `npm start` runs), seed, token, world, reset, snapshot, clock, faults, exec,
// review, certs, env and --version. Reads the config once, like the server.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { configSchema } from '../config/config-schema.ts';
import { ensureDemoWorld } from '../demo-world.ts';
import { banner, ListenError, startServer } from '../main.ts';
import { packageVersion } from '../package-root.ts';
import { createServices } from '../services.ts';
import { CertificateError } from '../tls/local-ca.ts';
import { DatabaseUnavailableError } from '../storage/postgres-database.ts';
import { certsCommand, CERTS_USAGE } from './certs-command.ts';
import { envCommand, ENV_USAGE } from './env-command.ts';
import { clockCommand, CLOCK_USAGE } from './clock-command.ts';
import { execCommand, EXEC_USAGE } from './exec-command.ts';
import { faultsCommand, FAULTS_USAGE } from './faults-command.ts';
import { reviewCommand, REVIEW_USAGE } from './review-command.ts';
import { snapshotCommand, SNAPSHOT_USAGE } from './snapshot-command.ts';
import { tokenCommand, TOKEN_USAGE } from './token-command.ts';
import { UsageError } from './usage-error.ts';
import { resetCommand, worldCommand, WORLD_USAGE } from './world-command.ts';

const USAGE = `Usage: igloo <command> [options]

Commands:
  serve                 run igloo (creates the demo world on an empty database in emulator mode)
  seed --demo [--json]  create the demo world (or read it back) and print its credentials
${TOKEN_USAGE}${WORLD_USAGE}${SNAPSHOT_USAGE}${CLOCK_USAGE}${FAULTS_USAGE}${EXEC_USAGE}${REVIEW_USAGE}${CERTS_USAGE}${ENV_USAGE}  help                  show this text and the configuration keys
  --version, -v         print igloo's version

In a clone of igloo, run it as \`npm run igloo -- <command>\` or \`node bin/igloo.mjs <command>\`.
`;

async function serve(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  process.stdout.write(banner(config, server) + '\n');
  const exit = (stopping: Promise<void>) =>
    stopping.then(
      () => process.exit(0),
      () => process.exit(1),
    );
  // Ctrl-C stops at once; SIGTERM (an orchestrator, a deploy) drains first (README, Operations).
  process.once('SIGINT', () => void exit(server.close()));
  process.once('SIGTERM', () => {
    const drained = server.drain();
    // Printed once drain() has closed the listeners (it does so before its first await).
    process.stdout.write(`igloo: draining (readyz answers 503; requests in flight have up to ${config.drainSeconds} s)\n`);
    void exit(drained.then(() => void process.stdout.write('igloo: drained, stopped\n')));
  });
}

async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
  if (!values.demo) throw new UsageError('seed needs --demo');
  const config = loadConfig();
  const { services, close } = await createServices(config);
  try {
    const world = await ensureDemoWorld(services, config.publicUrl || 'http://localhost:8080');
    process.stdout.write(values.json ? JSON.stringify(world) + '\n' : JSON.stringify(world, null, 2) + '\n');
  } finally {
    await close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serve();
        return 0;
      case 'seed':
        await seed(rest);
        return 0;
      case 'token':
        return await tokenCommand(rest);
      case 'world':
        return await worldCommand(rest);
      case 'reset':
        return await resetCommand(rest);
      case 'snapshot':
        return await snapshotCommand(rest);
      case 'clock':
        return await clockCommand(rest);
      case 'faults':
        return await faultsCommand(rest);
      case 'exec':
        return await execCommand(rest);
      case 'review':
        return await reviewCommand(rest);
      case 'certs':
        return await certsCommand(rest);
      case 'env':
        return await envCommand(rest);
      case '--version':
      case '-v':
        process.stdout.write(`igloo ${packageVersion()}\n`);
        return 0;
      case 'help':
      case '--help':
      case undefined:
        process.stdout.write(USAGE + '\nConfiguration (environment variables):\n' + configSchema.map((e) => `  ${e.env.padEnd(32)} ${e.doc}`).join('\n') + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof ListenError || error instanceof CertificateError || error instanceof DatabaseUnavailableError) {
      process.stderr.write(`igloo: ${error.message}\n`);
      return 1;
    }
    if (error instanceof ConfigError || error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`igloo: ${error.message}\n${error instanceof ConfigError ? '' : USAGE}`);
      return 2;
    }
    throw error;
  }
}

const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
