// The real `igloo` command as a child process: `seed --demo --json`, `serve` on an empty data dir (whose
// banner's demo credentials must carry a whole OAuth flow), and its exit codes for bad input.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createWebSession, decodeEntities } from '../support/browser.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, 'bin', 'igloo.mjs');
const TIMEOUT_MS = 30_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tempDirs: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'igloo-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** The child's environment: no IGLOO_* from the parent, cheap password hashing, then the overrides. */
function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGLOO_')));
  return { ...env, IGLOO_ARGON2_MEMORY_KIB: '64', IGLOO_ARGON2_TIME_COST: '1', ...overrides };
}

function runIgloo(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO, env: childEnv(env), timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves once the child's stdout matches `pattern`; rejects if it exits or the time runs out first. */
function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(stdout);
    };
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (pattern.test(stdout)) finish();
    };
    const onExit = (code: number | null) => finish(new Error(`igloo exited (${code}) before printing ${pattern}: ${stdout}${stderr}`));
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}: ${stdout}${stderr}`)), TIMEOUT_MS);
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', onExit);
  });
}

function waitForExit(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('igloo did not exit')), TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('igloo seed --demo --json', () => {
  it('prints exactly one line holding one JSON object with the demo world', async () => {
    const run = await runIgloo(['seed', '--demo', '--json'], { IGLOO_DATA_DIR: freshDataDir() });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^[^\n]+\n$/);
    const world = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(world), ['developer', 'app', 'accounts']);

    const developer = world.developer as Record<string, unknown>;
    assert.deepEqual(Object.keys(developer), ['email', 'password']);
    assert.ok(typeof developer.email === 'string' && developer.email.includes('@'));
    assert.ok(typeof developer.password === 'string' && developer.password.length >= 6);

    const app = world.app as Record<string, string>;
    assert.deepEqual(Object.keys(app), ['app_id', 'instagram_app_id', 'instagram_app_secret', 'display_name', 'redirect_uri']);
    assert.match(app.app_id ?? '', /^\d{15,16}$/);
    assert.match(app.instagram_app_id ?? '', /^\d{15,16}$/);
    assert.match(app.instagram_app_secret ?? '', /^[0-9a-f]{32}$/);
    assert.ok(app.display_name);
    assert.match(app.redirect_uri ?? '', /^https?:\/\/.+\/_igloo\/callback$/);

    const accounts = world.accounts as Record<string, unknown>[];
    assert.ok(Array.isArray(accounts));
    for (const account of accounts) {
      assert.deepEqual(Object.keys(account), ['id', 'username', 'password', 'tester']);
      assert.match(String(account.id), /^1784\d{13}$/);
      assert.ok(['accepted', 'none'].includes(String(account.tester)));
    }
    assert.ok(accounts.some((a) => a.tester === 'accepted'));
    assert.ok(accounts.some((a) => a.tester === 'none'));
  });

  it('prints the same world when run twice on the same data dir', async () => {
    const dataDir = freshDataDir();
    const first = await runIgloo(['seed', '--demo', '--json'], { IGLOO_DATA_DIR: dataDir });
    const second = await runIgloo(['seed', '--demo', '--json'], { IGLOO_DATA_DIR: dataDir });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
  });

  it('exits 2 with usage on stderr without --demo or with an unknown option', async () => {
    for (const args of [['seed'], ['seed', '--demo', '--bogus']]) {
      const run = await runIgloo(args, { IGLOO_DATA_DIR: freshDataDir() });
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /Usage: igloo <command>/);
    }
  });
});

describe('igloo serve on an empty data dir', () => {
  let child: ChildProcessWithoutNullStreams;
  let banner: string;

  const field = (label: string): string => new RegExp(`^ {2}${label} +(.+)$`, 'm').exec(banner)?.[1]?.trim() ?? assert.fail(`no "${label}" in the banner:\n${banner}`);
  const credentials = (label: string): [string, string] => {
    const [username = '', password = ''] = field(label).split(' / ');
    return [username, password];
  };

  before(async () => {
    child = spawn(process.execPath, [BIN, 'serve'], { cwd: REPO, env: childEnv({ IGLOO_DATA_DIR: freshDataDir(), IGLOO_PORT: '0' }) });
    banner = await waitForOutput(child, /Run `igloo seed --demo --json`/);
  });
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
  });

  it('prints where it listens and the demo credentials', () => {
    assert.match(banner, /^igloo \(emulator mode\) listening on http:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(field('Instagram App ID'), /^\d{15,16}$/);
    assert.match(field('Instagram App Secret'), /^[0-9a-f]{32}$/);
    assert.match(field('Redirect URI'), /\/_igloo\/callback$/);
    assert.match(field('Instagram Tester'), /^\S+ \/ \S+$/);
    assert.match(field('Not a tester'), /^\S+ \/ \S+$/);
    assert.match(field('Developer'), /^\S+@\S+ \/ \S+$/);
  });

  it('prints URLs with the port it listens on, not port 0', () => {
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(banner)?.[1] ?? assert.fail('no listening port');
    assert.doesNotMatch(banner, /localhost:0\//);
    assert.ok(field('Redirect URI').includes(`:${port}/`), field('Redirect URI'));
  });

  it('lets the demo tester complete the OAuth flow and read /graph/me', async () => {
    const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1] ?? assert.fail('no listening URL');
    const clientId = field('Instagram App ID');
    const redirectUri = field('Redirect URI');
    const [username, password] = credentials('Instagram Tester');
    const params = { client_id: clientId, redirect_uri: redirectUri, scope: 'user_profile,user_media', response_type: 'code', state: 'cli' };
    const windowPath = `/oauth/authorize?${new URLSearchParams(params).toString()}`;

    const web = createWebSession(url);
    const signedIn = await web.signIn(username, password, windowPath);
    assert.equal(signedIn.status, 303, signedIn.text);
    const consent = await web.get(windowPath);
    assert.equal(consent.status, 200);
    assert.match(consent.text, /would like to access your Instagram account/);
    const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...params, decision: 'allow' });
    assert.equal(decided.status, 303);
    const location = decided.location ?? '';
    assert.ok(location.startsWith(`${redirectUri}?code=AQ`), location);
    const code = new URL(location).searchParams.get('code') ?? '';

    const exchanged = await postAccessToken(url, { client_id: clientId, client_secret: field('Instagram App Secret'), grant_type: 'authorization_code', redirect_uri: redirectUri, code });
    assert.equal(exchanged.status, 200, exchanged.text);
    const [, accessToken = '', userId = ''] = /^\{"access_token": "([^"]+)", "user_id": (\d+)\}$/.exec(exchanged.text) ?? [];
    const me = await graphGet(url, { path: 'me', fields: 'id,username', token: accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.text, `{"id":"${userId}","username":"${username}"}`);
  });

  it('refuses the demo non-tester in the Authorization Window with "Insufficient developer role"', async () => {
    const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1] ?? assert.fail('no listening URL');
    const [username, password] = credentials('Not a tester');
    const windowPath = `/oauth/authorize?${new URLSearchParams({ client_id: field('Instagram App ID'), redirect_uri: field('Redirect URI'), scope: 'user_profile', response_type: 'code' }).toString()}`;
    const web = createWebSession(url);
    assert.equal((await web.signIn(username, password, windowPath)).status, 303);
    const refused = await web.get(windowPath);
    assert.equal(refused.status, 400);
    assert.equal(refused.location, null);
    assert.match(decodeEntities(refused.text), /\{"error_type": "OAuthException", "code": 400, "error_message": "Insufficient developer role"\}/);
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    assert.equal(await waitForExit(child), 0);
  });
});

describe('igloo with bad input', () => {
  it('exits 2 with usage on stderr for an unknown command', async () => {
    const run = await runIgloo(['bogus'], { IGLOO_DATA_DIR: freshDataDir() });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^igloo: unknown command: bogus\n/);
    assert.match(run.stderr, /Usage: igloo <command>/);
  });

  it('exits 2 naming the variable when a configuration value is invalid', async () => {
    const run = await runIgloo(['serve'], { IGLOO_DATA_DIR: freshDataDir(), IGLOO_PORT: 'abc' });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /IGLOO_PORT="abc" must be a whole number from 0 to 65535/);
  });
});
