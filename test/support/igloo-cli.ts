// The real `igloo` command (bin/igloo.mjs, which runs the esbuild bundle) as a child process: temp data
// dirs, a clean environment, waits bounded by TIMEOUT_MS, and the demo tester's way to a token.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebSession } from './browser.ts';
import { postAccessToken } from './http-clients.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(REPO, 'bin', 'igloo.mjs');
export const TIMEOUT_MS = 30_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tempDirs: string[] = [];

/** A new empty folder under the OS temp dir; `removeTempDirs` deletes them all. */
export function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'igloo-cli-'));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A PATH value whose only program is `node`: no ffmpeg, whatever this machine has installed. */
export function pathWithOnlyNode(): string {
  const dir = freshDataDir();
  symlinkSync(process.execPath, join(dir, 'node'));
  return dir;
}

/** The child's environment: no IGLOO_* from the parent, cheap password hashing, then the overrides. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGLOO_')));
  return { ...env, IGLOO_ARGON2_MEMORY_KIB: '64', IGLOO_ARGON2_TIME_COST: '1', ...overrides };
}

export function runIgloo(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO, env: childEnv(env), timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function spawnIgloo(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: childEnv(env) });
}

/** Resolves once the child's stdout matches `pattern`; rejects if it exits or the time runs out first. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (pattern.test(stdout)) finish();
    };
    const onError = (chunk: Buffer) => (stderr += chunk.toString('utf8'));
    const onExit = (code: number | null) => finish(new Error(`igloo exited (${code}) before printing ${pattern}: ${stdout}${stderr}`));
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}: ${stdout}${stderr}`)), TIMEOUT_MS);
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onError);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(stdout);
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onError);
    child.on('exit', onExit);
  });
}

export function waitForExit(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('igloo did not exit')), TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Kills the child if it still runs and waits until it is gone. */
export async function killIgloo(child: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await waitForExit(child);
}

/** The banner's last line when it printed a demo world; without one it ends with the host names. */
export const DEMO_BANNER_END = / to print these again as JSON\./;
export const PLAIN_BANNER_END = /Drop-in host names[^\n]*\n/;

/** `igloo serve` on a free port; resolves with the child and its banner once `until` was printed. */
export async function serveIgloo(env: Record<string, string>, until: RegExp = DEMO_BANNER_END): Promise<{ child: ChildProcessWithoutNullStreams; banner: string; url: string }> {
  const child = spawnIgloo(['serve'], { IGLOO_PORT: '0', ...env });
  try {
    const banner = await waitForOutput(child, until);
    const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1] ?? assert.fail(`no listening URL in:\n${banner}`);
    return { child, banner, url };
  } catch (error) {
    await killIgloo(child);
    throw error;
  }
}

/** The value printed after `label` on its own banner line, e.g. `Instagram App ID`. */
export function bannerField(banner: string, label: string): string {
  return new RegExp(`^ {2}${label} +(.+)$`, 'm').exec(banner)?.[1]?.trim() ?? assert.fail(`no "${label}" in the banner:\n${banner}`);
}

/** `username / password` from a banner line. */
export function bannerCredentials(banner: string, label: string): [string, string] {
  const [username = '', password = ''] = bannerField(banner, label).split(' / ');
  return [username, password];
}

/**
 * The whole OAuth flow for the banner's demo tester: sign in, Authorize, exchange the code. Returns the
 * short-lived token and the user id the exchange wrote.
 */
export async function demoTesterToken(url: string, banner: string): Promise<{ accessToken: string; userId: string; username: string }> {
  const clientId = bannerField(banner, 'Instagram App ID');
  const redirectUri = bannerField(banner, 'Redirect URI');
  const [username, password] = bannerCredentials(banner, 'Instagram Tester');
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

  const exchanged = await postAccessToken(url, { client_id: clientId, client_secret: bannerField(banner, 'Instagram App Secret'), grant_type: 'authorization_code', redirect_uri: redirectUri, code });
  assert.equal(exchanged.status, 200, exchanged.text);
  const [, accessToken = '', userId = ''] = /^\{"access_token": "([^"]+)", "user_id": (\d+)\}$/.exec(exchanged.text) ?? [];
  return { accessToken, userId, username };
}
