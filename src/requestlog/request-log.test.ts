import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequestLog, type RequestRecord } from './request-log.ts';

const record = (overrides: Partial<RequestRecord> = {}): RequestRecord => ({
  surface: 'graph',
  method: 'GET',
  url: '/me?fields=id&access_token=[REDACTED]',
  scheme: 'http',
  host: 'graph.instagram.com',
  httpVersion: '1.1',
  appId: '111',
  status: 200,
  latencyMs: 0.25,
  requestSize: 0,
  responseSize: 48,
  error: undefined,
  requestHeaders: { host: 'graph.instagram.com' },
  responseHeaders: { 'content-type': 'application/json; charset=UTF-8' },
  ...overrides,
});

function logOf(size: number) {
  let virtual = 1_000;
  const log = createRequestLog({ size, clock: { now: () => virtual }, wall: { now: () => 5_000 } });
  return { log, tick: () => (virtual += 1_000) };
}

describe('request log', () => {
  it('gives back every field of a record, stamped with an id and both clocks', () => {
    const { log } = logOf(4);
    const error = { code: 190, message: 'Error validating access token' };
    log.record(record({ surface: 'api', method: 'POST', status: 400, error, appId: undefined, requestSize: 12, responseSize: -1 }));
    assert.deepEqual(log.find(1), {
      ...record({ surface: 'api', method: 'POST', status: 400, error, appId: undefined, requestSize: 12, responseSize: -1 }),
      id: 1,
      virtualMs: 1_000,
      wallMs: 5_000,
    });
    assert.equal(log.find(2), undefined);
    assert.equal(log.find(0), undefined);
    assert.equal(log.find(1.5), undefined);
  });

  it('keeps the last `size` entries, newest first, and pages with `before`', () => {
    const { log, tick } = logOf(3);
    for (let status = 200; status < 205; status++) {
      log.record(record({ status }));
      tick();
    }
    assert.equal(log.find(2), undefined, 'overwritten');
    assert.deepEqual(log.list({ limit: 10 }).entries.map((e) => [e.id, e.status, e.virtualMs]), [[5, 204, 5_000], [4, 203, 4_000], [3, 202, 3_000]]);
    const first = log.list({ limit: 2 });
    assert.deepEqual(first.entries.map((e) => e.id), [5, 4]);
    assert.equal(first.nextBefore, 4);
    assert.deepEqual(log.list({ limit: 2, before: 4 }), { entries: [log.find(3)], nextBefore: undefined });
  });

  it('filters by app, surface and status (exact or class)', () => {
    const { log } = logOf(10);
    log.record(record({ appId: '1', surface: 'graph', status: 200 }));
    log.record(record({ appId: '2', surface: 'cdn', status: 403 }));
    log.record(record({ appId: '1', surface: 'api', status: 400 }));
    const ids = (filter: Parameters<typeof log.list>[0]) => log.list(filter).entries.map((e) => e.id);
    assert.deepEqual(ids({ limit: 10, appId: '1' }), [3, 1]);
    assert.deepEqual(ids({ limit: 10, surface: 'cdn' }), [2]);
    assert.deepEqual(ids({ limit: 10, status: { hundreds: 4 } }), [3, 2]);
    assert.deepEqual(ids({ limit: 10, status: { exact: 400 }, appId: '1' }), [3]);
  });

  it('records nothing with size 0', () => {
    const { log } = logOf(0);
    assert.equal(log.enabled, false);
    log.record(record());
    assert.deepEqual(log.list({ limit: 10 }), { entries: [], nextBefore: undefined });
  });
});
