// `igloo exec -- <command>` as a child process: the command reaches a fresh igloo with the demo world
// through IGLOO_* variables, owns stdout, and decides igloo's exit status; the temporary data dir is gone
// afterwards, whether the command succeeds, fails, is not found or is stopped by a signal.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { freshDataDir, killIgloo, removeTempDirs, runIgloo, spawnIgloo, waitForExit, waitForOutput } from '../support/igloo-cli.ts';

after(removeTempDirs);

/** What the command below prints: the variables it got and what igloo answered. */
interface Report {
  url: string;
  appId: string;
  dataDir: string;
  tester: string;
  health: { status: number; body: string };
  authorize: { status: number; offersSignIn: boolean };
  token: { status: number; me: string };
}

const COMMAND = `
const env = process.env;
const health = await fetch(env.IGLOO_URL + '/_igloo/health');
const query = new URLSearchParams({ client_id: env.IGLOO_APP_ID, redirect_uri: env.IGLOO_URL + '/_igloo/callback', scope: 'user_profile,user_media', response_type: 'code' });
const authorize = await fetch(env.IGLOO_URL + '/oauth/authorize?' + query, { redirect: 'manual' });
const issued = await fetch(env.IGLOO_URL + '/_igloo/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: env.IGLOO_APP_ID, username: env.IGLOO_TESTER_USERNAME }) });
const { access_token } = await issued.json();
const me = await fetch(env.IGLOO_URL + '/graph/me?fields=username&access_token=' + access_token);
console.log(JSON.stringify({
  url: env.IGLOO_URL, appId: env.IGLOO_APP_ID, dataDir: env.IGLOO_DATA_DIR, tester: env.IGLOO_TESTER_USERNAME,
  health: { status: health.status, body: await health.text() },
  authorize: { status: authorize.status, offersSignIn: (await authorize.text()).includes('Log in to continue to Social Sizzle') },
  token: { status: issued.status, me: await me.text() },
}));
process.exit(3);
`;

describe('igloo exec', () => {
  it('runs the command against a fresh igloo with the demo world, exits with its status and removes the data dir', async () => {
    const tmp = freshDataDir();
    const run = await runIgloo(['exec', '--', process.execPath, '--input-type=module', '-e', COMMAND], { TMPDIR: tmp });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /^[^\n]+\n$/, 'stdout is the command\'s one line, nothing of igloo');
    const report = JSON.parse(run.stdout) as Report;
    assert.match(report.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.doesNotMatch(report.url, /:0$/);
    assert.match(report.appId, /^\d{15,16}$/);
    assert.equal(report.tester, 'jayposiris');
    assert.deepEqual(report.health, { status: 200, body: '{"status":"ok","mode":"emulator"}' });
    assert.deepEqual(report.authorize, { status: 200, offersSignIn: true });
    assert.equal(report.token.status, 200);
    assert.match(report.token.me, /^\{"username":"jayposiris","id":"\d+"\}$/);
    assert.ok(report.dataDir.startsWith(tmp), report.dataDir);
    assert.equal(existsSync(report.dataDir), false, 'the temporary data dir is removed');
    assert.deepEqual(readdirSync(tmp), []);
    assert.equal(run.stderr, `igloo exec: the demo world is on ${report.url} while ${process.execPath} runs\n`);
  });

  it('exits 127 with one line on stderr when the command does not exist, leaving nothing behind', async () => {
    const tmp = freshDataDir();
    const run = await runIgloo(['exec', '--', 'igloo-test-no-such-command'], { TMPDIR: tmp });
    assert.equal(run.code, 127);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'igloo exec: command not found: igloo-test-no-such-command\n');
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('forwards SIGTERM to the command and exits 128 + 15 when it dies of it', async () => {
    const tmp = freshDataDir();
    const child = spawnIgloo(['exec', '--', process.execPath, '-e', "process.stdout.write('ready\\n'); setInterval(() => {}, 1000);"], { TMPDIR: tmp });
    try {
      await waitForOutput(child, /^ready\n$/);
      child.kill('SIGTERM');
      assert.equal(await waitForExit(child), 143);
      assert.deepEqual(readdirSync(tmp), []);
    } finally {
      await killIgloo(child);
    }
  });

  it('exits 2 with usage without a command', async () => {
    for (const args of [['exec'], ['exec', '--']]) {
      const run = await runIgloo(args, { TMPDIR: freshDataDir() });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^igloo: exec needs a command: igloo exec -- <command> \[args\.\.\.\]\n/);
      assert.match(run.stderr, /Usage: igloo <command>/);
    }
  });
});
