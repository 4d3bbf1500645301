// `igloo --version`, and the ways the README and the banner tell people to run the CLI: the package
// is private, so `npx igloo` would fetch an unrelated package from the registry; `npm run igloo --`
// and `node bin/igloo.mjs` run this one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { childEnv, freshDataDir, REPO, removeTempDirs, runIgloo, TIMEOUT_MS } from '../support/igloo-cli.ts';

after(removeTempDirs);

const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

describe('igloo --version', () => {
  for (const flag of ['--version', '-v']) {
    it(`prints "igloo <version>" for ${flag} and exits 0`, async () => {
      const run = await runIgloo([flag], { IGLOO_DATA_DIR: freshDataDir() });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `igloo ${version}\n`);
      assert.equal(run.stderr, '');
    });
  }

  it('is listed by igloo help', async () => {
    const run = await runIgloo(['help'], { IGLOO_DATA_DIR: freshDataDir() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ {2}--version, -v +print igloo's version$/m);
  });

  it('answers through `npm run -s igloo -- --version`', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(npm, ['run', '-s', 'igloo', '--', '--version'], { cwd: REPO, env: childEnv({ IGLOO_DATA_DIR: freshDataDir() }), timeout: TIMEOUT_MS }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
    });
    assert.equal(stdout, `igloo ${version}\n`);
  });
});
