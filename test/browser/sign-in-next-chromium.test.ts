// Where a real browser (Debian's Chromium) ends up after signing in through a link whose `next` hides
// another host behind a tab, a newline, a backslash or a NUL: always on igloo's own origin. (`.test` names
// never resolve, RFC 6761: a redirect there fails the navigation.)
// @see issue 7, points 9 and 12a
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildAccount, type TestAccount } from '../support/builders.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { buildDeveloper, type TestDeveloper } from '../support/dashboard.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

// As they would appear in a link's query string.
const HOSTILE_NEXT = ['/%09/evil.test/x', '%09//evil.test/x', '/%0A/evil.test/x', '/%5Cevil.test/x', '/.//evil.test/x', '/%00/x'];

describe('signing in with a hostile next in Chromium', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let account: TestAccount;
  let developer: TestDeveloper;

  before(async () => {
    server = await startTestServer();
    account = await buildAccount(server.services);
    developer = await buildDeveloper(server.services);
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  /** Fills the form on the page and clicks Log in; returns the URL the browser settles on. */
  async function logIn(page: Page, fields: Record<string, string>): Promise<URL> {
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
    await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/login/')), page.getByRole('button', { name: 'Log in' }).click()]);
    await page.waitForLoadState('load');
    return new URL(page.url());
  }

  it('lands on Instagram web’s own home page after signing in on www', async () => {
    for (const next of HOSTILE_NEXT) {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${server.url}/accounts/login/?next=${next}`);
        const landed = await logIn(page, { Username: account.username, Password: account.password });
        assert.equal(landed.origin, server.url, `${next} led to ${landed.href}`);
        assert.equal(landed.pathname, '/', next);
        assert.match(await page.content(), /You are logged in as/, next);
      } finally {
        await page.close();
        await browser.context.clearCookies();
      }
    }
  });

  it('lands on My Apps after logging in to the dashboard', async () => {
    for (const next of HOSTILE_NEXT) {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${server.url}/developers/login/?next=${next}`);
        const landed = await logIn(page, { Email: developer.email, Password: developer.password });
        assert.equal(landed.origin, server.url, `${next} led to ${landed.href}`);
        assert.equal(landed.pathname, '/developers/apps/', next);
      } finally {
        await page.close();
        await browser.context.clearCookies();
      }
    }
  });
});
