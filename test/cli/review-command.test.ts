// `igloo review list` and `igloo review approve` as a child process against a service-mode data dir:
// the operator's approval of an App Review submission (DESIGN.md §6), and its exit codes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { createServices } from '../../src/services.ts';
import { buildWorld } from '../support/builders.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, 'bin', 'igloo.mjs');

describe('igloo review', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let igAppId: string;

  const runIgloo = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGLOO_')));
      execFile(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...base, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });

  const withServices = async <T>(work: (services: Awaited<ReturnType<typeof createServices>>['services']) => Promise<T>): Promise<T> => {
    const { services, close } = await createServices(loadConfig(env));
    try {
      return await work(services);
    } finally {
      await close();
    }
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'igloo-review-'));
    env = { IGLOO_MODE: 'service', IGLOO_DATA_DIR: dataDir, IGLOO_SECRET_KEY: '1'.repeat(64), IGLOO_ARGON2_MEMORY_KIB: '64', IGLOO_ARGON2_TIME_COST: '1', IGLOO_LOG_LEVEL: 'silent' };
    igAppId = await withServices(async (services) => {
      const world = await buildWorld(services);
      await services.reviews.submit(world.igApp.igAppId, 'instagram_graph_user_media');
      return world.igApp.igAppId;
    });
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the submissions waiting for an operator', async () => {
    const run = await runIgloo(['review', 'list']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^${igAppId}  instagram_graph_user_media  Social Sizzle  submitted \\d{4}-\\d\\d-\\d\\dT`));
  });

  it('approves a permission, which the app then has', async () => {
    const run = await runIgloo(['review', 'approve', igAppId, 'instagram_graph_user_media']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `Approved instagram_graph_user_media for Instagram app ${igAppId}.\n`);
    assert.deepEqual(await withServices((services) => services.apps.approvedPermissions(igAppId)), ['instagram_graph_user_media']);
    assert.equal((await runIgloo(['review', 'list'])).stdout, 'No submissions are waiting for review.\n');
  });

  it('exits 1 for an unknown permission or app, and 2 for a malformed command', async () => {
    const permission = await runIgloo(['review', 'approve', igAppId, 'user_profile']);
    assert.deepEqual([permission.code, permission.stderr], [1, 'igloo: No such permission.\n']);
    const app = await runIgloo(['review', 'approve', '1234567890123456', 'instagram_graph_user_profile']);
    assert.deepEqual([app.code, app.stderr], [1, 'igloo: No Instagram app has this Instagram App ID.\n']);
    const malformed = await runIgloo(['review', 'approve', igAppId]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /review approve <instagram-app-id> <permission>/);
  });
});
