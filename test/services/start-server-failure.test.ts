// startServer when its start fails half-way (the demo world cannot be made after the listener is up):
// it rejects and closes what it had opened, so an embedding process is left with no listener and no
// open database.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { testConfig } from '../../src/config/load-config.ts';
import { startServer } from '../../src/main.ts';
import { freePort } from '../../tools/free-port.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'igloo-start-failure-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Whether a listener can take `port` on 127.0.0.1 now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port }, () => probe.close(() => resolve(true)));
  });
}

describe('startServer failing after it listens', () => {
  it('rejects with the cause and leaves the port free', async () => {
    // Media files go under <data dir>/media: a file there makes the demo world's first post fail.
    writeFileSync(join(dataDir, 'media'), 'not a folder');
    const port = await freePort();
    const config = testConfig({ IGLOO_DATA_DIR: dataDir, IGLOO_DATABASE_URL: `sqlite:${join(dataDir, 'igloo.db')}`, IGLOO_BIND_HOST: '127.0.0.1', IGLOO_PORT: String(port), IGLOO_SEED_DEMO: 'true' });
    await assert.rejects(startServer(config), { code: 'ENOTDIR' });
    assert.equal(await canListen(port), true);
  });
});
