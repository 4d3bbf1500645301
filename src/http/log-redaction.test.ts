import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets, redactUrl } from './log-redaction.ts';

describe('redactSecrets', () => {
  it('redacts secret parameters in URLs, also with percent-encoded names, and nothing else', () => {
    assert.equal(
      redactSecrets('/graph/me?fields=id&access_token=IGQWRabc&error_code=4&code=AQx#_ client_secret=s1 CODE=z'),
      '/graph/me?fields=id&access_token=[REDACTED]&error_code=4&code=[REDACTED]#_ client_secret=[REDACTED] CODE=[REDACTED]',
    );
    assert.equal(redactSecrets('/x?access%5Ftoken=t&%63ode=c&signed_request=a.b&app_secret=s&fb_exchange_token=f'), '/x?access%5Ftoken=[REDACTED]&%63ode=[REDACTED]&signed_request=[REDACTED]&app_secret=[REDACTED]&fb_exchange_token=[REDACTED]');
  });

  it('treats a JSON escape as part of a value', () => {
    assert.equal(redactSecrets('{"url":"/x?code=ab\\"cd&y=1"}'), '{"url":"/x?code=[REDACTED]&y=1"}');
  });

  it('redacts secret keys of logged objects, but keeps error codes', () => {
    assert.equal(
      redactSecrets('{"headers":{"Authorization":"Bearer x","cookie":"sessionid=abc","set-cookie":"a=b"},"err":{"code":"SQLITE_ERROR"},"client_secret":"s"}'),
      '{"headers":{"Authorization":"[REDACTED]","cookie":"[REDACTED]","set-cookie":"[REDACTED]"},"err":{"code":"SQLITE_ERROR"},"client_secret":"[REDACTED]"}',
    );
  });

  it('redacts raw tokens and codes wherever they appear', () => {
    const token = `IGQWR${'a'.repeat(150)}ZD`;
    const code = `AQ${'b'.repeat(288)}`;
    assert.equal(redactSecrets(`bad token ${token} and ${code}.`), 'bad token [REDACTED] and [REDACTED].');
  });
});

describe('redactUrl', () => {
  it('redacts a URL as redactSecrets does, on its cheap path and off it', () => {
    const token = `IGQWR${'a'.repeat(150)}ZD`;
    const urls = [
      `/graph/me?fields=id,username&access_token=${token}`,
      `/graph/access_token?grant_type=ig_exchange_token&client_secret=s3cr3t&ACCESS_TOKEN=${token}`,
      '/oauth/authorize?client_id=1&redirect_uri=https://a.test/cb&error_code=4&code=AQabc;signed_request=x.y',
      `/graph/${token}?fields=id`,
      `/cdn/v/t51.2885-15/m/1.jpg?oh=${'0'.repeat(40)}&oe=6000`,
      '/x?access%5Ftoken=t&%63ode=c&fb_exchange_token=f&app_secret=a',
      '/x?code=ab\\cd&y=1',
      '/graph/me',
    ];
    for (const url of urls) assert.equal(redactUrl(url), redactSecrets(url), url);
    assert.equal(redactUrl(urls[0] as string), '/graph/me?fields=id,username&access_token=[REDACTED]');
    assert.equal(redactUrl(urls[3] as string), '/graph/[REDACTED]?fields=id');
  });

  it('agrees with redactSecrets on many generated URLs (the scan replaces its pattern)', () => {
    // Pieces that put names, separators and values side by side in every order: a seeded generator
    // keeps the run the same each time.
    const pieces = ['access_token', 'ACCESS_Token', 'code', 'xcode', 'code_', 'client_secret', 'signed_request', 'fb_exchange_token', 'app_secret',
      'fields', 'id', '=', '==', '&', '?', '#', ' ', '\t', ',', ';', '/', '.', '_', 'a', 'Z9', '\u00a0', 'é', `IG${'q'.repeat(31)}`, `AQ${'r'.repeat(100)}`, 'IG', 'AQ'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      let url = '/graph/me?';
      for (let k = next(12); k >= 0; k--) url += pieces[next(pieces.length)];
      assert.equal(redactUrl(url), redactSecrets(url), JSON.stringify(url));
    }
  });
});
