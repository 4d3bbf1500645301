// igloo/testing as another project sees it (issue 8): a tiny project whose node_modules/igloo links to
// this repository runs `node --test` on a JavaScript test (plain Node, no tsx) and `tsc` on a TypeScript
// one. Nothing is built beforehand: bin/testing.mjs bundles src/ on first import, as in a fresh clone.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { packageRoot } from '../../src/package-root.ts';

const run = promisify(execFile);
const repo = packageRoot();

const CONSUMER_TEST = `import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startIgloo } from 'igloo/testing';

let igloo;
before(async () => { igloo = await startIgloo(); });
after(() => igloo.stop());

it('reads /me with a token for the demo tester', async () => {
  const { access_token, user_id } = await igloo.token();
  const response = await fetch(\`\${igloo.urls.graph}/me?fields=id,username&access_token=\${access_token}\`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), \`{"id":"\${user_id}","username":"jayposiris"}\`);
});
`;

const CONSUMER_TS = `import { startIgloo, type Igloo, type IglooWorld } from 'igloo/testing';

const igloo: Igloo = await startIgloo({ world: { accounts: [{ username: 'ana', media_count: 1 }] }, config: { IGLOO_LOG_LEVEL: 'warn' } });
const world: IglooWorld = igloo.world;
const token: { access_token: string; user_id: string; expires_in: number } = await igloo.token({ app_id: world.apps[0]?.instagram_app_id, kind: 'long' });
const moved: Date = await igloo.clock.advance('25h');
// @ts-expect-error a world is 'demo', 'empty' or a world document
await startIgloo({ world: 'full' });
// @ts-expect-error scopes are user_profile and user_media
await igloo.token({ scopes: ['user_email'] });
const graphMe: string = igloo.urls.graph + '/me?access_token=' + token.access_token + '&at=' + moved.toISOString();
void graphMe;
await igloo.stop();
`;

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022'], types: [] },
  files: ['consumer.ts'],
};

/** The child's environment without this runner's: a nested `node --test` must report on its own. */
function plainEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  return env;
}

describe('igloo/testing in another project', () => {
  let project: string;
  before(() => {
    project = mkdtempSync(join(tmpdir(), 'igloo-consumer-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(repo, join(project, 'node_modules', 'igloo'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(project, 'consumer.test.mjs'), CONSUMER_TEST);
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it('runs under plain `node --test`, without tsx, and leaves no temporary data dir behind', async () => {
    const temp = join(project, 'tmp');
    mkdirSync(temp);
    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'consumer.test.mjs'], { cwd: project, env: { ...plainEnvironment(), TMPDIR: temp } });
    assert.match(stdout, /^ok 1 - reads \/me with a token for the demo tester$/m);
    assert.match(stdout, /^# pass 1$/m);
    assert.match(stdout, /^# fail 0$/m);
    assert.deepEqual(readdirSync(temp), []);
  });

  it('gives a TypeScript project its types', async () => {
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, env: plainEnvironment() }).catch((error: { stdout: string; code: number }) => error);
    assert.deepEqual({ code: 'code' in result ? result.code : 0, stdout: result.stdout }, { code: 0, stdout: '' });
  });
});
