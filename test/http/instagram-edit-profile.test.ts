// Edit Profile over real HTTP: the account's name and username under Instagram's rules, each refusal
// under its field; a new username shows at once on the profile and in Graph /me (cached tokens too).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAccount, buildWorld, issueToken } from '../support/builders.ts';
import type { WebSession } from '../support/browser.ts';
import { graphGet } from '../support/http-clients.ts';
import { assertCsrfRefused, bannerOf, signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('Edit Profile', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ IGLOO_TOKEN_CACHE_SECONDS: '3600' });
  });
  after(() => server.close());

  const edit = async (web: WebSession, fields: Record<string, string>, csrf?: string) =>
    web.postForm('/accounts/edit/', { _csrf: csrf ?? web.csrf(await web.get('/accounts/edit/')), ...fields });

  it('shows Name and Username filled in, and saves new ones: the profile moves and Graph /me says so at once', async () => {
    const world = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, world);
    const web = await signedIn(server.url, world.tester);
    const form = await web.get('/accounts/edit/');
    assert.match(form.text, new RegExp(`<input id="username" type="text" name="username" value="${world.tester.username}"`));
    assert.match(form.text, /<input id="full_name" type="text" name="full_name" value="Test User"/);
    assert.equal((await graphGet(server.url, { path: 'me', fields: 'username', token: accessToken })).status, 200);

    const renamed = `${world.tester.username}_new`;
    const saved = await edit(web, { full_name: 'New Name', username: renamed.toUpperCase() });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/accounts/edit/?saved=1');
    assert.equal(bannerOf(await web.get(saved.location), 'status'), 'Profile saved.');
    assert.equal((await web.get(`/${renamed}/`)).status, 200);
    assert.equal((await web.get(`/${world.tester.username}/`)).status, 404);
    const me = await graphGet(server.url, { path: 'me', fields: 'username', token: accessToken });
    assert.equal((JSON.parse(me.text) as { username: string }).username, renamed);
  });

  it('refuses a bad or taken username and a long name under their fields, keeping what was typed', async () => {
    const account = await buildAccount(server.services);
    const taken = await buildAccount(server.services);
    const web = await signedIn(server.url, account);
    const cases: [Record<string, string>, number, string, string][] = [
      [{ full_name: 'Kept', username: 'no spaces' }, 400, 'username', 'Usernames can only use letters, numbers, underscores and periods, up to 30 characters.'],
      [{ full_name: 'Kept', username: '' }, 400, 'username', 'Enter a username.'],
      [{ full_name: 'Kept', username: 'p' }, 400, 'username', "This username isn't available. Please try another."],
      [{ full_name: 'Kept', username: taken.username }, 409, 'username', 'A user with that username already exists.'],
      [{ full_name: 'n'.repeat(65), username: account.username }, 400, 'full_name', 'Enter a name under 64 characters.'],
    ];
    for (const [fields, status, field, message] of cases) {
      const response = await edit(web, fields);
      assert.equal(response.status, status, JSON.stringify(fields));
      assert.match(response.text, new RegExp(`<p class="error field-error" id="${field}-error" role="alert">${message.replace(/'/g, '&#39;')}</p>`));
    }
    const same = await server.services.accounts.findAccount(account.id);
    assert.equal(same?.username, account.username);
    // Keeping one's own username is no conflict.
    assert.equal((await edit(web, { full_name: 'Only the name', username: account.username })).status, 303);
  });

  it('refuses an edit with a missing or wrong CSRF token, changing nothing', async () => {
    const account = await buildAccount(server.services);
    const web = await signedIn(server.url, account);
    assertCsrfRefused(await web.postForm('/accounts/edit/', { full_name: 'X', username: `${account.username}x` }), 'missing');
    assertCsrfRefused(await edit(web, { full_name: 'X', username: `${account.username}x` }, 'wrong'), 'wrong');
    assert.equal((await server.services.accounts.findAccount(account.id))?.username, account.username);
  });
});
