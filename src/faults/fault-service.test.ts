import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob } from './fault-rules.ts';
import { createFaultService, type FaultCall } from './fault-service.ts';
import type { FaultRuleInput } from './fault-rules.ts';

const rule = (overrides: Partial<FaultRuleInput>): FaultRuleInput => ({
  surface: 'graph',
  path: '*',
  method: undefined,
  appId: undefined,
  answer: { catalogue: 'permission_denied' },
  probability: 1,
  count: undefined,
  latencyMs: 0,
  preset: undefined,
  ...overrides,
});

const call = (overrides: Partial<FaultCall> = {}): FaultCall => ({ surface: 'graph', path: '/me', method: 'GET', appId: () => undefined, ...overrides });

describe('compileGlob', () => {
  it('lets * match any characters, slashes included, and everything else only itself', () => {
    assert.ok(compileGlob('*').test('/v21.0/me/media'));
    assert.ok(compileGlob('/v*/me*').test('/v21.0/me/media'));
    assert.ok(compileGlob('/v*/me*').test('/v21.0/me'));
    assert.ok(!compileGlob('/v*/me*').test('/me'));
    assert.ok(!compileGlob('/v2.0/me').test('/v210/me'), '. is not a wildcard');
    assert.ok(!compileGlob('/me').test('/me/media'), 'anchored at both ends');
    assert.ok(compileGlob('/(x)+[y]$').test('/(x)+[y]$'));
  });
});

describe('FaultService.draw', () => {
  it('is disarmed without rules and once every rule is used up', async () => {
    const faults = createFaultService({ clock: { now: () => 0 }, random: () => 0 });
    assert.equal(faults.armed(), false);
    faults.add(rule({ count: 1 }));
    assert.equal(faults.armed(), true);
    assert.ok((await faults.draw(call())).answer);
    assert.equal(faults.armed(), false);
    assert.equal((await faults.draw(call())).answer, undefined);
  });

  it('adds the latency of every rule that fires up to the first with an answer, which ends the draw', async () => {
    const faults = createFaultService({ clock: { now: () => 0 }, random: () => 0 });
    faults.add(rule({ answer: undefined, latencyMs: 100 }));
    faults.add(rule({ answer: { catalogue: 'rate_limited_app' }, latencyMs: 20 }));
    faults.add(rule({ answer: { catalogue: 'server_error' }, latencyMs: 5 }));
    assert.deepEqual(await faults.draw(call()), { delayMs: 120, answer: { catalogue: 'rate_limited_app' } });
    assert.deepEqual(
      faults.list().map((r) => r.fired),
      [1, 1, 0],
    );
  });

  it('asks for the app only when a rule limited to one could fire, and fires a counted rule once however many requests wait for it', async () => {
    const faults = createFaultService({ clock: { now: () => 0 }, random: () => 0 });
    faults.add(rule({ appId: '1', count: 1 }));
    let asked = 0;
    const slowApp = () => {
      asked++;
      return new Promise<string>((resolve) => setImmediate(() => resolve('1')));
    };
    assert.equal((await faults.draw(call({ surface: 'cdn', appId: slowApp }))).answer, undefined);
    assert.equal(asked, 0);
    const outcomes = await Promise.all([faults.draw(call({ appId: slowApp })), faults.draw(call({ appId: slowApp }))]);
    assert.equal(outcomes.filter((o) => o.answer).length, 1);
    assert.equal(faults.list()[0]?.fired, 1);
  });
});
