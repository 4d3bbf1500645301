import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { AccountError } from '../../src/accounts/account-entity.ts';
import { createAccountRepository, type AccountRow } from '../../src/accounts/account-repository.ts';
import { createAppRepository } from '../../src/apps/app-repository.ts';
import { createDeveloperRepository } from '../../src/developers/developer-repository.ts';
import { DeveloperError } from '../../src/developers/developer-entity.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { T0 } from './storage-fixtures.ts';

const ada: AccountRow = { id: '17841400000000001', username: 'ada', fullName: 'Ada L', accountType: 'BUSINESS', isPrivate: true, passwordChangedAt: T0, createdAt: T0, passwordHash: 'hash-1' };

describeOnEachDatabase('accounts, developers and apps', (under) => {
  let accounts: ReturnType<typeof createAccountRepository>;
  let developers: ReturnType<typeof createDeveloperRepository>;
  let apps: ReturnType<typeof createAppRepository>;
  before(() => {
    accounts = createAccountRepository(under.database.db);
    developers = createDeveloperRepository(under.database.db);
    apps = createAppRepository(under.database.db);
  });

  it('stores an account, finds it by id and username, and refuses a taken username on insert and rename', async () => {
    await accounts.insert(ada);
    assert.deepEqual(await accounts.findById(ada.id), ada);
    assert.deepEqual(await accounts.findByUsername('ada'), ada);
    await accounts.insert({ ...ada, id: '17841400000000002', username: 'bob', isPrivate: false });
    await assert.rejects(accounts.insert({ ...ada, id: '17841400000000003' }), (error) => error instanceof AccountError && error.code === 'username_taken');
    await assert.rejects(accounts.updateProfile('17841400000000002', { username: 'ada', fullName: 'B' }), (error) => error instanceof AccountError && error.code === 'username_taken');
    await accounts.updatePassword(ada.id, 'hash-2', T0 + 5);
    const changed = await accounts.findById(ada.id);
    assert.deepEqual([changed?.passwordHash, changed?.passwordChangedAt], ['hash-2', T0 + 5]);
  });

  it('refuses a developer email that is taken', async () => {
    const row = { id: '900', email: 'dev@example.com', name: 'Dev', passwordHash: 'x', createdAt: T0 };
    await developers.insert(row);
    assert.deepEqual(await developers.findByEmail('dev@example.com'), row);
    await assert.rejects(developers.insert({ ...row, id: '901' }), (error) => error instanceof DeveloperError && error.code === 'email_taken');
  });

  it('stores an app, its Instagram app, redirect URIs in order, products and reviews', async () => {
    const fbApp = { appId: '3000', ownerId: '900', name: 'Shop', appType: 'consumer' as const, contactEmail: 'c@example.com', mode: 'development' as const, apiVersion: 'v21.0', privacyPolicyUrl: null, siteUrl: null, createdAt: T0 };
    await apps.insertFbApp({ ...fbApp, secretSealed: 'sealed' });
    assert.deepEqual(await apps.findFbApp('3000'), fbApp);
    await apps.updateFbApp('3000', { mode: 'live', siteUrl: 'https://shop.example' });
    assert.deepEqual(await apps.listFbAppsOfOwner('900'), [{ ...fbApp, mode: 'live', siteUrl: 'https://shop.example' }]);

    await apps.addProduct('3000', 'instagram_basic_display', T0);
    await apps.addProduct('3000', 'instagram_basic_display', T0 + 1);
    assert.equal(await apps.hasProduct('3000', 'instagram_basic_display'), true);

    await apps.insertInstagramApp({ igAppId: '4000', fbAppId: '3000', displayName: 'Shop', secretSealed: 'ig-sealed', createdAt: T0 });
    await apps.updateBasicDisplay('4000', { displayName: 'Shop IG', redirectUris: ['https://b.example/cb', 'https://a.example/cb'], deauthorizeUrl: 'https://a.example/d', dataDeletionUrl: null });
    await apps.setAutoConsent('4000', true);
    assert.deepEqual(await apps.findInstagramApp('4000'), {
      igAppId: '4000',
      fbAppId: '3000',
      displayName: 'Shop IG',
      redirectUris: ['https://b.example/cb', 'https://a.example/cb'],
      deauthorizeUrl: 'https://a.example/d',
      dataDeletionUrl: null,
      mode: 'live',
      apiVersion: 'v21.0',
      autoConsent: true,
      createdAt: T0,
    });
    assert.equal(await apps.findInstagramAppSecret('4000'), 'ig-sealed');
    assert.equal(await apps.findInstagramAppIdOfFbApp('3000'), '4000');

    await apps.setPermissionReview('4000', 'instagram_graph_user_media', 'submitted', T0 + 7);
    assert.deepEqual(await apps.listSubmittedReviews(), [{ igAppId: '4000', displayName: 'Shop IG', permission: 'instagram_graph_user_media', submittedAt: T0 + 7 }]);
    await apps.setPermissionReview('4000', 'instagram_graph_user_media', 'approved', T0 + 8);
    assert.deepEqual(await apps.approvedPermissions('4000'), ['instagram_graph_user_media']);
    assert.deepEqual(await apps.listSubmittedReviews(), []);
  });
});
