import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createCodeRepository, type AuthCode } from '../../src/oauth/code-repository.ts';
import { createGrantRepository } from '../../src/oauth/grant-repository.ts';
import { createTokenRepository, type NewToken } from '../../src/oauth/token-repository.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { insertAccount, insertApp, T0 } from './storage-fixtures.ts';

const DAY = 86_400_000;

describeOnEachDatabase('tokens, grants and codes', (under) => {
  let tokens: ReturnType<typeof createTokenRepository>;
  let grants: ReturnType<typeof createGrantRepository>;
  let codes: ReturnType<typeof createCodeRepository>;
  let writes = 0;
  before(async () => {
    const { db } = under.database;
    tokens = createTokenRepository(db, under.database.prepareFirst, () => void writes++);
    grants = createGrantRepository(db, under.database, () => void writes++);
    codes = createCodeRepository(db, under.database);
    await insertApp(db, '1001');
    await insertApp(db, '1002');
    await insertAccount(db, '17841400000000001', 'ada');
    await insertAccount(db, '17841400000000002', 'bob');
  });

  const token = (tokenHash: string, over: Partial<NewToken> = {}): NewToken => ({
    tokenHash,
    igAppId: '1001',
    accountId: '17841400000000001',
    kind: 'short',
    scopes: 'user_profile,user_media',
    codeHash: null,
    issuedAt: T0,
    expiresAt: T0 + 3_600_000,
    ...over,
  });

  it('keeps the first ASID of an app and account, whatever later candidates say', async () => {
    assert.equal(await grants.ensureAsid('1001', '17841400000000001', '555000001'), '555000001');
    assert.equal(await grants.ensureAsid('1001', '17841400000000001', '555000002'), '555000001');
    assert.equal(await grants.findAsid('1001', '17841400000000001'), '555000001');
    assert.equal(await grants.findAsid('1002', '17841400000000001'), undefined);
    assert.equal(await grants.findAccountOfAsid('1001', '555000001'), '17841400000000001');
  });

  it('finds a token with its account, ASID and grant, every time field a number', async () => {
    await tokens.insert(token('hash-a'));
    const expected = {
      igAppId: '1001',
      accountId: '17841400000000001',
      kind: 'short',
      scopes: 'user_profile,user_media',
      codeHash: null,
      issuedAt: T0,
      expiresAt: T0 + 3_600_000,
      refreshedAt: null,
      revokedAt: null,
      revokedReason: null,
      asid: '555000001',
      username: 'ada',
      accountType: 'PERSONAL',
      passwordChangedAt: T0,
      grantStatus: null,
    };
    assert.deepEqual(await tokens.findRecord('hash-a'), expected);
    await grants.upsertGrant('1001', '17841400000000001', 'user_profile', T0);
    assert.deepEqual(await tokens.findRecord('hash-a'), { ...expected, grantStatus: 'active' });
    assert.equal(await tokens.findRecord('hash-unknown'), undefined);
  });

  it('extends a live token in place, and not a revoked one', async () => {
    await tokens.insert(token('hash-long', { kind: 'long', expiresAt: T0 + 60 * DAY }));
    const before = writes;
    assert.equal(await tokens.extend('hash-long', T0 + DAY, T0 + 61 * DAY), true);
    assert.equal(writes, before + 1, 'the cache hook ran');
    const record = await tokens.findRecord('hash-long');
    assert.deepEqual([record?.refreshedAt, record?.expiresAt], [T0 + DAY, T0 + 61 * DAY]);
    assert.equal(await tokens.revokeByCode('no-such-code', T0, 'code_reused'), 0);
  });

  it('revokes every live token of a code, once', async () => {
    await tokens.insert(token('hash-c1', { codeHash: 'code-x' }));
    await tokens.insert(token('hash-c2', { codeHash: 'code-x' }));
    assert.equal(await tokens.revokeByCode('code-x', T0 + 5, 'code_reused'), 2);
    assert.equal(await tokens.revokeByCode('code-x', T0 + 6, 'code_reused'), 0);
    const record = await tokens.findRecord('hash-c1');
    assert.deepEqual([record?.revokedAt, record?.revokedReason], [T0 + 5, 'code_reused']);
    assert.equal(await tokens.extend('hash-c1', T0 + DAY, T0 + 2 * DAY), false);
  });

  it('stores a code, finds it whole, and lets only the first exchange mark it used', async () => {
    const code: AuthCode = { codeHash: 'code-1', igAppId: '1001', accountId: '17841400000000001', redirectUri: 'https://example.com/cb', scopes: 'user_profile', createdAt: T0, expiresAt: T0 + 3_600_000, usedAt: null };
    await codes.insert(code);
    assert.deepEqual(await codes.find('code-1'), code);
    assert.equal(await codes.markUsed('code-1', T0 + 1), true);
    assert.equal(await codes.markUsed('code-1', T0 + 2), false);
    assert.deepEqual(await codes.find('code-1'), { ...code, usedAt: T0 + 1 });
    assert.equal(await codes.find('code-2'), undefined);
  });

  it('moves a grant last use forward only, on active grants, in batches', async () => {
    await grants.upsertGrant('1002', '17841400000000001', 'user_profile,user_media', T0 + 10);
    await grants.recordUses([
      { igAppId: '1002', accountId: '17841400000000001', at: T0 + 50 },
      { igAppId: '1002', accountId: '17841400000000001', at: T0 + 20 },
      { igAppId: '1001', accountId: '17841400000000002', at: T0 + 99 },
    ]);
    const list = await grants.listOfAccount('17841400000000001');
    assert.deepEqual(list, [
      { igAppId: '1002', displayName: 'Display 1002', scopes: 'user_profile,user_media', status: 'active', createdAt: T0 + 10, updatedAt: T0 + 10, lastUsedAt: T0 + 50 },
      { igAppId: '1001', displayName: 'Display 1001', scopes: 'user_profile', status: 'active', createdAt: T0, updatedAt: T0, lastUsedAt: T0 },
    ]);
  });

  it('removes a grant with its tokens and unused codes in one transaction, which a failure rolls back whole', async () => {
    await grants.ensureAsid('1002', '17841400000000001', '555000003');
    await tokens.insert(token('hash-r', { igAppId: '1002' }));
    await codes.insert({ codeHash: 'code-r', igAppId: '1002', accountId: '17841400000000001', redirectUri: 'https://example.com/cb', scopes: 'user_profile', createdAt: T0, expiresAt: T0 + 3_600_000, usedAt: null });
    await assert.rejects(
      grants.removeGrant('1002', '17841400000000001', T0 + 100, () => Promise.reject(new Error('callback queue refuses'))),
      /callback queue refuses/,
    );
    assert.equal((await tokens.findRecord('hash-r'))?.revokedAt, null);
    assert.equal((await codes.find('code-r'))?.usedAt, null);

    assert.equal(await grants.removeGrant('1002', '17841400000000001', T0 + 100), true);
    assert.equal(await grants.removeGrant('1002', '17841400000000001', T0 + 101), false);
    const record = await tokens.findRecord('hash-r');
    assert.deepEqual([record?.revokedAt, record?.revokedReason, record?.grantStatus], [T0 + 100, 'app_removed', 'removed']);
    assert.equal(await codes.find('code-r'), undefined);
    await grants.upsertGrant('1002', '17841400000000001', 'user_profile', T0 + 200);
    assert.equal((await tokens.findRecord('hash-r'))?.revokedAt, T0 + 100, 'a new grant brings no old token back');
  });

  it('revokes all of an account access (a password change) and none of another account', async () => {
    await grants.ensureAsid('1001', '17841400000000002', '555000009');
    await tokens.insert(token('hash-bob', { accountId: '17841400000000002' }));
    await grants.revokeAllAccess('17841400000000001', T0 + 300, 'password_changed');
    assert.equal((await tokens.findRecord('hash-long'))?.revokedReason, 'password_changed');
    assert.equal((await tokens.findRecord('hash-bob'))?.revokedAt, null);
  });
});
