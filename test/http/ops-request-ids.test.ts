// Request ids over real HTTP (issue 9, Operations): every answer carries x-request-id, the same id as
// its JSON log lines' reqId; a sane incoming x-request-id is kept, anything else is replaced. Graph's
// own headers stay as they are, and log redaction still applies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueToken } from '../support/builders.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const GENERATED = /^[A-Za-z0-9_-]{8}-[0-9a-z]+$/;

describe('request ids', () => {
  let server: TestServer;
  let token: string;
  const lines: string[] = [];
  before(async () => {
    server = await startTestServer({ IGLOO_LOG_LEVEL: 'info' }, { logDestination: { write: (line: string) => lines.push(line) } });
    token = (await issueToken(server.services, await buildWorld(server.services))).accessToken;
  });
  after(() => server.close());

  const idOf = async (path: string, incoming?: string) => {
    const response = await fetch(server.url + path, { headers: incoming === undefined ? {} : { 'x-request-id': incoming } });
    await response.arrayBuffer();
    return { id: response.headers.get('x-request-id') ?? '', response };
  };

  it('gives every answer, on every surface, a new x-request-id', async () => {
    const ids = new Set<string>();
    for (const path of ['/', '/graph/me', '/oauth/authorize', '/developers/', '/cdn/nothing', '/_igloo/healthz', '/no/such/page']) {
      const { id } = await idOf(path);
      assert.match(id, GENERATED, path);
      ids.add(id);
    }
    assert.equal(ids.size, 7);
  });

  it('keeps an incoming id of up to 64 letters, digits, dots, dashes and underscores', async () => {
    for (const sane of ['abc', 'trace.ID-1_2', 'x'.repeat(64), '0']) assert.equal((await idOf('/_igloo/healthz', sane)).id, sane);
  });

  it('replaces a hostile or oversized incoming id with a new one', async () => {
    for (const hostile of ['x'.repeat(65), 'a b', '<script>', 'id;drop', '../../etc', 'a,b', '']) {
      const { id } = await idOf('/_igloo/healthz', hostile);
      assert.match(id, GENERATED, JSON.stringify(hostile));
    }
  });

  it('leaves the Graph headers as Instagram sends them, beside the id', async () => {
    const { id, response } = await idOf(`/graph/me?fields=id&access_token=${token}`);
    assert.equal(response.status, 200);
    assert.match(id, GENERATED);
    assert.match(response.headers.get('x-fb-trace-id') ?? '', /^[A-Za-z0-9_-]{20,23}$/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });

  it('logs JSON lines whose reqId is the answer’s x-request-id, with the token still redacted', async () => {
    lines.length = 0;
    const { id } = await idOf(`/graph/me?fields=id&access_token=${token}`, 'probe-42');
    assert.equal(id, 'probe-42');
    const logged = lines.map((line) => JSON.parse(line) as { reqId?: string; msg: string; req?: { url: string } });
    const incoming = logged.find((entry) => entry.msg === 'incoming request');
    assert.equal(incoming?.reqId, 'probe-42');
    assert.ok(logged.some((entry) => entry.msg === 'request completed' && entry.reqId === 'probe-42'));
    assert.ok(!lines.join('\n').includes(token), 'the token is not logged');
    assert.match(incoming?.req?.url ?? '', /access_token=/);
  });
});
