// GET /_igloo/healthz and /_igloo/readyz over real HTTP (issue 9, Operations): open in both modes, fixed
// words only; readyz answers 503 with the reason while draining or when the database does not answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

async function getJson(url: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('health and readiness probes', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('healthz answers 200 {"status":"ok"}, not to be cached', async () => {
    const answer = await getJson(`${server.url}/_igloo/healthz`);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { status: 'ok' });
    assert.equal(answer.headers.get('cache-control'), 'no-store');
  });

  it('readyz answers 200 {"status":"ready"} while the database answers', async () => {
    const answer = await getJson(`${server.url}/_igloo/readyz`);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { status: 'ready' });
  });

  it('both are open in service mode without any token, and say nothing more there', async () => {
    const service = await startServiceModeServer('ops-health-admin-token');
    try {
      assert.deepEqual(await getJson(`${service.url}/_igloo/healthz`).then((a) => [a.status, a.body]), [200, { status: 'ok' }]);
      assert.deepEqual(await getJson(`${service.url}/_igloo/readyz`).then((a) => [a.status, a.body]), [200, { status: 'ready' }]);
      // A wrong token is not looked at either.
      const withBadToken = await fetch(`${service.url}/_igloo/readyz`, { headers: { authorization: 'Bearer wrong' } });
      assert.equal(withBadToken.status, 200);
    } finally {
      await service.close();
    }
  });

  it('readyz answers 503 {"status":"unavailable","reason":"database_unavailable"} when the database cannot answer, healthz still 200', async () => {
    const broken = await startTestServer();
    await broken.services.db.destroy();
    try {
      const answer = await getJson(`${broken.url}/_igloo/readyz`);
      assert.equal(answer.status, 503);
      assert.deepEqual(answer.body, { status: 'unavailable', reason: 'database_unavailable' });
      assert.equal((await getJson(`${broken.url}/_igloo/healthz`)).status, 200);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });

  it('readyz answers 503 {"status":"unavailable","reason":"draining"} once draining, and every answer then closes its connection', async () => {
    const draining = await startTestServer();
    try {
      draining.services.readiness.startDraining();
      const answer = await getJson(`${draining.url}/_igloo/readyz`);
      assert.equal(answer.status, 503);
      assert.deepEqual(answer.body, { status: 'unavailable', reason: 'draining' });
      assert.equal(answer.headers.get('connection'), 'close');
      const healthz = await getJson(`${draining.url}/_igloo/healthz`);
      assert.deepEqual([healthz.status, healthz.body, healthz.headers.get('connection')], [200, { status: 'ok' }, 'close']);
    } finally {
      await draining.close();
    }
  });
});
