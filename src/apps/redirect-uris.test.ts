import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asciiUri, normaliseRedirectUri } from './redirect-uris.ts';

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

describe('redirect URIs a Location header cannot carry', () => {
  // @see issue 7 point 12b
  it('refuses non-ASCII, DEL and control characters, naming the URI and its percent-encoded form', () => {
    assert.deepEqual(normaliseRedirectUri('https://example.com/café', strict), {
      ok: false,
      reason: 'https://example.com/café has characters a web address cannot carry as typed: enter it percent-encoded, as https://example.com/caf%C3%A9 (a domain name in its xn-- form).',
    });
    assert.deepEqual(normaliseRedirectUri('https://example.com/a\u007fb', strict), {
      ok: false,
      reason: 'https://example.com/a%7Fb has characters a web address cannot carry as typed: enter it percent-encoded, as https://example.com/a%7Fb (a domain name in its xn-- form).',
    });
    for (const bad of ['https://example.com/\u0001', 'https://example.com/\u0000x', 'https://bücher.example/', 'https://example.com/日本', 'https://example.com/?q=\ud83d\ude00', 'https://example.com/\ud800']) {
      assert.equal(normaliseRedirectUri(bad, strict).ok, false, JSON.stringify(bad));
    }
    assert.deepEqual(normaliseRedirectUri('https://example.com/caf%C3%A9', strict), { ok: true, uri: 'https://example.com/caf%C3%A9' });
    assert.deepEqual(normaliseRedirectUri('https://xn--bcher-kva.example', strict), { ok: true, uri: 'https://xn--bcher-kva.example/' });
  });

  it('asciiUri percent-encodes what a Location header cannot carry and keeps printable ASCII', () => {
    assert.equal(asciiUri('https://example.com/café?x=日&y=%41#_'), 'https://example.com/caf%C3%A9?x=%E6%97%A5&y=%41#_');
    assert.equal(asciiUri('https://example.com/\u0001\u007f \ud800'), 'https://example.com/%01%7F%20%EF%BF%BD');
    assert.equal(asciiUri('https://example.com/cb?code=AQ-_x&state=a%20b#_'), 'https://example.com/cb?code=AQ-_x&state=a%20b#_');
  });
});
