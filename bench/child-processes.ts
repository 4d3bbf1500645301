// The bench's child processes: start a server and learn its URL from its banner, wait until it serves,
// read its peak memory, and stop it (SIGTERM, then SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Children run from the repository root, where `--import tsx` and bin/igloo.mjs resolve. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const LISTENING = /listening on (http:\/\/[\w.:[\]]+)/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 3_000;

export interface ServerChild {
  name: string;
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`, as the banner printed it. */
  url: string;
}

/** Spawns `node <args>` and resolves once its stdout prints "listening on http://…". */
export function startServerChild(name: string, args: string[], env: NodeJS.ProcessEnv, started: ChildProcess[]): Promise<ServerChild> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`${name} ${reason}\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`printed no "listening on" line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onOutput);
      child.stdout?.resume();
      resolve({ name, child, url: match[1] });
    };
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${signal ?? code}) before it listened`);
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  });
}

/** Polls `url` until it answers 200. */
export async function waitUntilServing(url: string, timeoutMs = START_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not accepting connections yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The process's peak resident set (VmHWM in /proc/<pid>/status), in MB. */
export function peakRssMb(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** Runs `node <args>` to completion and returns its stdout; its stderr passes through as progress. */
export function runToCompletion(args: string[], started: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve(stdout) : reject(new Error(`node ${args.join(' ')} failed (${signal ?? code})`))));
  });
}

/** SIGTERM, then SIGKILL if the child has not exited within a few seconds. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
