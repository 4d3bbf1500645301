import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVirtualClock, DAY, HOUR } from '../clock.ts';
import { createCdnSigner } from './cdn-urls.ts';

const wall = { now: () => Date.UTC(2020, 2, 16, 10, 30) };

describe('createCdnSigner', () => {
  it('signs a key with a signature and an hour-rounded hex expiry, and accepts it until then', () => {
    const clock = createVirtualClock(wall);
    const signer = createCdnSigner({ secretKeyHex: '11'.repeat(32), clock, ttlMs: { image: 28 * DAY, video: DAY } });
    const url = signer.sign('m/17895695668004550.jpg');
    const match = /^(\/v\/t51\.2885-15\/m\/17895695668004550\.jpg)\?_nc_cat=1&_nc_sid=8ae9d6&oh=([0-9a-f]{32})&oe=([0-9A-F]+)$/.exec(url);
    assert.ok(match, url);
    const [, path, oh, oe] = match as unknown as [string, string, string, string];
    assert.equal(parseInt(oe, 16) * 1000, Date.UTC(2020, 3, 13, 11, 0));
    assert.deepEqual(signer.check(path, oh, oe), { ok: true, key: 'm/17895695668004550.jpg', expiresAt: Date.UTC(2020, 3, 13, 11, 0) });
    clock.advance(28 * DAY + HOUR);
    assert.deepEqual(signer.check(path, oh, oe), { ok: false, reason: 'expired' });
  });

  it('gives a video (.mp4) the video lifetime and every other key the image lifetime', () => {
    const clock = createVirtualClock(wall);
    const signer = createCdnSigner({ secretKeyHex: '11'.repeat(32), clock, ttlMs: { image: 4 * DAY, video: DAY } });
    const expiryOf = (key: string) => parseInt(/&oe=([0-9A-F]+)$/.exec(signer.sign(key))?.[1] ?? '', 16) * 1000;
    assert.equal(expiryOf('m/17895695668004550.mp4'), Date.UTC(2020, 2, 17, 11, 0));
    assert.equal(expiryOf('m/17895695668004550.jpg'), Date.UTC(2020, 2, 20, 11, 0));
    assert.equal(expiryOf('t/17895695668004550.jpg'), Date.UTC(2020, 2, 20, 11, 0));
  });

  it('refuses a changed path, expiry or signature, and keys of another secret', () => {
    const clock = createVirtualClock(wall);
    const signer = createCdnSigner({ secretKeyHex: '11'.repeat(32), clock, ttlMs: { image: DAY, video: DAY } });
    const [path = '', query = ''] = signer.sign('m/1.jpg').split('?');
    const params = new URLSearchParams(query);
    const oh = params.get('oh') ?? '';
    const oe = params.get('oe') ?? '';
    assert.equal(signer.check(path.replace('1.jpg', '2.jpg'), oh, oe).ok, false);
    assert.equal(signer.check(path, oh, (parseInt(oe, 16) + 3600).toString(16).toUpperCase()).ok, false);
    assert.equal(signer.check(path, oh.replace(/^./, (c) => (c === '0' ? '1' : '0')), oe).ok, false);
    assert.equal(signer.check(path, undefined, oe).ok, false);
    const other = createCdnSigner({ secretKeyHex: '22'.repeat(32), clock, ttlMs: { image: DAY, video: DAY } });
    assert.equal(other.check(path, oh, oe).ok, false);
    assert.deepEqual(signer.check('/elsewhere/m/1.jpg', oh, oe), { ok: false, reason: 'not_found' });
  });
});
