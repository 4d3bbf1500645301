// A whole igloo on each database (IGLOO_DATABASE_URL=sqlite::memory: and postgres://…, a throwaway
// cluster: tools/postgres-cluster.ts), over real HTTP: sign in inside the Authorization Window, authorize,
// exchange the code, read /me and page /me/media; a replayed code revokes what it issued.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Media } from '../../src/media/media-entity.ts';
import { buildWorld, type TestWorld } from '../support/builders.ts';
import { createWebSession } from '../support/browser.ts';
import { DATABASE_KINDS, emptyDatabaseUrl, usePostgres } from '../support/databases.ts';
import { at, generateSampleFiles } from '../support/graph-fixtures.ts';
import { graphGet, postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface MediaPage {
  data: { id: string; caption: string; timestamp: string }[];
  paging: { cursors: { before: string; after: string }; next?: string; previous?: string };
}

usePostgres();

for (const kind of DATABASE_KINDS) {
  describe(`a full igloo on ${kind}`, () => {
    let server: TestServer;
    let world: TestWorld;
    let posts: Media[];
    before(async () => {
      server = await startTestServer({ IGLOO_DATABASE_URL: await emptyDatabaseUrl(kind) });
      world = await buildWorld(server.services);
      const files = await generateSampleFiles();
      posts = [];
      for (let i = 0; i < 3; i++) posts.push(await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], caption: `post ${i}`, takenAt: at(i * 60) }));
    });
    after(() => server.close());

    it('runs the code exchange, /me and /me/media, and revokes on a replayed code', async () => {
      const web = createWebSession(server.url);
      const windowPath = `/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=${world.redirectUri}&scope=user_profile,user_media&response_type=code&state=pg`;
      const signInPage = await web.get(windowPath);
      assert.equal(signInPage.status, 200);
      const signedIn = await web.postForm('/accounts/login/', { _csrf: web.csrf(signInPage), username: world.tester.username, password: world.tester.password, next: windowPath });
      assert.equal(signedIn.status, 303);
      const consent = await web.get(windowPath);
      assert.equal(consent.status, 200);
      const decided = await web.postForm('/oauth/authorize', {
        _csrf: web.csrf(consent),
        client_id: world.igApp.igAppId,
        redirect_uri: world.redirectUri,
        scope: 'user_profile,user_media',
        response_type: 'code',
        state: 'pg',
        decision: 'allow',
      });
      assert.equal(decided.status, 303);
      const code = new URL(decided.location ?? '').searchParams.get('code') ?? '';
      const exchange = { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code };

      const exchanged = await postAccessToken(server.url, exchange);
      assert.equal(exchanged.status, 200, exchanged.text);
      const match = /^\{"access_token": "(IGQ[A-Za-z0-9]+)", "user_id": (\d+)\}$/.exec(exchanged.text);
      assert.ok(match, exchanged.text);
      const [, token, userId] = match as unknown as [string, string, string];

      const me = await graphGet(server.url, { path: 'me', fields: 'id,username,account_type,media_count', token });
      assert.equal(me.status, 200);
      assert.equal(me.text, `{"id":"${userId}","username":"${world.tester.username}","account_type":"PERSONAL","media_count":3}`);

      const first = await graphGet(server.url, { path: 'me/media', fields: 'id,caption,timestamp', token, query: { limit: '2' } });
      assert.equal(first.status, 200, first.text);
      const page = JSON.parse(first.text) as MediaPage;
      assert.deepEqual(page.data, [
        { id: posts[2]?.id, caption: 'post 2', timestamp: '2024-01-01T00:02:00+0000' },
        { id: posts[1]?.id, caption: 'post 1', timestamp: '2024-01-01T00:01:00+0000' },
      ]);
      assert.equal(page.paging.previous, undefined);
      const next = await fetch(page.paging.next ?? '');
      assert.equal(next.status, 200);
      const last = JSON.parse(await next.text()) as MediaPage;
      assert.deepEqual(last.data, [{ id: posts[0]?.id, caption: 'post 0', timestamp: '2024-01-01T00:00:00+0000' }]);
      assert.equal(last.paging.next, undefined);

      const replayed = await postAccessToken(server.url, exchange);
      assert.equal(replayed.status, 400);
      assert.equal(replayed.text, '{"error_type": "OAuthException", "code": 400, "error_message": "This authorization code has been used"}');
      const revoked = await graphGet(server.url, { path: 'me', fields: 'id', token });
      assert.equal(revoked.status, 400);
      assert.match(revoked.text, /^\{"error":\{"message":"[^"]+","type":"OAuthException","code":190,"fbtrace_id":"[^"]+"\}\}$/);
    });
  });
}
