// One POST of a callback to an app's URL, over node:http(s): the form body, a time limit, at most
// 16 KB of answer read, no redirects followed. Outside emulator mode the address the host name
// resolves to is checked when connecting (not before, so DNS cannot change the answer in between):
// loopback, private and link-local networks are refused unless the configuration allows them.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress } from './private-networks.ts';

export const TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 16 * 1024;

export interface CallbackAnswer {
  status: number;
  /** At most the first 16 KB, as UTF-8. */
  body: string;
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
}

/** dns.lookup, refusing private addresses (private-networks.ts): used by the socket as it connects. */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((a) => isPrivateAddress(a.address));
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
  // A literal address is connected to without a lookup: it is checked here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetwork && isIP(literal) && isPrivateAddress(literal)) {
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
