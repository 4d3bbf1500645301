// igloo's local certificate authority and the server certificate it signs, kept in <data dir>/certs/
// (drop-in HTTPS, DESIGN.md §1). Keys are made with node:crypto (EC P-256, files mode 0600); certificates
// with the openssl command, since Node cannot write X.509. Validity is judged by the real clock, never
// the emulator's virtual one: TLS clients check certificates against real time.
import { execFile } from 'node:child_process';
import { X509Certificate, createHash, createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DomainError } from '../domain-error.ts';
import type { CertificateNames } from './certificate-names.ts';

const run = promisify(execFile);

export class CertificateError extends DomainError<'openssl_missing' | 'openssl_failed' | 'ca_incomplete' | 'ca_unusable'> {}

export const CA_NAME = 'igloo local CA';
const CA_DAYS = 3650;
/** Apple's platforms refuse TLS server certificates valid for longer, even from a private CA. */
const SERVER_DAYS = 825;
/** A server certificate this close to its end is reissued at start. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

export interface CertificatePaths {
  dir: string;
  ca: string;
  caKey: string;
  server: string;
  serverKey: string;
}

/** Where the files are: absolute, so they can be handed to clients running elsewhere. */
export function certificatePaths(dataDir: string): CertificatePaths {
  const dir = resolve(dataDir, 'certs');
  return { dir, ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.pem'), server: join(dir, 'server.pem'), serverKey: join(dir, 'server-key.pem') };
}

export interface CertificateOutcome {
  paths: CertificatePaths;
  caCreated: boolean;
  serverIssued: boolean;
}

/** Written beside its final name and renamed into place, so a reader never sees half a file. */
function writeAtomically(path: string, content: string, mode: number): void {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, content, { mode });
  renameSync(partial, path);
}

function newKey(path: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeAtomically(path, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive INTEGER (RFC 5280 §4.1.2.2)
  return `0x${bytes.toString('hex')}`;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new CertificateError('openssl_missing', 'making certificates needs the openssl command (Debian: apt-get install openssl)', {}, { cause: error });
    const reason = (failure.stderr ?? '').trim().split('\n')[0] ?? '';
    throw new CertificateError('openssl_failed', `openssl failed: ${reason || failure.message}`, { args }, { cause: error });
  }
}

/** Runs `work` with a private scratch folder for openssl's config and request files. */
async function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'igloo-certs-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function createCa(paths: CertificatePaths): Promise<void> {
  newKey(paths.caKey);
  await withScratch(async (scratch) => {
    const config = join(scratch, 'ca.cnf');
    writeFileSync(config, `[req]\ndistinguished_name = dn\nprompt = no\nx509_extensions = ext\n[dn]\nCN = ${CA_NAME}\n[ext]\nbasicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n`);
    const out = join(scratch, 'ca.pem');
    await openssl(['req', '-new', '-x509', '-config', config, '-key', paths.caKey, '-days', String(CA_DAYS), '-sha256', '-set_serial', serialNumber(), '-out', out]);
    writeAtomically(paths.ca, readFileSync(out, 'utf8'), 0o644);
  });
}

async function issueServerCertificate(paths: CertificatePaths, names: CertificateNames): Promise<void> {
  await withScratch(async (scratch) => {
    const altNames = [...names.dns.map((name) => `DNS:${name}`), ...names.ips.map((ip) => `IP:${ip}`)].join(',');
    const config = join(scratch, 'server.cnf');
    writeFileSync(config, `[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = igloo\n[ext]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\nsubjectAltName = ${altNames}\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n`);
    const request = join(scratch, 'server.csr');
    const out = join(scratch, 'server.pem');
    await openssl(['req', '-new', '-config', config, '-key', paths.serverKey, '-out', request]);
    await openssl(['x509', '-req', '-in', request, '-CA', paths.ca, '-CAkey', paths.caKey, '-days', String(SERVER_DAYS), '-sha256', '-set_serial', serialNumber(), '-extfile', config, '-extensions', 'ext', '-out', out]);
    writeAtomically(paths.server, readFileSync(out, 'utf8'), 0o644);
  });
}

function readKey(path: string): KeyObject | undefined {
  try {
    return createPrivateKey(readFileSync(path));
  } catch {
    return undefined;
  }
}

function readCertificate(path: string): X509Certificate | undefined {
  try {
    return new X509Certificate(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** Creates the CA when neither of its files exists; otherwise checks the pair can sign. */
async function ensureCa(paths: CertificatePaths): Promise<boolean> {
  const hasCert = existsSync(paths.ca);
  const hasKey = existsSync(paths.caKey);
  if (!hasCert && !hasKey) {
    await createCa(paths);
    return true;
  }
  if (!hasCert || !hasKey) {
    throw new CertificateError('ca_incomplete', `${hasCert ? paths.caKey : paths.ca} is missing: restore it, or remove ${paths.dir} to make a new CA (clients must then trust the new ca.pem)`);
  }
  const ca = readCertificate(paths.ca);
  const key = readKey(paths.caKey);
  if (!ca || !key || !ca.checkPrivateKey(key) || !ca.ca || Date.parse(ca.validTo) <= Date.now()) {
    throw new CertificateError('ca_unusable', `${paths.ca} and ${paths.caKey} are not a valid CA certificate and its key: remove ${paths.dir} to make a new CA (clients must then trust the new ca.pem)`);
  }
  return false;
}

/** Whether the server certificate names exactly `names`, comes from this CA and key, and is not near its end. */
function serverCertificateFits(paths: CertificatePaths, names: CertificateNames): boolean {
  const server = readCertificate(paths.server);
  const ca = readCertificate(paths.ca);
  const key = readKey(paths.serverKey);
  if (!server || !ca || !key) return false;
  const entries = (server.subjectAltName ?? '').split(', ').filter(Boolean);
  return (
    server.verify(ca.publicKey) &&
    server.checkPrivateKey(key) &&
    Date.parse(server.validTo) - Date.now() > RENEW_BEFORE_MS &&
    entries.length === names.dns.length + names.ips.length &&
    names.dns.every((name) => server.checkHost(name, { wildcards: false }) === name) &&
    names.ips.every((ip) => server.checkIP(ip) === ip)
  );
}

/**
 * Makes what is missing in <data dir>/certs: the CA (kept once made), the server key (kept too, so a
 * pinned SPKI hash stays valid) and the server certificate, reissued when `reissue` is set or when it
 * no longer fits the names, the CA or its key, or ends within 30 days.
 */
export async function ensureCertificates(dataDir: string, names: CertificateNames, options: { reissue?: boolean } = {}): Promise<CertificateOutcome> {
  const paths = certificatePaths(dataDir);
  mkdirSync(paths.dir, { recursive: true });
  const caCreated = await ensureCa(paths);
  const keyCreated = !readKey(paths.serverKey);
  if (keyCreated) newKey(paths.serverKey);
  const serverIssued = caCreated || keyCreated || options.reissue === true || !serverCertificateFits(paths, names);
  if (serverIssued) await issueServerCertificate(paths, names);
  return { paths, caCreated, serverIssued };
}

/** base64(SHA-256(SubjectPublicKeyInfo)): what Chromium's --ignore-certificate-errors-spki-list takes. */
export function spkiSha256(certificatePem: string | Buffer): string {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
