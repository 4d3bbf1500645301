// `igloo serve` with IGLOO_DATABASE_URL naming a PostgreSQL that is not there: one line on stderr that
// says where it looked (never the password), exit 1, no stack trace.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freshDataDir, removeTempDirs, runIgloo } from '../support/igloo-cli.ts';

after(removeTempDirs);

/** A loopback port nothing listens on (taken, then released). */
const closedPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

describe('igloo serve on a PostgreSQL that cannot be reached', () => {
  it('prints one line naming host, port and database, exits 1', async () => {
    const port = await closedPort();
    const run = await runIgloo(['serve'], {
      IGLOO_DATA_DIR: join(freshDataDir(), 'data'),
      IGLOO_DATABASE_URL: `postgres://igloo:s3cret-pw@127.0.0.1:${port}/igloo`,
      IGLOO_BIND_HOST: '127.0.0.1',
      IGLOO_PORT: '0',
    });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `igloo: cannot reach PostgreSQL at 127.0.0.1:${port}/igloo (IGLOO_DATABASE_URL): connect ECONNREFUSED 127.0.0.1:${port}\n`);
    assert.equal(run.stdout, '');
  });
});
