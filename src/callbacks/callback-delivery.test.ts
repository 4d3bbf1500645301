// The connect-time check of callback POSTs outside emulator mode. Only literal addresses and
// `localhost` are looked up, and nothing here opens a connection.
// @see issue 7 point 8
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import { BlockedAddressError, postForm, publicOnlyLookup } from './callback-delivery.ts';

function lookup(hostname: string, all: boolean): Promise<string | LookupAddress[]> {
  return new Promise((resolve, reject) => {
    publicOnlyLookup(hostname, { all }, (error, address) => (error ? reject(error) : resolve(address)));
  });
}

describe('publicOnlyLookup', () => {
  it('passes public addresses on to the socket', async () => {
    assert.equal(await lookup('93.184.215.14', false), '93.184.215.14');
    assert.deepEqual(await lookup('93.184.215.14', true), [{ address: '93.184.215.14', family: 4 }]);
    assert.equal(await lookup('2606:2800:21f:cb07:6820:80da:af6b:8b2c', false), '2606:2800:21f:cb07:6820:80da:af6b:8b2c');
  });

  it('refuses private addresses and names that resolve to one', async () => {
    for (const hostname of ['127.0.0.1', '10.1.2.3', '::1', '::ffff:192.168.1.1', '64:ff9b::a9fe:a9fe', 'localhost']) {
      await assert.rejects(lookup(hostname, false), BlockedAddressError, hostname);
      await assert.rejects(lookup(hostname, true), BlockedAddressError, hostname);
    }
  });
});

describe('postForm outside emulator mode', () => {
  it('refuses a literal private address in any IPv6 form before connecting', async () => {
    const signal = new AbortController().signal;
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::127.0.0.1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::1]', '[fec0::1]']) {
      await assert.rejects(postForm(`http://${host}:9/cb`, new URLSearchParams(), { allowPrivateNetwork: false, signal }), BlockedAddressError, host);
    }
  });
});
