// The real `igloo` command as a child process: `seed --demo --json`, `serve` on an empty data dir (whose
// banner's demo credentials must carry a whole OAuth flow), and its exit codes for bad input.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createWebSession, decodeEntities } from '../support/browser.ts';
import { graphGet } from '../support/http-clients.ts';
import { bannerCredentials, bannerField, demoTesterToken, freshDataDir, killIgloo, removeTempDirs, runIgloo, serveIgloo, waitForExit } from '../support/igloo-cli.ts';

after(removeTempDirs);

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
  let url: string;
  let dataDir: string;

  const field = (label: string): string => bannerField(banner, label);

  before(async () => {
    dataDir = freshDataDir();
    ({ child, banner, url } = await serveIgloo({ IGLOO_DATA_DIR: dataDir }));
  });
  after(() => killIgloo(child));

  it('prints where it listens and the demo credentials', () => {
    assert.match(banner, /^igloo \(emulator mode\) listening on http:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(field('Instagram App ID'), /^\d{15,16}$/);
    assert.match(field('Instagram App Secret'), /^[0-9a-f]{32}$/);
    assert.match(field('Redirect URI'), /\/_igloo\/callback$/);
    assert.match(field('Instagram Tester'), /^\S+ \/ \S+$/);
    assert.match(field('Not a tester'), /^\S+ \/ \S+$/);
    assert.match(field('Developer'), /^\S+@\S+ \/ \S+$/);
  });

  it("links the emulator's home page, which shows the demo app", async () => {
    const home = /^ {2}Emulator home +(\S+) {2}\(surfaces, demo world, clock, faults, requests\)$/m.exec(banner)?.[1] ?? assert.fail(`no home page in the banner:\n${banner}`);
    assert.equal(new URL(home).pathname, '/_igloo/');
    const page = await fetch(`${url}${new URL(home).pathname}`);
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes(`id="demo-ig-app-id">${field('Instagram App ID')}<`));
  });

  it('prints URLs with the port it listens on, not port 0', () => {
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(banner)?.[1] ?? assert.fail('no listening port');
    assert.doesNotMatch(banner, /localhost:0\//);
    assert.ok(field('Redirect URI').includes(`:${port}/`), field('Redirect URI'));
  });

  it('names a command that runs from a clone and prints the same world as JSON (not `npx igloo`)', async () => {
    const command = /^Run `([^`]+)` to print these again as JSON\.$/m.exec(banner)?.[1] ?? assert.fail(`no command in the banner:\n${banner}`);
    const [node, bin, ...args] = command.split(' ');
    assert.deepEqual([node, bin], ['node', 'bin/igloo.mjs']);
    const run = await runIgloo(args, { IGLOO_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    const world = JSON.parse(run.stdout) as { app: { instagram_app_id: string; redirect_uri: string } };
    assert.equal(world.app.instagram_app_id, field('Instagram App ID'));
    assert.equal(world.app.redirect_uri, field('Redirect URI'));
  });

  it('lets the demo tester complete the OAuth flow and read /graph/me', async () => {
    const { accessToken, userId, username } = await demoTesterToken(url, banner);
    const me = await graphGet(url, { path: 'me', fields: 'id,username', token: accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.text, `{"id":"${userId}","username":"${username}"}`);
  });

  it('refuses the demo non-tester in the Authorization Window with "Insufficient developer role"', async () => {
    const [username, password] = bannerCredentials(banner, 'Not a tester');
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
