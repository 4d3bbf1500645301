// Instagram on the web in a real browser (Debian's Chromium): sign up, then share a photo, a video and
// an album through the real file input, and find them on the permalink pages and the profile grid.
// Saves screenshots of each page at a desktop and a phone viewport in test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { samplePhoto, sampleVideo } from '../../src/media/sample-media.ts';
import { buildAccount } from '../support/builders.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';
import { screenshot, VIEWPORTS } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

describe('posting on Instagram’s web in Chromium', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  let files: { sunset: string; harbour: string; clip: string };
  let dir: string;
  const username = `ada_${process.pid % 1000}`;

  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'igloo-upload-'));
    files = { sunset: join(dir, 'sunset.png'), harbour: join(dir, 'harbour.png'), clip: join(dir, 'clip.mp4') };
    writeFileSync(files.sunset, await samplePhoto({ label: 'Sunset', hue: 20, width: 1600, height: 1200 }));
    writeFileSync(files.harbour, await samplePhoto({ label: 'Harbour', hue: 200, width: 1080, height: 1350 }));
    writeFileSync(files.clip, await sampleVideo({ seconds: 2, width: 640, height: 360 }));
    browser = await launchChromium(VIEWPORTS.desktop);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Fills the new post form and clicks Share; returns the permalink's shortcode. */
  async function share(paths: string[], caption: string): Promise<string> {
    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL((url) => url.pathname === '/create/');
    await page.getByLabel('Photos and videos').setInputFiles(paths);
    await page.getByLabel('Caption').fill(caption);
    await page.getByRole('button', { name: 'Share' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/p/'));
    const match = /^\/p\/([A-Za-z0-9_-]{11})\/$/.exec(new URL(page.url()).pathname);
    assert.ok(match?.[1], page.url());
    return match[1];
  }

  /** True once every <img> on the page has loaded real pixels. */
  const imagesLoaded = () => page.locator('img').evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));

  it('signs up with Full Name, Username and Password, after a taken username is refused on the page', async () => {
    const taken = await buildAccount(server.services);
    await page.goto(`${server.url}/accounts/emailsignup/`);
    await page.getByLabel('Full Name').fill('Ada Lovelace');
    await page.getByLabel('Username').fill(taken.username);
    await page.getByLabel('Password').fill('analytical engine');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await assert.doesNotReject(page.getByText('A user with that username already exists.').waitFor());
    assert.equal(await page.getByLabel('Full Name').inputValue(), 'Ada Lovelace');
    await screenshot(page, 'instagram-sign-up-error');

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('analytical engine');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${server.url}/`);
    await assert.doesNotReject(page.getByText(`You are logged in as ${username}.`).waitFor());
    await screenshot(page, 'instagram-home');
  });

  it('shares a photo with a caption and shows it on its permalink page', async () => {
    await page.getByRole('link', { name: 'Create' }).click();
    await screenshot(page, 'instagram-create');
    const sc = await share([files.sunset], 'Sunset over the bay #golden');
    assert.equal(await page.locator('#caption').textContent(), `${username} Sunset over the bay #golden`);
    assert.equal(await imagesLoaded(), true);
    assert.deepEqual(await page.locator('.slide img').evaluate((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]), [1080, 810]);
    assert.ok(sc);
    await screenshot(page, 'instagram-post-photo');
  });

  it('shares a video that plays, with its poster frame', async () => {
    await share([files.clip], 'A short clip');
    const video = page.locator('video');
    assert.equal(await video.count(), 1);
    const duration = await video.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<number>((resolve, reject) => {
          if (v.readyState >= 1) resolve(v.duration);
          v.addEventListener('loadedmetadata', () => resolve(v.duration));
          v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
          v.load();
        }),
    );
    assert.ok(Math.abs(duration - 2) < 0.5, String(duration));
    const poster = await video.getAttribute('poster');
    const response = await page.request.get(`${server.url}${poster}`);
    assert.equal(response.headers()['content-type'], 'image/jpeg');
    await screenshot(page, 'instagram-post-video');
  });

  it('shares an album of a photo, a video and a photo, shown in that order', async () => {
    await share([files.harbour, files.clip, files.sunset], 'Weekend: harbour, clip, sunset');
    const kinds = await page.locator('.slide').evaluateAll((slides) => slides.map((s) => s.firstElementChild?.tagName.toLowerCase()));
    assert.deepEqual(kinds, ['img', 'video', 'img']);
    assert.equal(await page.getByRole('navigation', { name: 'Album items' }).getByRole('link').count(), 3);
    assert.equal(await imagesLoaded(), true);
    await screenshot(page, 'instagram-post-album');
    // The numbered links scroll the album sideways, without script.
    await page.getByRole('navigation', { name: 'Album items' }).getByRole('link', { name: '3' }).click();
    await page.waitForFunction(() => (document.querySelector('.slides')?.scrollLeft ?? 0) > 0);
  });

  it('shows all three posts, newest first, on the profile reached from the profile icon menu', async () => {
    await page.getByLabel('Profile', { exact: true }).click();
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.waitForURL(`${server.url}/${username}/`);
    assert.equal(await page.locator('#post-count').textContent(), '3 posts');
    const tiles = page.locator('.grid a.tile');
    assert.deepEqual(await tiles.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt'))), [
      `Album by ${username}: Weekend: harbour, clip, sunset`,
      `Video by ${username}: A short clip`,
      `Photo by ${username}: Sunset over the bay #golden`,
    ]);
    await page.waitForFunction(() => [...document.querySelectorAll('.grid img')].every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));
    await screenshot(page, 'instagram-profile');
    await tiles.first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/p/'));
    assert.equal(await page.locator('.slide').count(), 3);
  });
});
