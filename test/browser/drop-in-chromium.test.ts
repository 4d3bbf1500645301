// Drop-in HTTPS in Debian's Chromium with exactly the flags `igloo env` prints: its host resolver rules
// send https://graph.instagram.com and https://www.instagram.com to igloo's HTTPS port on 127.0.0.1, and
// its SPKI flag makes Chromium accept igloo's certificate (issued by igloo's local CA) with no other
// trust setting; without that flag the same page is refused. @see issue 8
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { demoTesterToken, freshDataDir, killIgloo, removeTempDirs, runIgloo, serveIgloo } from '../support/igloo-cli.ts';
import { screenshot, VIEWPORTS } from '../support/screenshots.ts';
import { freePort } from '../../tools/free-port.ts';

after(removeTempDirs);

describe('the Chromium flags igloo env prints', () => {
  let child: ChildProcessWithoutNullStreams;
  let flags: string[];
  let token: { accessToken: string; userId: string; username: string };
  let browser: ChromiumSession | undefined;

  before(async () => {
    const env = { IGLOO_DATA_DIR: freshDataDir(), IGLOO_TLS: '1', IGLOO_TLS_PORT: String(await freePort()) };
    const served = await serveIgloo(env);
    child = served.child;
    token = await demoTesterToken(served.url, served.banner);
    const printed = await runIgloo(['env', '--json'], env);
    assert.equal(printed.code, 0, printed.stderr);
    flags = (JSON.parse(printed.stdout) as { chromium_flags: string[] }).chromium_flags;
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  after(() => killIgloo(child));

  it('open https://graph.instagram.com/me and https://www.instagram.com/ on igloo with its certificate accepted', async () => {
    browser = await launchChromium(VIEWPORTS.desktop, flags);
    const page = await browser.context.newPage();

    const me = await page.goto(`https://graph.instagram.com/me?fields=id,username&access_token=${token.accessToken}`);
    assert.equal(me?.status(), 200);
    assert.equal(await me?.text(), `{"id":"${token.userId}","username":"${token.username}"}`);
    const graphTls = await me?.securityDetails();
    assert.equal(graphTls?.issuer, 'igloo local CA');
    assert.equal(graphTls?.subjectName, 'igloo');

    const home = await page.goto('https://www.instagram.com/');
    assert.equal(home?.status(), 200);
    assert.equal(new URL(page.url()).origin, 'https://www.instagram.com');
    assert.equal((await home?.securityDetails())?.issuer, 'igloo local CA');
    await assert.doesNotReject(page.getByRole('button', { name: 'Log in' }).waitFor());
    await screenshot(page, 'drop-in-www-instagram');
  });

  it('are what makes the certificate acceptable: without the SPKI flag Chromium refuses it', async () => {
    browser = await launchChromium(VIEWPORTS.desktop, flags.filter((flag) => !flag.startsWith('--ignore-certificate-errors-spki-list=')));
    const page = await browser.context.newPage();
    await assert.rejects(page.goto('https://graph.instagram.com/me'), /net::ERR_CERT_AUTHORITY_INVALID/);
  });
});
