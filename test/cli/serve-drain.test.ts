// `igloo serve` on SIGTERM (issue 9, Operations): readyz turns 503 at once, the listener refuses new
// connections, a request in flight still gets its answer, then igloo exits 0. IGLOO_DRAIN_SECONDS bounds
// the wait: a request slower than that is cut and igloo stops all the same.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { bannerField, freshDataDir, killIgloo, removeTempDirs, serveIgloo, waitForExit, waitForOutput } from '../support/igloo-cli.ts';

after(removeTempDirs);

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(response.ok, await response.clone().text());
  return (await response.json()) as Record<string, unknown>;
}

/** A token for the demo tester, and a fault rule that holds GET /me for `latencyMs` before its real answer. */
async function slowGraphMe(url: string, banner: string, latencyMs: number): Promise<string> {
  const [username = ''] = bannerField(banner, 'Instagram Tester').split(' / ');
  const token = await postJson(`${url}/_igloo/tokens`, { app_id: bannerField(banner, 'Instagram App ID'), username });
  await postJson(`${url}/_igloo/faults`, { surface: 'graph', path: '/me', latency_ms: latencyMs });
  return String(token.access_token);
}

/** Resolves once the fault rule fired: the request is in igloo's hands, waiting out its latency. */
async function untilFired(url: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const rules = (await (await fetch(`${url}/_igloo/faults`)).json()) as { data: { fired: number }[] };
    if (rules.data[0]?.fired === 1) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('the slow request never reached igloo');
}

/** Everything the server sends on `socket` until it closes the connection. */
function readUntilClosed(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return new Promise((resolve) => socket.once('close', () => resolve(text)));
}

/** The error code of a new TCP connection to igloo's port (fetch could reuse a pooled one instead). */
function connectError(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const attempt = connect(Number(new URL(url).port), '127.0.0.1');
    attempt.once('connect', () => resolve(attempt.destroy() && undefined));
    attempt.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
}

const request = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

describe('igloo serve on SIGTERM', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  after(() => killIgloo(child));

  it('answers the request in flight, refuses new connections, says 503 draining on readyz meanwhile, then exits 0', async () => {
    const served = await serveIgloo({ IGLOO_DATA_DIR: freshDataDir() });
    child = served.child;
    const { url } = served;
    const token = await slowGraphMe(url, served.banner, 1500);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    const received = readUntilClosed(socket);
    socket.write(request(`/graph/me?fields=id,username&access_token=${token}`));
    await untilFired(url);

    const draining = waitForOutput(child, /igloo: draining/);
    const stopped = waitForOutput(child, /igloo: drained, stopped/);
    child.kill('SIGTERM');
    await draining;
    assert.equal(await connectError(url), 'ECONNREFUSED');
    // Pipelined behind the request in flight, on its connection (the only way in now).
    socket.write(request('/_igloo/readyz'));

    const [slow, readyz, ...more] = (await received).split(/(?=HTTP\/1\.1 \d{3} )/);
    assert.deepEqual(more, []);
    assert.match(slow ?? '', /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(slow ?? '', /\r\n\r\n\{"id":"\d+","username":"[a-z0-9_.]+"\}$/);
    assert.match(readyz ?? '', /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(readyz ?? '', /\r\nconnection: close\r\n/i);
    assert.match(readyz ?? '', /\r\n\r\n\{"status":"unavailable","reason":"draining"\}$/);
    await stopped;
    assert.equal(await waitForExit(child), 0);
  });

  it('cuts a request slower than IGLOO_DRAIN_SECONDS and exits 0 all the same', async () => {
    const served = await serveIgloo({ IGLOO_DATA_DIR: freshDataDir(), IGLOO_DRAIN_SECONDS: '1' });
    child = served.child;
    const token = await slowGraphMe(served.url, served.banner, 60_000);
    const socket = connect(Number(new URL(served.url).port), '127.0.0.1');
    const received = readUntilClosed(socket);
    socket.write(request(`/graph/me?access_token=${token}`));
    await untilFired(served.url);
    child.kill('SIGTERM');
    assert.equal(await waitForExit(child), 0);
    assert.equal(await received, '');
  });
});
