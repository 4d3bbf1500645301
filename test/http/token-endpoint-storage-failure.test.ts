// A database that fails is the server's fault, not the client's: the token endpoint and the
// Authorization Window answer 500 with a generic body and log the cause, instead of "Invalid platform
// app". @see issue 7 point 14
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildWorld, issueCode, type TestWorld } from '../support/builders.ts';
import { postAccessToken } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
}

describe('a database failure at the token endpoint and the Authorization Window', () => {
  let server: TestServer;
  let world: TestWorld;
  let code: string;
  const lines: string[] = [];
  const errorsLogged = (msg: string) => lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.level === 50 && line.msg === msg);

  before(async () => {
    // No read cache, so that every request reads the app from the database.
    server = await startTestServer({ IGLOO_LOG_LEVEL: 'error', IGLOO_READ_CACHE_SECONDS: '0' }, { logDestination: { write: (line: string) => lines.push(line) } });
    world = await buildWorld(server.services);
    code = await issueCode(server.services, world);
    // The table of Instagram apps disappears under the running server.
    await sql`ALTER TABLE ig_apps RENAME TO ig_apps_unavailable`.execute(server.services.db);
  });
  after(async () => {
    await sql`ALTER TABLE ig_apps_unavailable RENAME TO ig_apps`.execute(server.services.db);
    await server.close();
  });

  it('answers POST /oauth/access_token with 500 and a generic body, and logs the cause', async () => {
    const response = await postAccessToken(server.url, { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code });
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.equal(response.text, '{"error_type": "OAuthException", "code": 400, "error_message": "An unknown error occurred"}');
    const [logged, ...more] = errorsLogged('token endpoint failed');
    assert.equal(more.length, 0);
    assert.match(logged?.err?.message ?? '', /no such table: ig_apps|relation "ig_apps" does not exist/);
  });

  it('answers the Authorization Window with a 500 page, not "Invalid platform app", and logs the cause', async () => {
    const query = new URLSearchParams({ client_id: world.igApp.igAppId, redirect_uri: world.redirectUri, scope: 'user_profile', response_type: 'code' });
    const response = await fetch(`${server.url}/oauth/authorize?${query.toString()}`);
    const text = await response.text();
    assert.equal(response.status, 500);
    assert.match(text, /Sorry, something went wrong\. Please try again\./);
    assert.doesNotMatch(text, /Invalid platform app|no such table|does not exist/);
    // SQLite's words, or PostgreSQL's (IGLOO_TEST_DATABASE=postgres).
    assert.match(errorsLogged('page handler failed')[0]?.err?.message ?? '', /no such table: ig_apps|relation "ig_apps" does not exist/);
  });
});
