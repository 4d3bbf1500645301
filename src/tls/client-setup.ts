// What a client needs to reach igloo's HTTPS listener as if it were Instagram (`igloo env`): the CA to
// trust, the host names to map to igloo's address, and Chromium's flags. Pure: paths and hash come in.
import { isIP } from 'node:net';
import type { Config } from '../config/config-schema.ts';
import { surfaceHostNames } from './certificate-names.ts';

export interface ClientSetup {
  ca_cert: string;
  server_cert: string;
  /** Where the HTTPS listener is reached (a loopback address when igloo listens on every interface). */
  https_address: string;
  https_port: number;
  host_names: string[];
  env: { NODE_EXTRA_CA_CERTS: string; REQUESTS_CA_BUNDLE: string; SSL_CERT_FILE: string };
  hosts_line: string;
  curl: string;
  chromium_flags: string[];
  /** base64 SHA-256 of the server certificate's public key; stays the same when it is reissued. */
  spki_sha256: string;
}

/** The address clients connect to: the bound one, or loopback for "every interface". */
function reachableAddress(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '') return '127.0.0.1';
  if (bindHost === '::') return '::1';
  return bindHost;
}

const shellQuote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export function clientSetup(config: Pick<Config, 'hosts' | 'bindHost' | 'tlsPort'>, files: { ca: string; server: string }, spkiSha256: string): ClientSetup {
  const address = reachableAddress(config.bindHost);
  const port = config.tlsPort;
  const endpoint = isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
  const names = surfaceHostNames(config);
  const graph = config.hosts.graph[0]?.replace(/:\d+$/, '') ?? 'graph.instagram.com';
  const curlTarget = port === 443 ? `--resolve ${graph}:443:${address}` : `--connect-to ${graph}:443:${endpoint}`;
  return {
    ca_cert: files.ca,
    server_cert: files.server,
    https_address: address,
    https_port: port,
    host_names: names,
    env: { NODE_EXTRA_CA_CERTS: files.ca, REQUESTS_CA_BUNDLE: files.ca, SSL_CERT_FILE: files.ca },
    hosts_line: `${address} ${names.join(' ')}`,
    curl: `curl --cacert ${shellQuote(files.ca)} ${curlTarget} 'https://${graph}/me?fields=id,username&access_token=…'`,
    chromium_flags: [`--host-resolver-rules=${names.map((name) => `MAP ${name} ${endpoint}`).join(', ')}`, `--ignore-certificate-errors-spki-list=${spkiSha256}`],
    spki_sha256: spkiSha256,
  };
}

/** `igloo env` without --json: shell lines to eval, the rest as comments. */
export function clientSetupScript(setup: ClientSetup): string {
  const port443 = setup.https_port === 443;
  return [
    `# igloo drop-in HTTPS (IGLOO_TLS=1) on ${setup.https_address} port ${setup.https_port}; eval "$(igloo env)" sets the first three.`,
    '# Trust igloo\'s CA: Node adds it to its own list; Python requests and OpenSSL clients use it instead of theirs.',
    `export NODE_EXTRA_CA_CERTS=${shellQuote(setup.env.NODE_EXTRA_CA_CERTS)}`,
    `export REQUESTS_CA_BUNDLE=${shellQuote(setup.env.REQUESTS_CA_BUNDLE)}`,
    `export SSL_CERT_FILE=${shellQuote(setup.env.SSL_CERT_FILE)}`,
    '# curl, the URL unchanged:',
    `#   ${setup.curl}`,
    port443
      ? '# Map the host names to igloo in /etc/hosts (or a mount namespace\'s copy of it):'
      : `# Map the host names to igloo in /etc/hosts; clients then connect to port 443, so run igloo with IGLOO_TLS_PORT=443 (now ${setup.https_port}):`,
    `#   ${setup.hosts_line}`,
    '# Chromium (the SPKI flag is honoured only with --user-data-dir; or trust ca.pem in the browser instead):',
    `#   chromium ${setup.chromium_flags.map((flag) => shellQuote(flag)).join(' ')}`,
    '',
  ].join('\n');
}
