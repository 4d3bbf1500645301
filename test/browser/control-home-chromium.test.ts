// The emulator's home page in Chromium (issue 8): readable at phone (375×812) and desktop widths with
// nothing wider than the screen; the clock form moves the virtual time shown; the secret stays hidden
// until Show; Clear all removes the armed fault rules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ensureDemoWorld, type DemoWorld } from '../../src/demo-world.ts';
import { buildWorld, issueToken } from '../support/builders.ts';
import { browserPool } from '../support/dashboard-browser.ts';
import { graphGet } from '../support/http-clients.ts';
import { screenshot } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } };

describe('the emulator home page in Chromium', () => {
  let server: TestServer;
  let demo: DemoWorld;
  const browsers = browserPool();
  let page: Page;

  before(async () => {
    server = await startTestServer();
    demo = await ensureDemoWorld(server.services, server.url);
    const world = await buildWorld(server.services);
    const { accessToken } = await issueToken(server.services, world);
    await graphGet(server.url, { path: 'me', fields: 'id,username', token: accessToken });
    await graphGet(server.url, { path: 'me/media', fields: 'id,caption,media_type,media_url,permalink,thumbnail_url,timestamp,username', token: accessToken });
    await fetch(`${server.url}/_igloo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ surface: 'graph', path: '/me/media', error: 'rate_limited_user', count: 3 }) });
    await fetch(`${server.url}/_igloo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'shutdown' }) });
    page = await browsers.newPage();
  });
  after(async () => {
    await browsers.close();
    await server.close();
  });

  it('fits a phone and a desktop screen, with every section, and takes their screenshots', async () => {
    await page.goto(`${server.url}/_igloo/`);
    for (const name of ['Surfaces', 'Demo world', 'Virtual clock', 'Faults', 'Recent requests']) {
      assert.equal(await page.getByRole('heading', { level: 2, name, exact: true }).count(), 1, name);
    }
    for (const [label, size] of Object.entries(SIZES)) {
      await page.setViewportSize(size);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `${label}: the page is wider than the screen`);
    }
    await screenshot(page, 'control-home', SIZES);
  });

  it('hides the Instagram App Secret until Show is pressed', async () => {
    await page.goto(`${server.url}/_igloo/`);
    const secret = page.locator('#demo-secret');
    assert.equal(await secret.isVisible(), false);
    await page.getByText('Show', { exact: true }).click();
    assert.equal(await secret.isVisible(), true);
    assert.equal(await secret.textContent(), demo.app.instagram_app_secret);
  });

  it('advances the clock through the form and shows the new time', async () => {
    await page.goto(`${server.url}/_igloo/`);
    const start = server.clock.now();
    await page.getByLabel('Advance by').fill('25h');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.waitForURL((url) => url.hash === '#clock');
    const shown = (await page.locator('#clock-now').getAttribute('datetime')) ?? assert.fail('no time');
    assert.ok(Date.parse(shown) - start >= 25 * 3_600_000, shown);
    assert.ok(Date.parse(shown) <= server.clock.now(), shown);
    assert.equal(server.clock.offset(), 25 * 3_600_000);
    assert.equal(await page.locator('#clock-offset').textContent(), '+1d 1h');
    await page.getByRole('button', { name: '+60d' }).click();
    // The page comes back at the same URL: wait for the new offset rather than for a navigation.
    await page.locator('#clock-offset', { hasText: '+61d 1h' }).waitFor();
    assert.equal(server.clock.offset(), 61 * 24 * 3_600_000 + 3_600_000);
  });

  it('shows a bad duration’s reason next to the field', async () => {
    await page.goto(`${server.url}/_igloo/`);
    await page.getByLabel('Advance by').fill('a while');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/_igloo/home/clock');
    assert.equal(await page.locator('#advance-error').textContent(), '“a while” is not a duration: use a whole number and a unit (ms, s, m, h or d), e.g. 1h, 25h or 60d.');
    assert.equal(await page.getByLabel('Advance by').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'control-home-clock-error', SIZES);
  });

  it('clears every fault rule with Clear all', async () => {
    await page.goto(`${server.url}/_igloo/`);
    assert.equal(await page.locator('#fault-rules > li').count(), 3);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.waitForURL((url) => url.hash === '#faults');
    assert.equal(await page.locator('#no-faults').count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Clear all' }).count(), 0);
    assert.deepEqual(server.services.faults.list(), []);
  });
});
