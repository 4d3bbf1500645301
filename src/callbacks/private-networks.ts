// Which addresses a callback may not reach outside emulator mode: this machine and the networks around
// it, over IPv4 and IPv6, including IPv6 forms that carry an IPv4 address inside (mapped, compatible,
// NAT64, 6to4, Teredo), which are judged by the IPv4 address they carry.
import { BlockList, isIP } from 'node:net';

const PRIVATE_IPV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3], // multicast, reserved and broadcast: never a host to POST to
] as const) {
  PRIVATE_IPV4.addSubnet(network, prefix, 'ipv4');
}

/** IPv6 networks refused whatever follows: loopback and unspecified are in ::/96, judged below. */
const PRIVATE_IPV6 = new BlockList();
for (const [network, prefix] of [
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some networks)
  ['ff00::', 8], // multicast
  ['64:ff9b:1::', 48], // NAT64 for local use (RFC 8215)
] as const) {
  PRIVATE_IPV6.addSubnet(network, prefix, 'ipv6');
}

/** The eight 16-bit groups of a valid IPv6 address (a zone id is ignored). */
function groupsOf(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const first = head === '' ? [] : head.split(':');
  const last = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = new Array<string>(8 - first.length - last.length).fill('0');
  return [...first, ...zeros, ...last].map((group) => parseInt(group, 16));
}

const ipv4Of = (high: number, low: number): string => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 address an IPv6 address stands for, when it is one of the transition forms. */
function embeddedIpv4(g: number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0;
  if (upperZero && g4 === 0 && (g5 === 0 || g5 === 0xffff)) return ipv4Of(g6, g7); // ::a.b.c.d, ::ffff:a.b.c.d
  if (upperZero && g4 === 0xffff && g5 === 0) return ipv4Of(g6, g7); // ::ffff:0:a.b.c.d (SIIT)
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Of(g6, g7); // NAT64
  if (g0 === 0x2002) return ipv4Of(g1, g2); // 6to4
  if (g0 === 0x2001 && g1 === 0) return ipv4Of(~g6 & 0xffff, ~g7 & 0xffff); // Teredo: the client, inverted
  return undefined;
}

/** True for an address a callback may not reach (and for anything that is not an IP address). */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address.replace(/%.*$/, ''));
  if (version === 4) return PRIVATE_IPV4.check(address, 'ipv4');
  if (version !== 6) return true;
  const groups = groupsOf(address);
  const ipv4 = embeddedIpv4(groups);
  if (ipv4 !== undefined) return PRIVATE_IPV4.check(ipv4, 'ipv4');
  return PRIVATE_IPV6.check(groups.map((g) => g.toString(16)).join(':'), 'ipv6');
}
