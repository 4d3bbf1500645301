// @see issue 7 point 8: the IPv4-mapped rule refused every public IPv4 address.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPrivateAddress } from './private-networks.ts';

/** An IPv4 address in each IPv6 form that carries one. */
function ipv6FormsOf(ipv4: string): string[] {
  const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
  const high = ((a << 8) | b).toString(16);
  const low = ((c << 8) | d).toString(16);
  const inverted = (n: number) => (~n & 0xffff).toString(16);
  return [
    `::ffff:${ipv4}`,
    `::ffff:${high}:${low}`,
    `::${ipv4}`,
    `::${high}:${low}`,
    `::ffff:0:${ipv4}`,
    `64:ff9b::${ipv4}`,
    `64:ff9b::${high}:${low}`,
    `2002:${high}:${low}::1`,
    `2001:0:4136:e378:8000:63bf:${inverted((a << 8) | b)}:${inverted((c << 8) | d)}`,
  ];
}

describe('isPrivateAddress', () => {
  const publicIpv4 = ['93.184.215.14', '8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '192.167.1.1', '169.253.1.1', '11.0.0.1'];
  const privateIpv4 = [
    '10.0.0.1', '10.255.255.255',
    '172.16.0.1', '172.31.255.254',
    '192.168.0.1', '192.168.255.255',
    '127.0.0.1', '127.255.255.254',
    '169.254.169.254', '169.254.0.1',
    '100.64.0.1', '100.127.255.255',
    '0.0.0.0', '0.1.2.3',
    '224.0.0.1', '255.255.255.255',
  ];

  it('allows public IPv4 addresses, in every IPv6 form too', () => {
    for (const address of publicIpv4) {
      assert.equal(isPrivateAddress(address), false, address);
      for (const form of ipv6FormsOf(address)) assert.equal(isPrivateAddress(form), false, `${form} (${address})`);
    }
  });

  it('refuses 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, 100.64/10 and 0/8, in every IPv6 form too', () => {
    for (const address of privateIpv4) {
      assert.equal(isPrivateAddress(address), true, address);
      for (const form of ipv6FormsOf(address)) assert.equal(isPrivateAddress(form), true, `${form} (${address})`);
    }
  });

  it('refuses loopback, unspecified, unique-local, link-local, site-local and multicast IPv6', () => {
    for (const address of ['::1', '::', 'fc00::1', 'fd12:3456:789a::1', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'fec0::1', 'feff::1', 'ff02::1', '64:ff9b:1::1', '0:0:0:0:0:0:0:1', 'FE80::ABCD']) {
      assert.equal(isPrivateAddress(address), true, address);
    }
  });

  it('allows public IPv6 addresses', () => {
    for (const address of ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', '2001:4860:4860::8888', '2a00:1450:4001:82b::200e', '2001:db9::1', '64:ff9a::1']) {
      assert.equal(isPrivateAddress(address), false, address);
    }
  });

  it('refuses what is not an IP address', () => {
    for (const address of ['', 'localhost', 'example.com', '1.2.3', '::ffff:1.2.3.256', '[::1]']) assert.equal(isPrivateAddress(address), true, address);
  });
});
