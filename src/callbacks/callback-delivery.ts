// One POST of a callback to an app's URL, over node:http(s): the form body, a time limit, at most
// 16 KB of answer read, no redirects followed. Outside emulator mode the address the host name
// resolves to is checked when connecting (not before, so DNS cannot change the answer in between):
// loopback, private and link-local networks are refused unless the configuration allows them.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

export const TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 16 * 1024;

export interface CallbackAnswer {
  status: number;
  /** At most the first 16 KB, as UTF-8. */
  body: string;
}

/** Networks a callback may not reach unless allowed: this machine and the networks around it. */
const PRIVATE_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const) {
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv6');
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
}

const isPrivate = (address: string) => PRIVATE_NETWORKS.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** dns.lookup, refusing private addresses: used by the socket as it connects. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((a) => isPrivate(a.address));
    if (refused) return callback(new BlockedAddressError(`${hostname} resolves to ${refused.address}, a private address`), '');
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return first ? callback(null, first.address, first.family) : callback(new BlockedAddressError(`${hostname} has no address`), '');
  });
}

/**
 * POSTs `form` to `url`. Resolves with the answer, rejects when there is none (connection refused,
 * blocked address, time limit, or `signal` aborted).
 */
export function postForm(url: string, form: URLSearchParams, options: { allowPrivateNetwork: boolean; signal: AbortSignal }): Promise<CallbackAnswer> {
  const target = new URL(url);
  const body = Buffer.from(form.toString());
  if (!options.allowPrivateNetwork && isIP(target.hostname.replace(/^\[|\]$/g, '')) && isPrivate(target.hostname.replace(/^\[|\]$/g, ''))) {
    return Promise.reject(new BlockedAddressError(`${target.hostname} is a private address`));
  }
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length, 'user-agent': 'igloo-callbacks' },
    signal: AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)]),
    ...(options.allowPrivateNetwork ? {} : { lookup: publicOnlyLookup }),
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, requestOptions, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_ANSWER_BYTES) response.destroy();
      });
      const done = () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8') });
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Why a POST got no answer, in a few words for the dashboard. */
export function failureOf(error: unknown): string {
  const { name, code, cause } = error as { name?: unknown; code?: unknown; cause?: { name?: unknown } };
  // An aborted request carries the signal's reason as its cause: a TimeoutError for the time limit.
  if (name === 'TimeoutError' || cause?.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  if (error instanceof BlockedAddressError) return 'refused: a private address (IGLOO_CALLBACKS_TO_PRIVATE_NETWORKS)';
  if (name === 'AbortError') return 'stopped: igloo was shutting down';
  return typeof code === 'string' ? `could not connect (${code})` : 'could not connect';
}
