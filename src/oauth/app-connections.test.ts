import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY } from '../clock.ts';
import { ACTIVE_WINDOW_MS, connectionOf } from './app-connections.ts';
import type { AccountGrant } from './grant-repository.ts';

const grant = (overrides: Partial<AccountGrant> = {}): AccountGrant => ({
  igAppId: '1',
  displayName: 'Social Sizzle',
  scopes: 'user_profile',
  status: 'active',
  createdAt: 1_000,
  updatedAt: 5_000,
  lastUsedAt: 5_000,
  ...overrides,
});

describe('connectionOf (spec §1.5)', () => {
  it('is Active while the grant was used within the last 90 days', () => {
    assert.equal(ACTIVE_WINDOW_MS, 90 * DAY);
    const connection = connectionOf(grant(), 5_000 + ACTIVE_WINDOW_MS - 1);
    assert.deepEqual(connection, { igAppId: '1', displayName: 'Social Sizzle', state: 'active', authorizedAt: 5_000, since: 5_000 });
  });

  it('is Expired from 90 days after its last use, dated then', () => {
    const connection = connectionOf(grant(), 5_000 + ACTIVE_WINDOW_MS);
    assert.equal(connection.state, 'expired');
    assert.equal(connection.since, 5_000 + ACTIVE_WINDOW_MS);
  });

  it('is Removed once removed, however recently used, dated at the removal', () => {
    const connection = connectionOf(grant({ status: 'removed', updatedAt: 9_000 }), 9_001);
    assert.equal(connection.state, 'removed');
    assert.equal(connection.since, 9_000);
  });
});
