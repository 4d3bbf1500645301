// Posting on Instagram's web (/create/) over real HTTP, and what the post looks like afterwards: the
// permalink /p/{shortcode}/, the profile grid and the media bytes behind them. Every bad upload is
// answered on the form, under its field, never with a 500; CSRF and sign-in are checked first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { samplePhoto, sampleVideo } from '../../src/media/sample-media.ts';
import { buildAccount, type TestAccount } from '../support/builders.ts';
import { createWebSession, type PageResponse, type WebSession } from '../support/browser.ts';
import { assertCsrfRefused, fieldErrorOf, postMultipart, signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const NO_FILE = 'Choose a photo or video to share.';
const TOO_MANY = 'An album can have up to 10 photos and videos.';
const NOT_MEDIA = 'This file is not a photo or video that Instagram can use. Upload a JPEG, PNG or WebP photo, or an MP4 or MOV video.';

describe('posting on the web', () => {
  let server: TestServer;
  let account: TestAccount;
  let web: WebSession;
  let photo: Buffer;
  let smallPhoto: Buffer;
  let video: Buffer;

  before(async () => {
    server = await startTestServer({ IGLOO_UPLOAD_MAX_MB: '2' });
    account = await buildAccount(server.services);
    web = await signedIn(server.url, account);
    photo = await samplePhoto({ label: 'photo', hue: 30, width: 1600, height: 1200 });
    smallPhoto = await samplePhoto({ label: 's', hue: 200, width: 64, height: 64 });
    video = await sampleVideo();
  });
  after(() => server.close());

  /** The /create/ form as multipart, with a fresh CSRF token unless one is given. */
  async function share(files: { bytes: Buffer; name: string }[], fields: { caption?: string; _csrf?: string | null } = {}, session = web): Promise<PageResponse> {
    const form = new FormData();
    const csrf = fields._csrf === undefined ? session.csrf(await session.get('/create/')) : fields._csrf;
    if (csrf !== null) form.append('_csrf', csrf);
    if (fields.caption !== undefined) form.append('caption', fields.caption);
    for (const file of files) form.append('media', new Blob([new Uint8Array(file.bytes)]), file.name);
    return postMultipart(session, `${server.url}/create/`, form);
  }

  const shortcodeOf = (response: PageResponse): string => {
    assert.equal(response.status, 303, response.text.slice(0, 500));
    const match = /^\/p\/([A-Za-z0-9_-]{11})\/$/.exec(response.location ?? '');
    assert.ok(match?.[1], String(response.location));
    return match[1];
  };

  const postCount = async () => (await server.services.profiles.getProfile(account.username)).postCount;

  function assertRefusedOnForm(response: PageResponse, status: number, field: 'media' | 'caption', message: string): void {
    assert.equal(response.status, status, response.text.slice(0, 500));
    assert.equal(fieldErrorOf(response, field), message);
    assert.match(response.text, /<form method="post" action="\/create\/" enctype="multipart\/form-data">/);
  }

  it('shows the new post form: files (image/*,video/*, multiple), Caption, Share and a CSRF token', async () => {
    const page = await web.get('/create/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<form method="post" action="\/create\/" enctype="multipart\/form-data">/);
    assert.match(page.text, /<input id="media" type="file" name="media" accept="image\/\*,video\/\*" multiple required>/);
    assert.match(page.text, /<label for="caption">Caption<\/label>\s*<textarea id="caption" name="caption"/);
    assert.match(page.text, /<button class="primary" type="submit">Share<\/button>/);
    assert.match(page.text, /<input type="hidden" name="_csrf" value="[^"]+">/);
  });

  it('sends a signed-out visitor of /create/ to log in and come back', async () => {
    const page = await createWebSession(server.url).get('/create/');
    assert.equal(page.status, 302);
    assert.equal(page.location, '/accounts/login/?next=%2Fcreate%2F');
  });

  it('shares a photo: resized JPEG, permalink with the escaped caption, first on the profile', async () => {
    const sc = shortcodeOf(await share([{ bytes: photo, name: 'photo.png' }], { caption: 'Golden <hour> & "friends"' }));
    const permalink = await web.get(`/p/${sc}/`);
    assert.equal(permalink.status, 200);
    assert.match(permalink.text, new RegExp(`<img src="/media/${sc}/0" alt="Photo 1 of 1 by ${account.username}" width="1080" height="810">`));
    assert.match(permalink.text, /<p class="caption" id="caption"><a href="\/[^"]+\/"><strong>[^<]+<\/strong><\/a> Golden &lt;hour&gt; &amp; &quot;friends&quot;<\/p>/);
    const bytes = await fetch(`${server.url}/media/${sc}/0`);
    assert.equal(bytes.status, 200);
    assert.equal(bytes.headers.get('content-type'), 'image/jpeg');
    const body = Buffer.from(await bytes.arrayBuffer());
    assert.equal(bytes.headers.get('content-length'), String(body.length));
    assert.deepEqual(await sharp(body).metadata().then((m) => [m.format, m.width, m.height]), ['jpeg', 1080, 810]);
    const profile = await createWebSession(server.url).get(`/${account.username}/`);
    assert.match(profile.text, new RegExp(`<div class="grid"><a class="tile" href="/p/${sc}/">`));
  });

  it('shares a video: MP4 with a poster frame, shown in a <video> with controls', async () => {
    const sc = shortcodeOf(await share([{ bytes: video, name: 'clip.mp4' }], { caption: 'A clip' }));
    const permalink = await web.get(`/p/${sc}/`);
    assert.match(permalink.text, new RegExp(`<video controls playsinline preload="metadata" poster="/media/${sc}/0/thumbnail" src="/media/${sc}/0" width="320" height="240"`));
    const mp4 = await fetch(`${server.url}/media/${sc}/0`);
    assert.equal(mp4.headers.get('content-type'), 'video/mp4');
    assert.equal(Buffer.from(await mp4.arrayBuffer()).toString('latin1', 4, 8), 'ftyp');
    const poster = await fetch(`${server.url}/media/${sc}/0/thumbnail`);
    assert.equal(poster.headers.get('content-type'), 'image/jpeg');
    assert.equal((await sharp(Buffer.from(await poster.arrayBuffer())).metadata()).format, 'jpeg');
  });

  it('shares an album of 10 items in order, its first item as the profile tile', async () => {
    const files = [{ bytes: video, name: 'v.mp4' }, ...Array.from({ length: 9 }, (_v, i) => ({ bytes: i === 0 ? photo : smallPhoto, name: `p${i}.png` }))];
    const sc = shortcodeOf(await share(files, { caption: 'Ten things' }));
    const permalink = await web.get(`/p/${sc}/`);
    const items = [...permalink.text.matchAll(/<figure class="slide" id="item-(\d+)"><(img|video) /g)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(items, ['1:video', '2:img', ...Array.from({ length: 8 }, (_v, i) => `${i + 3}:img`)]);
    assert.match(permalink.text, /<nav class="dots" aria-label="Album items">/);
    const second = await fetch(`${server.url}/media/${sc}/1`);
    assert.deepEqual((await sharp(Buffer.from(await second.arrayBuffer())).metadata()).width, 1080);
    // The tile of an album that starts with a video is that video's poster.
    const tile = await fetch(`${server.url}/media/${sc}/0/thumbnail`);
    assert.equal(tile.headers.get('content-type'), 'image/jpeg');
    assert.equal((await fetch(`${server.url}/media/${sc}/10`)).status, 404);
    const profile = await web.get(`/${account.username}/`);
    assert.match(profile.text, new RegExp(`<a class="tile" href="/p/${sc}/">\\s*<img src="/media/${sc}/0/thumbnail" alt="Album by ${account.username}: Ten things" loading="lazy">\\s*<span class="badge" aria-hidden="true">Album</span>`));
  });

  it('lists a profile’s posts newest first with the post count', async () => {
    const other = await buildAccount(server.services);
    const otherWeb = await signedIn(server.url, other);
    const first = shortcodeOf(await share([{ bytes: smallPhoto, name: 'a.png' }], {}, otherWeb));
    server.clock.advance(1000);
    const second = shortcodeOf(await share([{ bytes: smallPhoto, name: 'b.png' }], {}, otherWeb));
    const profile = await createWebSession(server.url).get(`/${other.username}/`);
    assert.match(profile.text, /<p id="post-count"><strong>2<\/strong> posts<\/p>/);
    assert.deepEqual([...profile.text.matchAll(/<a class="tile" href="\/p\/([^/]+)\/">/g)].map((m) => m[1]), [second, first]);
    // Signed out, the page has Log in and Sign up instead of the profile menu.
    assert.match(profile.text, /<a href="\/accounts\/login\/">Log in<\/a><a href="\/accounts\/emailsignup\/">Sign up<\/a>/);
  });

  it('refuses a post with no file under the file field, keeping the caption', async () => {
    const response = await share([{ bytes: Buffer.alloc(0), name: '' }], { caption: 'kept <caption>' });
    assertRefusedOnForm(response, 400, 'media', NO_FILE);
    assert.match(response.text, /<textarea id="caption" name="caption" rows="5" maxlength="2200">kept &lt;caption&gt;<\/textarea>/);
    assertRefusedOnForm(await share([]), 400, 'media', NO_FILE);
  });

  it('refuses 11 files, and a body of more than 50, with the album limit', async () => {
    const before = await postCount();
    assertRefusedOnForm(await share(Array.from({ length: 11 }, (_v, i) => ({ bytes: smallPhoto, name: `${i}.png` }))), 400, 'media', TOO_MANY);
    assertRefusedOnForm(await share(Array.from({ length: 51 }, (_v, i) => ({ bytes: Buffer.from('x'), name: `${i}.png` }))), 400, 'media', TOO_MANY);
    assert.equal(await postCount(), before);
  });

  it('refuses a caption over 2,200 characters under the Caption field', async () => {
    const response = await share([{ bytes: smallPhoto, name: 'a.png' }], { caption: 'c'.repeat(2201) });
    assertRefusedOnForm(response, 400, 'caption', 'Captions can be up to 2200 characters long.');
    assert.equal(fieldErrorOf(response, 'media'), undefined);
    assert.equal(shortcodeOf(await share([{ bytes: smallPhoto, name: 'a.png' }], { caption: 'c'.repeat(2200) })).length, 11);
  });

  it('refuses bytes that are no photo or video, and a broken video', async () => {
    const before = await postCount();
    assertRefusedOnForm(await share([{ bytes: Buffer.from('%PDF-1.4 not an image'), name: 'doc.jpg' }]), 400, 'media', NOT_MEDIA);
    const brokenVideo = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(64)]);
    assertRefusedOnForm(await share([{ bytes: brokenVideo, name: 'v.mp4' }]), 400, 'media', 'This video could not be read. Upload an MP4 or MOV video.');
    assert.equal(await postCount(), before);
  });

  it('refuses an upload over IGLOO_UPLOAD_MAX_MB with 413, reading it to the end so the page arrives', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const message = "These files are too large to share. A post's photos and videos can be up to 2 MB in all.";
    assertRefusedOnForm(await share([{ bytes: big, name: 'big.png' }], { caption: 'big' }), 413, 'media', message);
    // Two files that are each under the limit but over it together.
    const half = Buffer.alloc(1536 * 1024, 7);
    assertRefusedOnForm(await share([{ bytes: half, name: 'a.png' }, { bytes: half, name: 'b.png' }]), 413, 'media', message);
    // The same session goes on working.
    assert.equal((await web.get('/create/')).status, 200);
  });

  it('answers a malformed or non-multipart body on the form, never with a 500', async () => {
    const page = await web.get('/create/');
    const csrf = web.csrf(page);
    const truncated = `--b\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--b\r\ncontent-disposition: form-data; name="media"; filename="a.png"\r\ncontent-type: image/png\r\n\r\nabc`;
    const broken = await postMultipart(web, `${server.url}/create/`, { body: truncated, contentType: 'multipart/form-data; boundary=b' });
    assert.ok(broken.status === 400, `${broken.status} ${broken.text.slice(0, 300)}`);
    const noBoundary = await postMultipart(web, `${server.url}/create/`, { body: 'x', contentType: 'multipart/form-data' });
    assert.ok([400, 403].includes(noBoundary.status), String(noBoundary.status));
    const urlencoded = await web.postForm('/create/', { _csrf: csrf, caption: 'no files' });
    assertRefusedOnForm(urlencoded, 400, 'media', NO_FILE);
  });

  it('refuses a post with a missing or wrong CSRF token and shares nothing', async () => {
    const before = await postCount();
    const file = [{ bytes: smallPhoto, name: 'a.png' }];
    assertCsrfRefused(await share(file, { _csrf: null }), 'missing');
    assertCsrfRefused(await share(file, { _csrf: 'wrong' }), 'wrong');
    const other = createWebSession(server.url);
    assertCsrfRefused(await share(file, { _csrf: other.csrf(await other.get('/accounts/login/')) }), "another visitor's token");
    assert.equal(await postCount(), before);
  });

  it('sends a signed-out POST to log in and shares nothing', async () => {
    const visitor = createWebSession(server.url);
    const csrf = visitor.csrf(await visitor.get('/accounts/login/'));
    const response = await share([{ bytes: smallPhoto, name: 'a.png' }], { _csrf: csrf }, visitor);
    assert.equal(response.status, 303);
    assert.equal(response.location, '/accounts/login/?next=%2Fcreate%2F');
  });

  it('posts as the signed-in account only', async () => {
    const other = await buildAccount(server.services);
    const otherBefore = (await server.services.profiles.getProfile(other.username)).postCount;
    const mineBefore = await postCount();
    shortcodeOf(await share([{ bytes: smallPhoto, name: 'a.png' }]));
    assert.equal(await postCount(), mineBefore + 1);
    assert.equal((await server.services.profiles.getProfile(other.username)).postCount, otherBefore);
  });
});
