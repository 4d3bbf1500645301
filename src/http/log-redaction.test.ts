import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from './log-redaction.ts';

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
