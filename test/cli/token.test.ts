// `igloo token` as a child process: it writes the token to the data dir's database, so an igloo already
// serving that data dir accepts it at once; bad input exits 2 with usage, refusals exit 1 with one line.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { graphGet } from '../support/http-clients.ts';
import { bannerField, freshDataDir, killIgloo, removeTempDirs, runIgloo, serveIgloo } from '../support/igloo-cli.ts';

after(removeTempDirs);

describe('igloo token', () => {
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  let env: Record<string, string>;
  let appId: string;

  before(async () => {
    env = { IGLOO_DATA_DIR: freshDataDir() };
    let banner: string;
    ({ child, banner, url } = await serveIgloo(env));
    appId = bannerField(banner, 'Instagram App ID');
  });
  after(() => killIgloo(child));

  it('prints a short-lived token on one line that the running igloo accepts at once', async () => {
    const run = await runIgloo(['token', '--app', appId, '--user', 'jayposiris'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const [, token = ''] = /^(IGQ[A-Za-z0-9_-]+)\n$/.exec(run.stdout) ?? assert.fail(run.stdout);
    const me = await graphGet(url, { path: 'me', fields: 'id,username', token });
    assert.equal(me.status, 200, me.text);
    assert.match(me.text, /^\{"id":"\d+","username":"jayposiris"\}$/);
  });

  it('prints {"access_token","user_id","expires_in"} with --json, 60 days with --kind long', async () => {
    const run = await runIgloo(['token', '--app', appId, '--user', 'jayposiris', '--scopes', 'user_profile', '--kind', 'long', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^[^\n]+\n$/);
    const token = JSON.parse(run.stdout) as { access_token: string; user_id: string; expires_in: number };
    assert.deepEqual(Object.keys(token), ['access_token', 'user_id', 'expires_in']);
    assert.equal(token.expires_in, 5_184_000);
    const me = await graphGet(url, { path: 'me', fields: 'id,username', token: token.access_token });
    assert.equal(me.text, `{"id":"${token.user_id}","username":"jayposiris"}`);
    const media = await graphGet(url, { path: 'me', fields: 'media_count', token: token.access_token });
    assert.equal(media.status, 400, 'user_profile only: no media');
  });

  it('exits 1 with one line when the window would refuse the account, or the user or app is unknown', async () => {
    const cases: [string[], string][] = [
      [['--app', appId, '--user', 'demo_friend'], 'igloo: demo_friend is not an accepted Instagram Tester of Social Sizzle, which is in Development mode'],
      [['--app', appId, '--user', 'nobody_here'], 'igloo: No Instagram account is called "nobody_here".'],
      [['--app', '123', '--user', 'jayposiris'], 'igloo: No Instagram app has the Instagram App ID "123".'],
      [['--app', appId, '--user', 'jayposiris', '--scopes', 'user_media'], 'igloo: scopes must list user_profile and optionally user_media (Invalid scope: user_profile is required)'],
    ];
    for (const [args, message] of cases) {
      const run = await runIgloo(['token', ...args], env);
      assert.equal(run.code, 1, args.join(' '));
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.startsWith(message), run.stderr);
      assert.match(run.stderr, /^[^\n]+\n$/);
    }
  });

  it('exits 2 with usage without --app or --user, with a bad --kind or an unknown option', async () => {
    const needs = /^igloo: token needs --app <instagram-app-id> and --user <username>\n/;
    const cases: [string[], RegExp][] = [
      [['--app', appId], needs],
      [['--user', 'jayposiris'], needs],
      [['--app', appId, '--user', 'jayposiris', '--kind', 'medium'], /^igloo: --kind must be "short" or "long"\n/],
      [['--app', appId, '--user', 'jayposiris', '--bogus'], /^igloo: Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const run = await runIgloo(['token', ...args], env);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Usage: igloo <command>/);
      assert.match(run.stderr, /^ {2}token --app <instagram-app-id> --user <username>/m);
    }
  });
});
