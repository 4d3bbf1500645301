import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseRedirectUri } from './redirect-uris.ts';

const strict = { allowHttp: false };

describe('normaliseRedirectUri', () => {
  it('appends a trailing slash to a bare origin', () => {
    assert.deepEqual(normaliseRedirectUri('https://socialsizzle.herokuapp.com', strict), { ok: true, uri: 'https://socialsizzle.herokuapp.com/' });
    assert.deepEqual(normaliseRedirectUri('https://example.com:8443', strict), { ok: true, uri: 'https://example.com:8443/' });
    assert.deepEqual(normaliseRedirectUri('https://example.com?x=1', strict), { ok: true, uri: 'https://example.com/?x=1' });
  });

  it('keeps a URI with a path exactly as typed', () => {
    assert.deepEqual(normaliseRedirectUri('https://socialsizzle.herokuapp.com/auth/', strict), { ok: true, uri: 'https://socialsizzle.herokuapp.com/auth/' });
    assert.deepEqual(normaliseRedirectUri('https://example.com/auth', strict), { ok: true, uri: 'https://example.com/auth' });
    assert.deepEqual(normaliseRedirectUri('  https://Example.com//cb?a=1  ', strict), { ok: true, uri: 'https://Example.com//cb?a=1' });
  });

  it('requires https except on loopback hosts', () => {
    assert.equal(normaliseRedirectUri('http://example.com/cb', strict).ok, false);
    assert.equal(normaliseRedirectUri('http://localhost:3000/cb', strict).ok, true);
    assert.equal(normaliseRedirectUri('http://app.localhost/cb', strict).ok, true);
    assert.equal(normaliseRedirectUri('http://127.0.0.1:9/cb', strict).ok, true);
    assert.equal(normaliseRedirectUri('http://example.com/cb', { allowHttp: true }).ok, true);
  });

  it('refuses what cannot be a redirect target', () => {
    for (const bad of ['', 'not a url', '/relative', 'ftp://example.com/', 'javascript:alert(1)', 'https://example.com/#frag', 'https://u:p@example.com/']) {
      assert.equal(normaliseRedirectUri(bad, strict).ok, false, bad);
    }
  });
});
