// Drop-in mode (DESIGN.md §1): a request whose Host names a surface is served at that surface's root;
// any other Host falls back to the path prefixes. fetch cannot set Host, so these use node:http.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { buildWorld, issueCode, issueToken, type TestWorld } from '../support/builders.ts';
import { decodeEntities } from '../support/browser.ts';
import { withoutTrace } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

interface HostResponse {
  status: number;
  location: string | undefined;
  contentType: string | undefined;
  setCookie: string[];
  text: string;
}

interface HostRequest {
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
}

function sendWithHost(baseUrl: string, options: HostRequest): Promise<HostResponse> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = { host: options.host, ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(baseUrl).port, path: options.path, method: options.method ?? 'GET', headers, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, contentType: res.headers['content-type'], setCookie: res.headers['set-cookie'] ?? [], text }));
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${options.host}${options.path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const cookiesOf = (response: HostResponse, jar: Map<string, string>): string => {
  for (const line of response.setCookie) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
};

/** The OAuth error JSON shown in the error page's <pre id="error">, unescaped. */
const errorJson = (html: string): string => decodeEntities(/<pre id="error">([^<]*)<\/pre>/.exec(html)?.[1] ?? assert.fail('no error JSON on the page'));

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no CSRF token on the page');

describe('host dispatch (drop-in mode)', () => {
  let server: TestServer;
  let world: TestWorld;
  let port: string;
  let windowQuery: string;

  before(async () => {
    server = await startTestServer();
    world = await buildWorld(server.services);
    port = new URL(server.url).port;
    windowQuery = `client_id=${world.igApp.igAppId}&redirect_uri=${encodeURIComponent(world.redirectUri)}&scope=user_profile,user_media&response_type=code&state=xyz`;
  });
  after(() => server.close());

  it('serves the graph surface at its root for Host: graph.instagram.com, with or without a port, in any case', async () => {
    const { accessToken, userId } = await issueToken(server.services, world);
    for (const host of ['graph.instagram.com', `graph.instagram.com:${port}`, 'GRAPH.Instagram.com']) {
      const me = await sendWithHost(server.url, { host, path: `/me?fields=id,username&access_token=${accessToken}` });
      assert.equal(me.status, 200, host);
      assert.equal(me.contentType, 'application/json; charset=UTF-8');
      assert.equal(me.text, `{"id":"${userId}","username":"${world.tester.username}"}`);
    }
    const raw = await sendWithHost(server.url, { host: 'graph.instagram.com', path: `/v10.0/me?access_token=${accessToken}` });
    assert.equal(raw.text, `{"id":"${world.tester.id}"}`);
  });

  it('answers Graph errors for any path on the graph host, including the path-mode prefix', async () => {
    const missing = await sendWithHost(server.url, { host: 'graph.instagram.com', path: '/me' });
    assert.equal(missing.status, 400);
    assert.equal(
      withoutTrace(missing.text),
      '{"error":{"message":"An active access token must be used to query information about the current user.","type":"OAuthException","code":2500,"fbtrace_id":"TRACE"}}',
    );
    const { accessToken } = await issueToken(server.services, world);
    const prefixed = await sendWithHost(server.url, { host: 'graph.instagram.com', path: `/graph/me?access_token=${accessToken}` });
    assert.equal(prefixed.status, 400);
    assert.match(prefixed.text, /Object with ID 'graph' does not exist/);
  });

  it('exchanges a code at the root of Host: api.instagram.com', async () => {
    const code = await issueCode(server.services, world);
    const exchanged = await sendWithHost(server.url, {
      host: 'api.instagram.com',
      path: '/oauth/access_token',
      method: 'POST',
      form: { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code },
    });
    assert.equal(exchanged.status, 200, exchanged.text);
    assert.match(exchanged.text, /^\{"access_token": "IGQ[A-Za-z0-9]+", "user_id": \d{16}\}$/);
  });

  it('redirects a valid authorize request on api.instagram.com to the window on www.instagram.com with the same query', async () => {
    const withPort = await sendWithHost(server.url, { host: `api.instagram.com:${port}`, path: `/oauth/authorize?${windowQuery}` });
    assert.equal(withPort.status, 302);
    assert.equal(withPort.location, `http://www.instagram.com:${port}/oauth/authorize/third_party?${windowQuery}`);

    const trailingSlash = await sendWithHost(server.url, { host: 'api.instagram.com', path: `/oauth/authorize/?${windowQuery}` });
    assert.equal(trailingSlash.status, 302);
    assert.equal(trailingSlash.location, `http://www.instagram.com/oauth/authorize/third_party?${windowQuery}`);

    const behindTls = await sendWithHost(server.url, { host: 'api.instagram.com', path: `/oauth/authorize?${windowQuery}`, headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(behindTls.location, `https://www.instagram.com/oauth/authorize/third_party?${windowQuery}`);
  });

  it('shows the 400 error page on api.instagram.com for an invalid authorize request, without redirecting', async () => {
    const unknownApp = await sendWithHost(server.url, { host: `api.instagram.com:${port}`, path: '/oauth/authorize?client_id=1234&redirect_uri=https://x.example/&scope=user_profile&response_type=code' });
    assert.equal(unknownApp.status, 400);
    assert.equal(unknownApp.location, undefined);
    assert.match(unknownApp.contentType ?? '', /^text\/html/);
    assert.equal(errorJson(unknownApp.text), '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid platform app"}');

    const badRedirect = await sendWithHost(server.url, {
      host: 'api.instagram.com',
      path: `/oauth/authorize?client_id=${world.igApp.igAppId}&redirect_uri=https%3A%2F%2Fevil.example%2F&scope=user_profile&response_type=code`,
    });
    assert.equal(badRedirect.status, 400);
    assert.equal(badRedirect.location, undefined);
    assert.equal(errorJson(badRedirect.text), '{"error_type": "OAuthException", "code": 400, "error_message": "Invalid redirect_uri"}');
  });

  it('serves the sign-in page at the root of Host: www.instagram.com', async () => {
    for (const host of ['www.instagram.com', `www.instagram.com:${port}`, 'instagram.com']) {
      const page = await sendWithHost(server.url, { host, path: '/accounts/login/' });
      assert.equal(page.status, 200, host);
      assert.match(page.text, /<label for="username">Username<\/label>/);
      assert.match(page.text, /<button class="primary" type="submit">Log in<\/button>/);
    }
  });

  it("answers 404 on www.instagram.com and api.instagram.com for another surface's paths", async () => {
    for (const host of ['www.instagram.com', 'api.instagram.com']) {
      for (const path of ['/graph/me', '/graph', '/developers/apps/', '/cdn/x.jpg']) {
        const page = await sendWithHost(server.url, { host, path });
        assert.equal(page.status, 404, `${host}${path}`);
        assert.match(page.text, /Sorry, this page isn&#39;t available\./);
      }
    }
  });

  it('runs the whole flow across the three hosts: window on www, exchange on api, /me on graph', async () => {
    const jar = new Map<string, string>();
    const www = `www.instagram.com:${port}`;
    const windowPath = `/oauth/authorize/third_party?${windowQuery}`;
    const signInPage = await sendWithHost(server.url, { host: www, path: windowPath });
    assert.match(signInPage.text, /Log in to continue to Social Sizzle/);
    const signedIn = await sendWithHost(server.url, {
      host: www,
      path: '/accounts/login/',
      method: 'POST',
      headers: { cookie: cookiesOf(signInPage, jar) },
      form: { _csrf: csrfOf(signInPage.text), username: world.tester.username, password: world.tester.password, next: windowPath },
    });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, windowPath);
    const consent = await sendWithHost(server.url, { host: www, path: windowPath, headers: { cookie: cookiesOf(signedIn, jar) } });
    assert.match(consent.text, /Social Sizzle would like to access your Instagram account/);
    const decided = await sendWithHost(server.url, {
      host: www,
      path: '/oauth/authorize/third_party',
      method: 'POST',
      headers: { cookie: cookiesOf(consent, jar) },
      form: { _csrf: csrfOf(consent.text), client_id: world.igApp.igAppId, redirect_uri: world.redirectUri, scope: 'user_profile,user_media', response_type: 'code', state: 'xyz', decision: 'allow' },
    });
    assert.equal(decided.status, 303);
    const code = new URL(decided.location ?? '').searchParams.get('code') ?? '';
    assert.match(code, /^AQ/);

    const exchanged = await sendWithHost(server.url, {
      host: 'api.instagram.com',
      path: '/oauth/access_token',
      method: 'POST',
      form: { client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code },
    });
    const [, accessToken = '', userId = ''] = /^\{"access_token": "([^"]+)", "user_id": (\d+)\}$/.exec(exchanged.text) ?? [];
    const me = await sendWithHost(server.url, { host: 'graph.instagram.com', path: `/me?fields=id,username&access_token=${accessToken}` });
    assert.equal(me.text, `{"id":"${userId}","username":"${world.tester.username}"}`);
  });

  it('falls back to the path prefixes for a Host that names no surface', async () => {
    const { accessToken, userId } = await issueToken(server.services, world);
    for (const host of ['example.test', `127.0.0.1:${port}`, `localhost:${port}`]) {
      const me = await sendWithHost(server.url, { host, path: `/graph/me?fields=id&access_token=${accessToken}` });
      assert.equal(me.status, 200, host);
      assert.equal(me.text, `{"id":"${userId}"}`);
      const page = await sendWithHost(server.url, { host, path: '/accounts/login/' });
      assert.equal(page.status, 200);
      assert.match(page.text, /Log in<\/button>/);
    }
    const bare = await sendWithHost(server.url, { host: 'example.test', path: `/me?access_token=${accessToken}` });
    assert.equal(bare.status, 404);
  });
});
