// The virtual clock survives a restart: its offset is saved in the database on every move and read
// back at start, so codes, tokens and CDN URLs that expired in virtual time stay expired.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { freshDataDir, killIgloo, PLAIN_BANNER_END, removeTempDirs, serveIgloo, waitForExit } from '../support/igloo-cli.ts';

after(removeTempDirs);

interface ClockBody {
  now: string;
  now_ms: number;
  offset_ms: number;
  virtual: boolean;
}

const HOUR_MS = 3_600_000;

async function clockRequest(url: string, advance?: string): Promise<ClockBody> {
  const init: RequestInit = advance === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance }) };
  const response = await fetch(`${url}/_igloo/clock`, init);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as ClockBody;
}

describe('the virtual clock across a restart', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  after(() => killIgloo(child));

  it('keeps the time advanced over HTTP, and later moves add to it', async () => {
    const env = { IGLOO_DATA_DIR: freshDataDir(), IGLOO_SEED_DEMO: 'false' };

    const first = await serveIgloo(env, PLAIN_BANNER_END);
    child = first.child;
    assert.equal((await clockRequest(first.url)).offset_ms, 0);
    assert.equal((await clockRequest(first.url, '25h')).offset_ms, 25 * HOUR_MS);
    child.kill('SIGTERM');
    assert.equal(await waitForExit(child), 0);

    const second = await serveIgloo(env, PLAIN_BANNER_END);
    child = second.child;
    const wallBefore = Date.now();
    const restarted = await clockRequest(second.url);
    assert.equal(restarted.offset_ms, 25 * HOUR_MS);
    assert.equal(restarted.virtual, true);
    assert.ok(restarted.now_ms >= wallBefore + 25 * HOUR_MS, `${restarted.now} is not 25 h ahead of ${new Date(wallBefore).toISOString()}`);
    assert.equal(new Date(restarted.now).getTime(), restarted.now_ms);

    assert.equal((await clockRequest(second.url, '1h')).offset_ms, 26 * HOUR_MS);
  });
});
