// A throwaway PostgreSQL cluster for the tests and for `npm run bench -- --db postgres`, from Debian's
// `postgresql` package (test/support/ensure-test-deps.sh installs it): initdb in a temporary folder,
// the server on 127.0.0.1 at a free port with its unix socket in that folder, stopped and removed at
// the end. initdb refuses to run as root, so as root the cluster belongs to the `postgres` user the
// package creates.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

export interface PostgresCluster {
  /** `postgres://igloo@127.0.0.1:<port>/postgres`: the cluster's maintenance database. */
  adminUrl: string;
  /** Creates an empty database (`<prefix>_<n>`, `igloo_test_<n>` by default) and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's binaries (IGLOO_POSTGRES_BIN overrides). */
export function postgresBinDir(): string {
  if (process.env.IGLOO_POSTGRES_BIN) return process.env.IGLOO_POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed (apt-get install postgresql; test/support/ensure-test-deps.sh does it)');
  return join(root, newest, 'bin');
}

const asRoot = userInfo().uid === 0;

/** Runs a PostgreSQL program, as `postgres` when we are root. */
function runPg(program: string, args: string[]): Promise<string> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${program} failed: ${stderr || error.message}`)) : resolve(stdout)));
  });
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'igloo-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  // Trust on loopback: the cluster lives as long as one test file (or one bench run) and listens on
  // 127.0.0.1 only. The C locale sorts text by bytes, as SQLite does.
  await runPg(join(bin, 'initdb'), ['-D', data, '-U', 'igloo', '--auth=trust', '--locale=C', '--encoding=UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  await runPg(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  const stopSync = () => {
    try {
      execFileSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), [...(asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []), '-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that ends abruptly still leaves no server behind.
  process.once('exit', stopSync);
  const adminUrl = `postgres://igloo@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    adminUrl,
    async createDatabase(prefix = 'igloo_test') {
      const name = `${prefix}_${++databases}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://igloo@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      process.removeListener('exit', stopSync);
      await runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
