// `igloo serve` on a port another process holds: one line on stderr, a non-zero exit, and nothing
// created — no data dir, no database, no secret key file.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshDataDir, removeTempDirs, runIgloo } from '../support/igloo-cli.ts';

after(removeTempDirs);

describe('igloo serve on a port that is taken', () => {
  let holder: Server;
  let port: number;

  before(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const address = holder.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    port = address.port;
  });
  after(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('prints one line naming the port and IGLOO_PORT, exits 1 and creates no data dir', async () => {
    const dataDir = join(freshDataDir(), 'data');
    const run = await runIgloo(['serve'], { IGLOO_DATA_DIR: dataDir, IGLOO_BIND_HOST: '127.0.0.1', IGLOO_PORT: String(port) });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `igloo: port ${port} is already in use (set IGLOO_PORT to choose another)\n`);
    assert.equal(run.stdout, '');
    assert.equal(existsSync(dataDir), false);
  });

  it('creates no database file either when IGLOO_DATABASE_URL points outside the data dir', async () => {
    const outside = freshDataDir();
    const run = await runIgloo(['serve'], {
      IGLOO_DATA_DIR: join(outside, 'data'),
      IGLOO_DATABASE_URL: `sqlite:${join(outside, 'db', 'igloo.db')}`,
      IGLOO_BIND_HOST: '127.0.0.1',
      IGLOO_PORT: String(port),
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^igloo: port \d+ is already in use/);
    assert.equal(existsSync(join(outside, 'db')), false);
    assert.equal(existsSync(join(outside, 'data')), false);
  });
});
