import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signRequest, verifySignedRequest } from './signed-request.ts';

const SECRET = '0123456789abcdef0123456789abcdef';

describe('signed_request', () => {
  it('is base64url(HMAC-SHA256 of the encoded payload).base64url(payload JSON), without padding', () => {
    const signed = signRequest({ algorithm: 'HMAC-SHA256', issued_at: 1291836800, user_id: '218471' }, SECRET);
    const [signature, encoded] = signed.split('.') as [string, string];
    assert.doesNotMatch(signed, /[=+/]/);
    assert.equal(Buffer.from(encoded, 'base64url').toString(), '{"algorithm":"HMAC-SHA256","issued_at":1291836800,"user_id":"218471"}');
    assert.equal(signature, createHmac('sha256', SECRET).update(encoded).digest('base64url'));
  });

  it('verifies as Meta’s sample handler does: the right secret only, HMAC-SHA256 only', () => {
    const signed = signRequest({ algorithm: 'HMAC-SHA256', issued_at: 1, user_id: '2' }, SECRET);
    assert.deepEqual(verifySignedRequest(signed, SECRET), { algorithm: 'HMAC-SHA256', issued_at: 1, user_id: '2' });
    assert.equal(verifySignedRequest(signed, 'another secret'), undefined);
    assert.equal(verifySignedRequest(`x${signed}`, SECRET), undefined);
    assert.equal(verifySignedRequest('no-dot', SECRET), undefined);
    const encoded = Buffer.from('{"algorithm":"HMAC-SHA1"}').toString('base64url');
    assert.equal(verifySignedRequest(`${createHmac('sha256', SECRET).update(encoded).digest('base64url')}.${encoded}`, SECRET), undefined);
  });
});
