// Parameters of api.instagram.com, graph.instagram.com and the CDN as the routes' TypeBox schemas read
// them, over real HTTP: a bad `limit` is refused in Graph's own envelope (never Fastify's validation
// body), a repeated parameter counts by its first value, unknown ones and bodies that are no form are
// ignored, and every refusal keeps its surface's envelope byte for byte.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWebSession } from '../support/browser.ts';
import { buildWorld, issueCode, issueToken, type TestWorld } from '../support/builders.ts';
import { assertGraphError, at, generateSampleFiles, invalidParameterBody } from '../support/graph-fixtures.ts';
import { graphGet, withoutTrace, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const LIMIT_REFUSED = invalidParameterBody('(#100) The parameter limit must be a positive integer');
const JSON_UTF8 = 'application/json; charset=UTF-8';
const oauthBody = (message: string) => `{"error_type": "OAuthException", "code": 400, "error_message": ${JSON.stringify(message)}}`;

async function wire(response: Response): Promise<WireResponse> {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('parameters of the public surfaces, as their schemas read them', () => {
  let server: TestServer;
  let world: TestWorld;
  let token: string;
  /** GET /graph/<path and query as written>, with the tester's token appended. */
  const graph = async (pathAndQuery: string, options: { method?: string; token?: string } = {}) =>
    wire(await fetch(`${server.url}/graph/${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}access_token=${options.token ?? token}`, { method: options.method ?? 'GET' }));
  const postToken = async (body: BodyInit, contentType?: string) =>
    wire(await fetch(`${server.url}/oauth/access_token`, { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} }));
  const tokenFields = async () => ({ client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code: await issueCode(server.services, world) });

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '1000000' });
    world = await buildWorld(server.services);
    token = (await issueToken(server.services, world)).accessToken;
    const files = await generateSampleFiles();
    for (const second of [0, 60, 120]) await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], takenAt: at(second) });
  });
  after(() => server.close());

  it('Graph: limit=abc, limit=0 or limit=1000000000 on an edge is (#100) in Graph’s envelope, HTTP 400, not Fastify’s validation body', async () => {
    for (const path of ['me/media?limit=abc', 'me/media?fields=id&limit=0', 'me/media?limit=1000000000', `${world.tester.id}/media?limit=-1`, 'v21.0/me/media?fields=id&limit=%20']) {
      assertGraphError(await graph(path), LIMIT_REFUSED);
    }
  });

  it('Graph: a node read does not page, so it ignores a bad limit (200, the same body as without it)', async () => {
    const plain = await graph('me?fields=id,username');
    assert.equal(plain.status, 200, plain.text);
    // Repeated parameters beside the bad limit still count by their first value (a fields array once gave 500).
    for (const path of ['me?fields=id,username&limit=abc', 'me?fields=id,username&limit=0', `${world.tester.id}?fields=id,username&limit=-1`, 'me?fields=id,username&fields=id&limit=abc']) {
      const read = await graph(path);
      assert.equal(read.status, 200, `${path}: ${read.text}`);
      assert.equal(read.text, plain.text);
    }
  });

  it('Graph: a good limit, an empty one and one with spaces are read; the token is checked before the limit, and the method before both', async () => {
    const page = await graph('me/media?fields=id&limit=%202%20');
    assert.equal(page.status, 200, page.text);
    assert.equal((JSON.parse(page.text) as { data: unknown[] }).data.length, 2);
    assert.equal((await graph('me?fields=id&limit=')).text, `{"id":"${(JSON.parse((await graph('me?fields=id')).text) as { id: string }).id}"}`);
    const badToken = await graph('me/media?limit=abc', { token: 'nonsense' });
    assert.equal(badToken.status, 400);
    assert.equal(withoutTrace(badToken.text), '{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"TRACE"}}');
    assertGraphError(await graph('me?limit=abc', { method: 'POST' }), '{"error":{"message":"Unsupported request - method type: post","type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}');
  });

  it('Graph: a repeated parameter counts by its first value (fields, limit, access_token); unknown ones are ignored', async () => {
    const me = await graph('me?fields=username&fields=id&colour=blue');
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(Object.keys(JSON.parse(me.text) as object), ['username', 'id']);
    const page = await graph('me/media?fields=id&limit=1&limit=abc');
    assert.equal((JSON.parse(page.text) as { data: unknown[] }).data.length, 1, page.text);
    assertGraphError(await graph('me/media?fields=id&limit=abc&limit=1'), LIMIT_REFUSED);
    const twoTokens = await wire(await fetch(`${server.url}/graph/me?fields=id&access_token=${token}&access_token=nonsense`));
    assert.equal(twoTokens.status, 200, twoTokens.text);
  });

  it('Graph: a body over 64 KiB is still Fastify’s 413, as before the routes had schemas', async () => {
    const response = await wire(await fetch(`${server.url}/graph/me`, { method: 'POST', body: 'x'.repeat(100_000), headers: { 'content-type': 'text/plain' } }));
    assert.equal(response.status, 413);
    assert.equal(response.text, '{"statusCode":413,"code":"FST_ERR_CTP_BODY_TOO_LARGE","error":"Payload Too Large","message":"Request body is too large"}');
  });

  it('Graph: the long-lived token endpoints take no limit and ignore it', async () => {
    const response = await graphGet(server.url, { path: 'access_token', token, query: { grant_type: 'ig_exchange_token', client_secret: world.secret, limit: 'abc' } });
    assert.equal(response.status, 200, response.text);
    assert.match(response.text, /^\{"access_token":"[^"]+","token_type":"bearer","expires_in":\d+\}$/);
  });

  it('token endpoint: a repeated field counts by its first value, urlencoded and multipart', async () => {
    const fields = await tokenFields();
    const urlencoded = new URLSearchParams(fields);
    urlencoded.append('client_id', '999');
    urlencoded.append('code', 'AQnonsense');
    const exchanged = await postToken(urlencoded);
    assert.equal(exchanged.status, 200, exchanged.text);
    assert.match(exchanged.text, /^\{"access_token": "IGQ[A-Za-z0-9]+", "user_id": \d+\}$/);

    const multipart = new FormData();
    multipart.append('client_id', '999');
    for (const [name, value] of Object.entries(await tokenFields())) multipart.append(name, value);
    const refused = await postToken(multipart);
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('content-type'), JSON_UTF8);
    assert.equal(refused.text, oauthBody('Invalid platform app'));
  });

  it('token endpoint: an array body, a JSON object and bracketed names carry no fields: "Missing required field client_id"', async () => {
    const fields = await tokenFields();
    const answers = [
      await postToken(JSON.stringify([fields]), 'application/json'),
      await postToken(JSON.stringify(fields), 'application/json'),
      await postToken(new URLSearchParams(Object.entries(fields).map(([name, value]) => [`${name}[]`, value]))),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.get('content-type'), JSON_UTF8);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      assert.equal(answer.text, oauthBody('Missing required field client_id'));
    }
  });

  it('Authorization Window: a repeated client_id counts by its first value, on the page and in the consent form', async () => {
    const rest = `redirect_uri=${world.redirectUri}&scope=user_profile&response_type=code`;
    const refused = await fetch(`${server.url}/oauth/authorize?client_id=999&client_id=${world.igApp.igAppId}&${rest}`);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /<pre id="error">\{&quot;error_type&quot;: &quot;OAuthException&quot;, &quot;code&quot;: 400, &quot;error_message&quot;: &quot;Invalid platform app&quot;\}<\/pre>/);

    const web = createWebSession(server.url);
    assert.equal((await web.signIn(world.tester.username, world.tester.password)).status, 303);
    const consent = await web.get(`/oauth/authorize?client_id=${world.igApp.igAppId}&client_id=999&${rest}&state=s1&state=s2`);
    assert.equal(consent.status, 200, consent.text);
    assert.match(consent.text, /name="state" value="s1"/);
    // The state's second value nowhere as a value or in a URL (not merely two letters: the CSRF token is random).
    assert.doesNotMatch(consent.text, /value="s2"|state=s2\b/);
    // decision=deny first: denied, whatever follows.
    const form = new URLSearchParams({ _csrf: web.csrf(consent), client_id: world.igApp.igAppId, redirect_uri: world.redirectUri, scope: 'user_profile', response_type: 'code', state: 's1', decision: 'deny' });
    form.append('decision', 'allow');
    form.append('state', 's2');
    const cookie = [...web.cookies()].map(([name, value]) => `${name}=${value}`).join('; ');
    const decided = await fetch(`${server.url}/oauth/authorize`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
    assert.equal(decided.status, 303);
    assert.equal(decided.headers.get('location'), `${world.redirectUri}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=s1#_`);
  });
});
