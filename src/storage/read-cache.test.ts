import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReadCache } from './read-cache.ts';

const value = { name: 'cached' };

describe('createReadCache', () => {
  it('serves a value until its TTL passes', async () => {
    let now = 0;
    const cache = createReadCache<typeof value>({ ttlMs: 100, maxEntries: 10, now: () => now });
    await cache.load('k', () => Promise.resolve(value));
    now = 99;
    assert.equal(cache.get('k'), value);
    now = 100;
    assert.equal(cache.get('k'), undefined);
  });

  it('forgets everything on clear, including what was loading during the clear', async () => {
    const cache = createReadCache<typeof value>({ ttlMs: 100, maxEntries: 10, now: () => 0 });
    await cache.load('k', () => Promise.resolve(value));
    cache.clear();
    assert.equal(cache.get('k'), undefined);
    const stale = cache.load('k', async () => {
      await Promise.resolve();
      return value;
    });
    cache.clear();
    assert.equal(await stale, value, 'the loaded value is still returned');
    assert.equal(cache.get('k'), undefined, 'but not remembered');
  });

  it('drops the oldest value when full, and keeps nothing with a TTL of 0 or when nothing was found', async () => {
    const cache = createReadCache<typeof value>({ ttlMs: 100, maxEntries: 2, now: () => 0 });
    for (const key of ['a', 'b', 'c']) await cache.load(key, () => Promise.resolve(value));
    assert.deepEqual([cache.get('a'), !!cache.get('b'), !!cache.get('c')], [undefined, true, true]);
    await cache.load('missing', () => Promise.resolve(undefined));
    assert.equal(cache.get('b'), value, 'a miss takes no room');
    const off = createReadCache<typeof value>({ ttlMs: 0, maxEntries: 2, now: () => 0 });
    await off.load('a', () => Promise.resolve(value));
    assert.equal(off.get('a'), undefined);
  });
});
