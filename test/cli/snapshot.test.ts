// `igloo snapshot export|import` as child processes (issue 8): the same snapshot service as
// /_igloo/snapshot on the data dir's database and media, so an igloo served from an imported data dir
// takes the tokens, media files and clock of the exported one; a refused archive changes nothing.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sendWithHost } from '../support/graph-fixtures.ts';
import { graphGet } from '../support/http-clients.ts';
import { freshDataDir, killIgloo, PLAIN_BANNER_END, removeTempDirs, runIgloo, serveIgloo } from '../support/igloo-cli.ts';

after(removeTempDirs);

const HOUR_MS = 3_600_000;

const WORLD = {
  developers: [{ email: 'cli.snap@example.com' }],
  apps: [{ name: 'Cli Snap', redirect_uris: ['https://cli-snap.example/cb'], testers: ['cli_snap'] }],
  accounts: [{ username: 'cli_snap' }],
  media: [{ username: 'cli_snap', media_type: 'VIDEO', caption: 'shipped video' }],
};

const worldExport = async (env: Record<string, string>): Promise<string> => {
  const run = await runIgloo(['world', 'export'], env);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
};

describe('igloo snapshot', () => {
  it('exports a data dir to a file that another data dir imports: its token, video and clock work there', async () => {
    const source = freshDataDir();
    const sourceEnv = { IGLOO_DATA_DIR: source };
    const worldFile = join(freshDataDir(), 'world.json');
    writeFileSync(worldFile, JSON.stringify(WORLD));
    const applied = await runIgloo(['world', 'apply', worldFile], sourceEnv);
    assert.equal(applied.code, 0, applied.stderr);
    const appId = (JSON.parse(applied.stdout) as { apps: { instagram_app_id: string }[] }).apps[0]?.instagram_app_id ?? '';
    assert.equal((await runIgloo(['clock', 'advance', '3h'], sourceEnv)).code, 0);
    const issued = await runIgloo(['token', '--app', appId, '--user', 'cli_snap', '--kind', 'long'], sourceEnv);
    assert.equal(issued.code, 0, issued.stderr);
    const token = issued.stdout.trim();

    const archive = join(freshDataDir(), 'state.tar.gz');
    const exported = await runIgloo(['snapshot', 'export', archive], sourceEnv);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^Exported \d+ rows and 2 media files to \S+state\.tar\.gz\.\n$/);
    assert.equal(readFileSync(archive).subarray(0, 2).toString('hex'), '1f8b', 'gzip magic');

    // App secrets are sealed with the source's key: the target runs with it.
    const target = freshDataDir();
    const targetEnv = { IGLOO_DATA_DIR: target, IGLOO_SECRET_KEY: readFileSync(join(source, 'secret.key'), 'utf8').trim() };
    const imported = await runIgloo(['snapshot', 'import', archive], targetEnv);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^Imported \d+ rows and 2 media files from \S+state\.tar\.gz \(exported \d{4}-\d\d-\d\dT[\d:.]+Z by igloo \d+\.\d+\.\d+\)\.\n$/);
    assert.equal(await worldExport(targetEnv), await worldExport(sourceEnv));
    assert.equal((JSON.parse((await runIgloo(['clock'], targetEnv)).stdout) as { offset_ms: number }).offset_ms, 3 * HOUR_MS);

    let child: ChildProcessWithoutNullStreams | undefined;
    try {
      const served = await serveIgloo(targetEnv, PLAIN_BANNER_END);
      child = served.child;
      const me = await graphGet(served.url, { path: 'me', fields: 'username', token });
      assert.equal(me.status, 200, me.text);
      const feed = await graphGet(served.url, { path: 'me/media', fields: 'media_url', token });
      assert.equal(feed.status, 200, feed.text);
      const mediaUrl = new URL((JSON.parse(feed.text) as { data: { media_url: string }[] }).data[0]?.media_url ?? '');
      const video = await sendWithHost(served.url, { host: mediaUrl.host, path: mediaUrl.pathname + mediaUrl.search });
      assert.equal(video.status, 200);
      const [sourceVideo] = readdirSync(join(source, 'media', 'm'));
      assert.ok(video.body.equals(readFileSync(join(source, 'media', 'm', sourceVideo ?? ''))), 'the same bytes as the source data dir');
    } finally {
      await killIgloo(child);
    }
  });

  it('exits 1 with one line for a file that is not a snapshot, and changes nothing', async () => {
    const env = { IGLOO_DATA_DIR: freshDataDir() };
    const worldFile = join(freshDataDir(), 'world.json');
    writeFileSync(worldFile, JSON.stringify(WORLD));
    assert.equal((await runIgloo(['world', 'apply', worldFile], env)).code, 0);
    const before = await worldExport(env);
    const cases: [string, RegExp][] = [
      [worldFile, /^igloo: \S+world\.json: The archive is not gzip data \(.+\); send a gzip'd tar as GET \/_igloo\/snapshot makes\.\n$/],
      [join(freshDataDir(), 'missing.tar.gz'), /^igloo: cannot read \S+missing\.tar\.gz: ENOENT\n$/],
      [freshDataDir(), /^igloo: cannot read \S+: not a file\n$/],
    ];
    for (const [file, message] of cases) {
      const run = await runIgloo(['snapshot', 'import', file], env);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    }
    assert.equal(await worldExport(env), before);
    assert.equal(existsSync(join(env.IGLOO_DATA_DIR, 'media', 'm')), true);
  });

  it('exits 2 with usage without a verb or a file, or with extra words', async () => {
    for (const args of [['snapshot'], ['snapshot', 'export'], ['snapshot', 'import'], ['snapshot', 'export', 'a', 'b'], ['snapshot', 'restore', 'a']]) {
      const run = await runIgloo(args, { IGLOO_DATA_DIR: freshDataDir() });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^igloo: snapshot needs "export <file>" or "import <file>"\n/);
      assert.match(run.stderr, /^ {2}snapshot export <file>/m);
    }
  });
});
