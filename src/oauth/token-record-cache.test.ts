import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenRecordCache, type CachedToken } from './token-record-cache.ts';
import type { TokenRecord } from './token-repository.ts';

const record: TokenRecord = {
  igAppId: '1',
  accountId: '2',
  kind: 'short',
  scopes: 'user_profile,user_media',
  codeHash: null,
  issuedAt: 0,
  expiresAt: 1,
  revokedAt: null,
  revokedReason: null,
  asid: '3',
  username: 'u',
  accountType: 'PERSONAL',
  passwordChangedAt: 0,
  grantStatus: 'active',
};
const token: CachedToken = {
  record,
  principal: { igAppId: '1', accountId: '2', asid: '3', username: 'u', accountType: 'PERSONAL', scopes: new Set(['user_profile']), kind: 'short', issuedAt: 0, expiresAt: 1, codeHash: null },
};

describe('createTokenRecordCache', () => {
  it('serves a record until its TTL passes', () => {
    let now = 0;
    const cache = createTokenRecordCache({ ttlMs: 100, maxEntries: 10, now: () => now });
    cache.remember('h', token);
    now = 99;
    assert.equal(cache.get('h'), token);
    now = 100;
    assert.equal(cache.get('h'), undefined);
  });

  it('forgets everything on clear', () => {
    const cache = createTokenRecordCache({ ttlMs: 100, maxEntries: 10, now: () => 0 });
    cache.remember('h', token);
    cache.clear();
    assert.equal(cache.get('h'), undefined);
  });

  it('drops the oldest record when full, and keeps nothing with a TTL of 0', () => {
    const cache = createTokenRecordCache({ ttlMs: 100, maxEntries: 2, now: () => 0 });
    cache.remember('a', token);
    cache.remember('b', token);
    cache.remember('c', token);
    assert.deepEqual([cache.get('a'), !!cache.get('b'), !!cache.get('c')], [undefined, true, true]);
    const off = createTokenRecordCache({ ttlMs: 0, maxEntries: 2, now: () => 0 });
    off.remember('a', token);
    assert.equal(off.get('a'), undefined);
  });
});
