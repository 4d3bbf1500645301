// `igloo world apply|export`, `igloo reset [--demo]` and `igloo clock` as child processes, on the data
// dir's database (issue 8): the same world service and clock rules as /_igloo/world, /_igloo/reset and
// /_igloo/clock.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { graphGet } from '../support/http-clients.ts';
import { freshDataDir, killIgloo, PLAIN_BANNER_END, removeTempDirs, runIgloo, serveIgloo } from '../support/igloo-cli.ts';

after(removeTempDirs);

const HOUR_MS = 3_600_000;

const WORLD = {
  developers: [{ email: 'cli@example.com' }],
  apps: [{ name: 'Cli Frames', redirect_uris: ['https://cli.example/cb'], testers: ['cli_tester'] }],
  accounts: [{ username: 'cli_tester', media_count: 2 }],
  media: [{ username: 'cli_tester', media_type: 'VIDEO', caption: 'shipped video' }],
};

/** A world document in a file of its own. */
function worldFile(doc: unknown): string {
  const file = join(freshDataDir(), 'world.json');
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

const exportOf = async (env: Record<string, string>) => {
  const run = await runIgloo(['world', 'export'], env);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as { developers: unknown[]; apps: { instagram_app_id: string; testers: string[] }[]; accounts: { username: string }[]; media: { media_type: string }[] };
};

describe('igloo world', () => {
  it('applies a world file, prints its ids and secrets, and exports it back; a running igloo serves it', async () => {
    const env = { IGLOO_DATA_DIR: freshDataDir() };
    const run = await runIgloo(['world', 'apply', worldFile(WORLD)], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const applied = JSON.parse(run.stdout) as { apps: { instagram_app_id: string; instagram_app_secret: string }[]; accounts: { media_ids: string[] }[]; media: { id: string; media_type: string }[] };
    const [app] = applied.apps;
    assert.match(app?.instagram_app_id ?? '', /^\d{15,16}$/);
    assert.match(app?.instagram_app_secret ?? '', /^[0-9a-f]{32}$/);
    assert.equal(applied.accounts[0]?.media_ids.length, 2);
    assert.equal(applied.media[0]?.media_type, 'VIDEO');

    const exported = await exportOf(env);
    assert.deepEqual(exported.apps.map((a) => [a.instagram_app_id, a.testers]), [[app?.instagram_app_id, ['cli_tester']]]);
    assert.equal(exported.media.length, 3);

    let child: ChildProcessWithoutNullStreams | undefined;
    try {
      const served = await serveIgloo(env, PLAIN_BANNER_END);
      child = served.child;
      const token = await runIgloo(['token', '--app', app?.instagram_app_id ?? '', '--user', 'cli_tester'], env);
      assert.equal(token.code, 0, token.stderr);
      const media = await graphGet(served.url, { path: 'me/media', fields: 'id,media_type', token: token.stdout.trim() });
      assert.ok(media.text.includes(`{"id":"${applied.media[0]?.id ?? ''}","media_type":"VIDEO"}`), media.text);
    } finally {
      await killIgloo(child);
    }
  });

  it('exits 1 with one line naming the field for a bad or taken document, and creates nothing', async () => {
    const env = { IGLOO_DATA_DIR: freshDataDir() };
    assert.equal((await runIgloo(['world', 'apply', worldFile({ accounts: [{ username: 'first' }] })], env)).code, 0);
    const cases: [string, RegExp][] = [
      [worldFile({ developers: [{ email: 'd@example.com' }], apps: [{ name: 'A', redirect_uris: ['https://ok.example/', 'nope'] }] }), /^igloo: \S+world\.json: apps\[0\]\.redirect_uris\[1\]: nope is not a valid URL\.\n$/],
      [worldFile({ accounts: [{ username: 'second' }], apps: [{ name: 'A', redirect_uris: [5] }] }), /^igloo: \S+world\.json: apps\[0\]\.redirect_uris\[0\] must be a string of at most 2000 characters\n$/],
      [worldFile({ accounts: [{ username: 'second' }, { username: 'first' }] }), /^igloo: \S+world\.json: accounts\[1\]\.username: an account called first already exists\n$/],
      [worldFile('{"accounts": ['), /^igloo: \S+world\.json is not JSON: /],
      [join(freshDataDir(), 'missing.json'), /^igloo: cannot read \S+missing\.json: ENOENT\n$/],
    ];
    for (const [file, message] of cases) {
      const run = await runIgloo(['world', 'apply', file], env);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    }
    const exported = await exportOf(env);
    assert.deepEqual([exported.developers, exported.apps, exported.accounts.map((a) => a.username)], [[], [], ['first']]);
  });

  it('exits 2 with usage without a verb, a file, or with extra words', async () => {
    for (const args of [['world'], ['world', 'apply'], ['world', 'export', 'x'], ['world', 'import', 'x']]) {
      const run = await runIgloo(args, { IGLOO_DATA_DIR: freshDataDir() });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^igloo: world needs "apply <file>" or "export"\n/);
      assert.match(run.stderr, /^ {2}world apply <file>/m);
    }
  });
});

describe('igloo reset', () => {
  it('empties the world, its media files and the clock offset; with --demo prints the demo world again', async () => {
    const dataDir = freshDataDir();
    const env = { IGLOO_DATA_DIR: dataDir };
    assert.equal((await runIgloo(['world', 'apply', worldFile(WORLD)], env)).code, 0);
    assert.equal((await runIgloo(['clock', 'advance', '2h'], env)).code, 0);
    assert.ok(existsSync(join(dataDir, 'media')));

    const reset = await runIgloo(['reset'], env);
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal(reset.stdout, 'The world is empty.\n');
    assert.deepEqual(await exportOf(env), { developers: [], apps: [], accounts: [], media: [] });
    assert.equal(existsSync(join(dataDir, 'media')), false);
    assert.equal((JSON.parse((await runIgloo(['clock'], env)).stdout) as { offset_ms: number }).offset_ms, 0);

    const demo = await runIgloo(['reset', '--demo'], env);
    assert.equal(demo.code, 0, demo.stderr);
    const world = JSON.parse(demo.stdout) as { app: { instagram_app_id: string }; accounts: { username: string }[] };
    const exported = await exportOf(env);
    assert.deepEqual(exported.apps.map((a) => a.instagram_app_id), [world.app.instagram_app_id]);
    assert.deepEqual(exported.accounts.map((a) => a.username), world.accounts.map((a) => a.username));

    const bad = await runIgloo(['reset', '--everything'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^igloo: Unknown option '--everything'/);
  });
});

describe('igloo clock', () => {
  it('moves the saved clock forward by a duration or to an instant, and igloo serve starts from it', async () => {
    const env = { IGLOO_DATA_DIR: freshDataDir(), IGLOO_SEED_DEMO: 'false' };
    const advanced = await runIgloo(['clock', 'advance', '25h'], env);
    assert.equal(advanced.code, 0, advanced.stderr);
    const body = JSON.parse(advanced.stdout) as { now: string; now_ms: number; offset_ms: number; virtual: boolean };
    assert.deepEqual(Object.keys(body), ['now', 'now_ms', 'offset_ms', 'virtual']);
    assert.equal(body.offset_ms, 25 * HOUR_MS);

    const set = await runIgloo(['clock', 'set', '2999-01-01T00:00:00Z'], env);
    assert.equal(set.code, 0, set.stderr);
    const target = JSON.parse(set.stdout) as { now_ms: number; offset_ms: number };
    assert.ok(target.now_ms >= Date.UTC(2999, 0, 1) && target.offset_ms > 25 * HOUR_MS, set.stdout);

    const back = await runIgloo(['clock', 'set', '2026-01-01T00:00:00Z'], env);
    assert.equal(back.code, 1);
    assert.match(back.stderr, /^igloo: set must not be before the current virtual time, 2999-01-01T00:00:\d\d\.\d{3}Z: the clock only moves forward\n$/);
    const nonsense = await runIgloo(['clock', 'advance', 'soon'], env);
    assert.equal(nonsense.code, 1);
    assert.match(nonsense.stderr, /^igloo: advance must be a duration like "90s"/);

    const served = await serveIgloo(env, PLAIN_BANNER_END);
    try {
      const clock = (await (await fetch(`${served.url}/_igloo/clock`)).json()) as { offset_ms: number };
      assert.ok(clock.offset_ms >= target.offset_ms && clock.offset_ms < target.offset_ms + HOUR_MS, JSON.stringify(clock));
    } finally {
      await killIgloo(served.child);
    }
  });

  it('exits 1 in service mode, and 2 with usage for a bad command line', async () => {
    const service = await runIgloo(['clock', 'advance', '1h'], { IGLOO_DATA_DIR: freshDataDir(), IGLOO_MODE: 'service' });
    assert.equal(service.code, 1);
    assert.equal(service.stderr, 'igloo: the clock is only virtual in emulator mode\n');
    for (const args of [['clock', 'advance'], ['clock', 'rewind', '1h'], ['clock', 'set', 'a', 'b']]) {
      const run = await runIgloo(args, { IGLOO_DATA_DIR: freshDataDir() });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^igloo: clock needs nothing, "advance <duration>" or "set <instant>"\n/);
    }
  });
});
