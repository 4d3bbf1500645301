// The emulator's home page (/_igloo/, issue 8): the surfaces and their URLs here, the demo world, the
// virtual clock and its form, the fault rules with Clear all and the presets, and the latest requests;
// every form refuses a missing CSRF token with 403; in service mode none of it exists.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import { ensureDemoWorld, type DemoWorld } from '../../src/demo-world.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { createWebSession, decodeEntities, type WebSession } from '../support/browser.ts';
import { graphGet } from '../support/http-clients.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';

const HOUR = 3_600_000;

/** The text of the element with this id (no nested elements of the same tag), entities decoded. */
function byId(page: string, id: string): string {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(page);
  return decodeEntities(match?.[1] ?? assert.fail(`no #${id} on the page`));
}

const controlJson = (url: string, method: string, body?: unknown) =>
  fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('the emulator home page (/_igloo/)', () => {
  let server: TestServer;
  let demo: DemoWorld;
  let web: WebSession;

  before(async () => {
    server = await startTestServer();
    demo = await ensureDemoWorld(server.services, server.url);
    web = createWebSession(server.url);
  });
  afterEach(() => server.services.faults.clear());
  after(() => server.close());

  it('answers HTML with the pages’ security headers, and /_igloo redirects to it', async () => {
    const page = await web.get('/_igloo/');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'none'/);
    assert.match(page.text, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    const bare = await web.get('/_igloo');
    assert.equal(bare.status, 301);
    assert.equal(bare.location, '/_igloo/');
  });

  it('lists every surface with the URL it answers on here and its drop-in host names', async () => {
    const { text } = await web.get('/_igloo/');
    const surfaces = [...text.matchAll(/<li class="item" data-surface="(\w+)"><div class="body"><strong>([^<]+)<\/strong>[\s\S]*?Drop-in host names: ([^<]+)<\/p><\/div>\n<div class="side url">(?:<a class="surface-url" href="[^"]+">|<span class="surface-url">)([^<]+)</g)].map(
      ([, surface, name, hosts, url]) => [surface, name, hosts, url],
    );
    assert.deepEqual(surfaces, [
      ['www', 'www.instagram.com', 'www.instagram.com, instagram.com', `${server.url}/`],
      ['api', 'api.instagram.com', 'api.instagram.com', `${server.url}/`],
      ['graph', 'graph.instagram.com', 'graph.instagram.com', `${server.url}/graph/`],
      ['developers', 'developers.facebook.com', 'developers.facebook.com', `${server.url}/developers/`],
      ['cdn', 'Media CDN', 'scontent.cdninstagram.com, video.cdninstagram.com, scontent.xx.fbcdn.net', `${server.url}/cdn/`],
    ]);
  });

  it('names the surfaces by their own hosts when reached as www.instagram.com (drop-in mode)', async () => {
    const port = new URL(server.url).port;
    const text = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/_igloo/', headers: { host: `www.instagram.com:${port}` } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
      });
      req.on('error', reject).end();
    });
    for (const host of ['www.instagram.com', 'api.instagram.com', 'graph.instagram.com', 'developers.facebook.com', 'scontent.cdninstagram.com']) {
      assert.ok(text.includes(`>http://${host}:${port}/<`), host);
    }
  });

  it('shows the demo world: app ids, the secret behind Show, the developer and the accounts, with their links', async () => {
    const { text } = await web.get('/_igloo/');
    assert.equal(byId(text, 'demo-ig-app-id'), demo.app.instagram_app_id);
    assert.match(text, new RegExp(`<details class="secret-value"><summary>Show</summary><code id="demo-secret">${demo.app.instagram_app_secret}</code></details>`));
    assert.ok(text.includes('<dl class="kv" id="demo-developer"><dt>Email</dt><dd class="mono">developer@igloo.test</dd><dt>Password</dt><dd class="mono">igloo-demo</dd></dl>'));
    const accounts = [...text.matchAll(/<strong><a href="([^"]+)">(\w+)<\/a><\/strong> <span class="mono">\/ ([^<]+)<\/span>[\s\S]*?<span class="badge[^"]*">([^<]+)</g)].map((m) => m.slice(1));
    assert.deepEqual(accounts, [
      [`${server.url}/jayposiris/`, 'jayposiris', 'igloo-demo', 'Tester'],
      [`${server.url}/demo_friend/`, 'demo_friend', 'igloo-demo', 'Not a tester'],
    ]);
    const authorize = new URL(decodeEntities(/id="authorize-link" href="([^"]+)"/.exec(text)?.[1] ?? assert.fail('no Authorization Window link')));
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${server.url}/oauth/authorize`);
    assert.deepEqual(Object.fromEntries(authorize.searchParams), { client_id: demo.app.instagram_app_id, redirect_uri: demo.app.redirect_uri, scope: 'user_profile,user_media', response_type: 'code' });
    assert.ok(text.includes(`href="${server.url}/developers/apps/${demo.app.app_id}/dashboard/"`));
    assert.ok(text.includes(`href="${server.url}/developers/login/"`));
    assert.ok(text.includes(`href="${server.url}/accounts/login/"`));
    // The link works: the Authorization Window asks the signed-out visitor to log in.
    const window = await createWebSession(server.url).get(authorize.pathname + authorize.search);
    assert.equal(window.status, 200);
  });

  it('shows the virtual time and offset, and the form moves the clock forward, then redirects back (303)', async () => {
    /** The page's virtual time, checked to be one the clock showed while the page was made. */
    const shownTime = async () => {
      const earliest = server.clock.now();
      const page = await web.get('/_igloo/');
      const latest = server.clock.now();
      const iso = /<time class="clock-now" id="clock-now" datetime="([^"]+)">([^<]+)<\/time>/.exec(page.text) ?? assert.fail('no virtual time');
      const shown = Date.parse(iso[1] ?? '');
      assert.ok(shown >= earliest && shown <= latest, iso[1]);
      assert.equal(iso[2], `${(iso[1] ?? '').slice(0, 19).replace('T', ' ')} UTC`);
      return page;
    };
    assert.equal(server.clock.offset(), 0);
    const page = await shownTime();
    assert.equal(byId(page.text, 'clock-offset'), 'none: virtual time is the wall clock’s');
    const moved = await web.postForm('/_igloo/home/clock', { _csrf: web.csrf(page), advance: '25h' });
    assert.equal(moved.status, 303);
    assert.equal(moved.location, '/_igloo/#clock');
    assert.equal(server.clock.offset(), 25 * HOUR);
    const after = await shownTime();
    assert.equal(byId(after.text, 'clock-offset'), '+1d 1h');
    const quick = await web.postForm('/_igloo/home/clock', { _csrf: web.csrf(after), advance: '60d' });
    assert.equal(quick.status, 303);
    assert.equal(server.clock.offset(), 25 * HOUR + 60 * 24 * HOUR);
  });

  it('refuses a bad duration with the reason next to the field, 400, and leaves the clock alone', async () => {
    const page = await web.get('/_igloo/');
    const offset = server.clock.offset();
    const cases: [string, string][] = [
      ['soon', '“soon” is not a duration: use a whole number and a unit (ms, s, m, h or d), e.g. 1h, 25h or 60d.'],
      ['1y', '“1y” is not a duration: use a whole number and a unit (ms, s, m, h or d), e.g. 1h, 25h or 60d.'],
      ['', 'Enter how far to move the clock, e.g. 1h or 60d.'],
      ['<b>x</b>', '“<b>x</b>” is not a duration: use a whole number and a unit (ms, s, m, h or d), e.g. 1h, 25h or 60d.'],
      ['999999999d', 'advance would move the clock past the last date igloo can represent'],
    ];
    for (const [advance, message] of cases) {
      const refused = await web.postForm('/_igloo/home/clock', { _csrf: web.csrf(page), advance });
      assert.equal(refused.status, 400, advance);
      assert.equal(byId(refused.text, 'advance-error'), message);
      assert.ok(refused.text.includes(`id="advance" name="advance" type="text" value="${advance.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`), advance);
      assert.ok(!refused.text.includes('<b>x</b>'));
    }
    assert.equal(server.clock.offset(), offset);
  });

  it('lists a fault rule armed through POST /_igloo/faults, escaped, and Clear all removes every rule', async () => {
    const armed = await controlJson(`${server.url}/_igloo/faults`, 'POST', { surface: 'graph', path: '/me/media', error: 'server_error', app_id: '<i>app</i>', count: 2 });
    assert.equal(armed.status, 201);
    const page = await web.get('/_igloo/');
    const rules = [...page.text.matchAll(/<li class="item" data-rule="(\d+)"><div class="body"><strong>(\w+)<\/strong> <code>([^<]+)<\/code> → <code>([^<]+)<\/code>\n<p class="hint">([^<]+)<\/p>/g)].map((m) => m.slice(2));
    assert.deepEqual(rules, [['graph', '/me/media', 'server_error', `#${server.services.faults.list()[0]?.id} · any method · app &lt;i&gt;app&lt;/i&gt; · fired 0 of 2`]]);
    const cleared = await web.postForm('/_igloo/home/faults/clear', { _csrf: web.csrf(page) });
    assert.equal(cleared.status, 303);
    assert.equal(cleared.location, '/_igloo/#faults');
    assert.deepEqual(server.services.faults.list(), []);
    assert.match((await web.get('/_igloo/')).text, /<p id="no-faults">No fault rules: every request gets igloo's real answer\.<\/p>/);
  });

  it('arms a preset from its button, and refuses an unknown preset on the page with 400', async () => {
    const page = await web.get('/_igloo/');
    const armed = await web.postForm('/_igloo/home/faults/preset', { _csrf: web.csrf(page), preset: 'shutdown' });
    assert.equal(armed.status, 303);
    assert.deepEqual(server.services.faults.list().map((rule) => [rule.surface, rule.path, rule.preset]), [['graph', '*', 'shutdown'], ['api', '/oauth/authorize*', 'shutdown']]);
    const unknown = await web.postForm('/_igloo/home/faults/preset', { _csrf: web.csrf(page), preset: 'meteor' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /<p class="field-error" role="alert">preset must be one of rate_limited, token_expired, server_error, shutdown<\/p>/);
    assert.equal(server.services.faults.list().length, 2);
  });

  it('lists the latest requests, redacted, each linked to its entry in the App Dashboard Request Log', async () => {
    const world: TestWorld = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, world);
    await graphGet(server.url, { path: 'me', fields: 'id,username', token: accessToken });
    const [entry] = server.services.requestLog.list({ limit: 1 }).entries;
    assert.ok(entry);
    const { text } = await web.get('/_igloo/');
    assert.ok(!text.includes(accessToken));
    const row = new RegExp(`<tr data-id="${entry.id}">\\n<td class="time"><time datetime="[^"]+" title="[^"]+">[^<]+</time></td>\\n<td class="request"><a href="([^"]+)"><span class="method">GET</span> <code>([^<]+)</code></a><span class="hint">([^<]+)</span></td>\\n<td class="status"><span class="badge ok">200</span>`).exec(text);
    assert.ok(row, 'no row for the Graph call');
    assert.equal(row[1], `${server.url}/developers/apps/${world.app.appId}/request-log/${entry.id}/`);
    assert.equal(row[2], '/graph/me?fields=id%2Cusername&amp;access_token=[REDACTED]');
    assert.match(row[3] ?? '', /^Graph API · \d+(\.\d+)? ms$/);
  });

  it('refuses every form without a CSRF token, or with a wrong one, with 403 and changes nothing', async () => {
    await controlJson(`${server.url}/_igloo/faults`, 'POST', { preset: 'rate_limited' });
    const offset = server.clock.offset();
    const forms: [string, Record<string, string>][] = [
      ['/_igloo/home/clock', { advance: '1h' }],
      ['/_igloo/home/faults/clear', {}],
      ['/_igloo/home/faults/preset', { preset: 'server_error' }],
    ];
    const stranger = createWebSession(server.url);
    await stranger.get('/_igloo/');
    for (const [path, fields] of forms) {
      for (const csrf of [undefined, 'forged-token']) {
        const refused = await stranger.postForm(path, csrf === undefined ? fields : { ...fields, _csrf: csrf });
        assert.equal(refused.status, 403, `${path} ${csrf ?? 'no token'}`);
        assert.match(refused.text, /Page expired/);
      }
    }
    assert.equal(server.clock.offset(), offset);
    assert.deepEqual(server.services.faults.list().map((rule) => rule.preset), ['rate_limited']);
  });
});

describe('the emulator home page without a demo world', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('says how to create one, and lists no requests yet', async () => {
    const { status, text } = await createWebSession(server.url).get('/_igloo/');
    assert.equal(status, 200);
    assert.match(text, /<p id="no-demo">There is no demo world on this igloo\. <code>POST \/_igloo\/reset<\/code>/);
    assert.equal(byId(text, 'no-requests'), 'No OAuth, Graph API or CDN requests yet.');
    assert.equal(byId(text, 'clock-offset'), 'none: virtual time is the wall clock’s');
  });
});

describe('the emulator home page in service mode', () => {
  let server: Awaited<ReturnType<typeof startServiceModeServer>>;
  before(async () => {
    server = await startServiceModeServer('admin-token-of-32-characters-xx');
  });
  after(() => server.close());

  it('is not found, with the admin token or without, and its forms are not either', async () => {
    for (const headers of [{}, { authorization: 'Bearer admin-token-of-32-characters-xx' }] as Record<string, string>[]) {
      for (const path of ['/_igloo/', '/_igloo']) assert.equal((await fetch(`${server.url}${path}`, { headers })).status, 404, path);
      for (const path of ['/_igloo/home/clock', '/_igloo/home/faults/clear', '/_igloo/home/faults/preset']) {
        const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'advance=1h&preset=shutdown' });
        assert.equal(response.status, 404, path);
      }
    }
  });
});
