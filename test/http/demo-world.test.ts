// The demo world `npm start` creates: enough media for a second page of /me/media, an album of three,
// a video and a post without a caption for the tester, and media of the other account's own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureDemoWorld, type DemoWorld } from '../../src/demo-world.ts';
import { createWebSession } from '../support/browser.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface MediaItem {
  id: string;
  media_type: string;
  caption?: string;
  children?: { data: { id: string; media_type: string }[] };
}

describe('the demo world', () => {
  let server: TestServer;
  let world: DemoWorld;
  let token: string;

  before(async () => {
    server = await startTestServer();
    world = await ensureDemoWorld(server.services, server.url);
    const tester = world.accounts.find((a) => a.tester === 'accepted') ?? assert.fail('no tester');
    // The demo app's redirect URI is igloo's own callback page on the public URL given above.
    const params = { client_id: world.app.instagram_app_id, redirect_uri: world.app.redirect_uri, scope: 'user_profile,user_media', response_type: 'code' };
    const path = `/oauth/authorize?${new URLSearchParams(params).toString()}`;
    const web = createWebSession(server.url);
    await web.signIn(tester.username, tester.password, path);
    const consent = await web.get(path);
    const decided = await web.postForm('/oauth/authorize', { _csrf: web.csrf(consent), ...params, decision: 'allow' });
    const code = new URL(decided.location ?? assert.fail('no redirect')).searchParams.get('code') ?? '';
    const exchanged = await postAccessToken(server.url, { ...params, client_secret: world.app.instagram_app_secret, grant_type: 'authorization_code', code });
    token = /"access_token": "([^"]+)"/.exec(exchanged.text)?.[1] ?? assert.fail(exchanged.text);
  });
  after(() => server.close());

  it('gives the tester at least 30 posts, so the default page size leaves a second page', async () => {
    const me = await graphGet(server.url, { path: 'me', fields: 'media_count', token });
    assert.ok((JSON.parse(me.text) as { media_count: number }).media_count >= 30, me.text);
    const page = JSON.parse((await graphGet(server.url, { path: 'me/media', token })).text) as { data: unknown[]; paging: { next?: string } };
    assert.equal(page.data.length, 25);
    assert.ok(page.paging.next);
  });

  it('includes an album of three, a video and a post without a caption', async () => {
    const all = JSON.parse((await graphGet(server.url, { path: 'me/media', fields: 'id,media_type,caption,children{media_type}', token, query: { limit: '100' } })).text) as { data: MediaItem[] };
    const album = all.data.find((m) => m.media_type === 'CAROUSEL_ALBUM') ?? assert.fail('no album');
    assert.equal(album.children?.data.length, 3);
    assert.ok(all.data.some((m) => m.media_type === 'VIDEO'));
    assert.ok(all.data.some((m) => m.caption === undefined));
  });

  it('gives the other account media of its own', async () => {
    const friend = world.accounts.find((a) => a.tester === 'none') ?? assert.fail('no second account');
    const posts = await server.services.media.listRecent(friend.id, 100);
    assert.ok(posts.length >= 5);
  });
});
