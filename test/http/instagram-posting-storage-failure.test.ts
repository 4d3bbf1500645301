// A post whose rows the database refuses leaves no media files behind (the bytes are written, and
// fsync'd or committed, before the rows; a failed insert removes them), whichever store keeps them.
// @see issue 7 point 13, issue 9 point 3
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { samplePhoto } from '../../src/media/sample-media.ts';
import type { WebSession } from '../support/browser.ts';
import { buildAccount } from '../support/builders.ts';
import { postMultipart, signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

for (const mediaStore of ['files', 'database'] as const) {
  describe(`posting when the database fails, media kept in ${mediaStore}`, () => {
    let server: TestServer;
    let web: WebSession;
    let photo: Buffer;
    const storedFiles = () => server.services.blobs.list();

    before(async () => {
      server = await startTestServer({ IGLOO_MEDIA_STORE: mediaStore });
      web = await signedIn(server.url, await buildAccount(server.services));
      photo = await samplePhoto({ label: 'igloo', hue: 120, width: 64, height: 64 });
    });
    after(() => server.close());

    const shareAlbum = async () => {
      const page = await web.get('/create/');
      const form = new FormData();
      form.append('_csrf', web.csrf(page));
      form.append('caption', 'two photos');
      for (const name of ['a.png', 'b.png']) form.append('media', new Blob([new Uint8Array(photo)]), name);
      return postMultipart(web, `${server.url}/create/`, form);
    };

    it('answers 500 and keeps no file of the post; once the database is back, the same post is stored', async () => {
      await sql`ALTER TABLE media RENAME TO media_unavailable`.execute(server.services.db);
      try {
        const failed = await shareAlbum();
        assert.equal(failed.status, 500);
        assert.match(failed.text, /Sorry, something went wrong\. Please try again\./);
        assert.deepEqual(await storedFiles(), []);
      } finally {
        await sql`ALTER TABLE media_unavailable RENAME TO media`.execute(server.services.db);
      }
      const shared = await shareAlbum();
      assert.equal(shared.status, 303, shared.text.slice(0, 300));
      assert.equal((await storedFiles()).length, 2);
    });
  });
}

describe('posting when the data dir cannot take the upload', () => {
  let server: TestServer;
  let web: WebSession;
  let photo: Buffer;
  const logLines: string[] = [];

  before(async () => {
    server = await startTestServer({ IGLOO_LOG_LEVEL: 'error' }, { logDestination: { write: (line: string) => logLines.push(line) } });
    web = await signedIn(server.url, await buildAccount(server.services));
    photo = await samplePhoto({ label: 'igloo', hue: 200, width: 64, height: 64 });
  });
  after(() => server.close());

  it('answers 500 and logs the cause, rather than blaming the upload; once the folder is back, the post is stored', async () => {
    // Uploads stream into <data dir>/uploads/: a file in its place makes every write there fail.
    const uploads = join(server.services.config.dataDir, 'uploads');
    writeFileSync(uploads, 'not a folder');
    const share = async () => {
      const page = await web.get('/create/');
      const form = new FormData();
      form.append('_csrf', web.csrf(page));
      form.append('media', new Blob([new Uint8Array(photo)]), 'a.png');
      return postMultipart(web, `${server.url}/create/`, form);
    };
    try {
      const failed = await share();
      assert.equal(failed.status, 500);
      assert.match(failed.text, /Sorry, something went wrong\. Please try again\./);
      assert.doesNotMatch(failed.text, /could not be read/);
      assert.ok(logLines.some((line) => line.includes('page handler failed') && line.includes(uploads)), logLines.join('\n'));
    } finally {
      rmSync(uploads);
    }
    assert.equal((await share()).status, 303);
  });
});
