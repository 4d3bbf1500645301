// `igloo certs` and `igloo env` as child processes: a local CA and a server certificate for every served
// host name in <data dir>/certs/ (keys mode 0600), the CA kept across runs, and what clients need printed
// as shell lines or JSON. @see issue 8
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freshDataDir, removeTempDirs, runIgloo } from '../support/igloo-cli.ts';

after(removeTempDirs);

const HOST_NAMES = ['www.instagram.com', 'instagram.com', 'api.instagram.com', 'graph.instagram.com', 'developers.facebook.com', 'scontent.cdninstagram.com', 'video.cdninstagram.com', 'scontent.xx.fbcdn.net', 'localhost'];

const certificate = (dir: string, file: string) => new X509Certificate(readFileSync(join(dir, 'certs', file)));
const mode = (dir: string, file: string) => statSync(join(dir, 'certs', file)).mode & 0o777;

describe('igloo certs', () => {
  it('makes ca.pem, ca-key.pem (0600), server.pem and server-key.pem (0600) in <data dir>/certs', async () => {
    const dataDir = freshDataDir();
    const run = await runIgloo(['certs'], { IGLOO_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^CA certificate +${join(dataDir, 'certs', 'ca.pem')} \\(created;`));
    assert.equal(mode(dataDir, 'ca-key.pem'), 0o600);
    assert.equal(mode(dataDir, 'server-key.pem'), 0o600);
    const ca = certificate(dataDir, 'ca.pem');
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'CN=igloo local CA');
    assert.equal(ca.issuer, ca.subject);
    assert.ok(ca.verify(ca.publicKey), 'self-signed');
    const years = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / (365 * 24 * 3600 * 1000);
    assert.ok(years > 9.9 && years < 10.1, `the CA lasts ten years, not ${years}`);
  });

  it('issues a server certificate that verifies against the CA for every served host name and loopback address', async () => {
    const dataDir = freshDataDir();
    const run = await runIgloo(['certs'], { IGLOO_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    const ca = certificate(dataDir, 'ca.pem');
    const server = certificate(dataDir, 'server.pem');
    assert.ok(server.verify(ca.publicKey));
    assert.ok(server.checkIssued(ca));
    assert.equal(server.ca, false);
    for (const name of HOST_NAMES) assert.equal(server.checkHost(name, { wildcards: false }), name, name);
    for (const ip of ['127.0.0.1', '::1']) assert.equal(server.checkIP(ip), ip, ip);
    assert.equal(server.checkHost('evil.example'), undefined);
  });

  it('keeps the CA and the server key on a second run, and reissues the server certificate for a changed host list', async () => {
    const dataDir = freshDataDir();
    assert.equal((await runIgloo(['certs'], { IGLOO_DATA_DIR: dataDir })).code, 0);
    const read = (file: string) => readFileSync(join(dataDir, 'certs', file), 'utf8');
    const before = { ca: read('ca.pem'), caKey: read('ca-key.pem'), serverKey: read('server-key.pem') };
    const run = await runIgloo(['certs'], { IGLOO_DATA_DIR: dataDir, IGLOO_HOSTS_GRAPH: 'graph.instagram.com,graph.igloo.test' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(kept;/);
    assert.deepEqual({ ca: read('ca.pem'), caKey: read('ca-key.pem'), serverKey: read('server-key.pem') }, before);
    const server = certificate(dataDir, 'server.pem');
    assert.ok(server.verify(certificate(dataDir, 'ca.pem').publicKey));
    assert.equal(server.checkHost('graph.igloo.test', { wildcards: false }), 'graph.igloo.test');
    assert.equal(mode(dataDir, 'ca-key.pem'), 0o600);
  });

  it('exits 1 with one line when the CA key is gone, rather than making a CA clients do not trust', async () => {
    const dataDir = freshDataDir();
    assert.equal((await runIgloo(['certs'], { IGLOO_DATA_DIR: dataDir })).code, 0);
    rmSync(join(dataDir, 'certs', 'ca-key.pem'));
    const run = await runIgloo(['certs'], { IGLOO_DATA_DIR: dataDir });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^igloo: \S+ca-key\.pem is missing: restore it, or remove \S+certs to make a new CA/);
    assert.match(run.stderr, /^[^\n]+\n$/);
  });

  it('exits 2 with usage for an unknown option', async () => {
    const run = await runIgloo(['certs', '--bogus'], { IGLOO_DATA_DIR: freshDataDir() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^igloo: Unknown option '--bogus'/);
    assert.match(run.stderr, /^ {2}certs +make the local CA/m);
  });
});

describe('igloo env', () => {
  it('prints NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE and SSL_CERT_FILE for ca.pem, a curl example, an /etc/hosts line and Chromium flags', async () => {
    const dataDir = freshDataDir();
    const ca = join(dataDir, 'certs', 'ca.pem');
    const run = await runIgloo(['env'], { IGLOO_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    for (const variable of ['NODE_EXTRA_CA_CERTS', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE']) assert.match(run.stdout, new RegExp(`^export ${variable}=${ca}$`, 'm'));
    assert.ok(run.stdout.includes(`curl --cacert ${ca} --connect-to graph.instagram.com:443:127.0.0.1:8443 'https://graph.instagram.com/me?`), run.stdout);
    assert.match(run.stdout, new RegExp(`^# +127\\.0\\.0\\.1 ${HOST_NAMES.slice(0, -1).join(' ').replace(/\./g, '\\.')}$`, 'm'));
    assert.match(run.stdout, /--host-resolver-rules=MAP www\.instagram\.com 127\.0\.0\.1:8443, MAP instagram\.com 127\.0\.0\.1:8443, /);
    const lines = run.stdout.trimEnd().split('\n');
    assert.ok(lines.every((line) => line.startsWith('#') || line.startsWith('export ')), 'every line is a comment or an export: eval-able');
    assert.equal(mode(dataDir, 'ca-key.pem'), 0o600, 'the certificates were made as serve would');
  });

  it('--json gives the same as one object, with the SPKI hash of the server certificate and the chosen port', async () => {
    const dataDir = freshDataDir();
    const run = await runIgloo(['env', '--json'], { IGLOO_DATA_DIR: dataDir, IGLOO_TLS_PORT: '443' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^[^\n]+\n$/);
    const setup = JSON.parse(run.stdout) as { ca_cert: string; https_port: number; env: Record<string, string>; hosts_line: string; curl: string; chromium_flags: string[]; spki_sha256: string };
    const ca = join(dataDir, 'certs', 'ca.pem');
    assert.equal(setup.ca_cert, ca);
    assert.deepEqual(setup.env, { NODE_EXTRA_CA_CERTS: ca, REQUESTS_CA_BUNDLE: ca, SSL_CERT_FILE: ca });
    assert.equal(setup.https_port, 443);
    assert.equal(setup.hosts_line, `127.0.0.1 ${HOST_NAMES.slice(0, -1).join(' ')}`);
    assert.match(setup.curl, /--resolve graph\.instagram\.com:443:127\.0\.0\.1 /);
    const spki = certificate(dataDir, 'server.pem').publicKey.export({ type: 'spki', format: 'der' });
    assert.equal(setup.spki_sha256, createHash('sha256').update(spki).digest('base64'));
    assert.ok(setup.chromium_flags.includes(`--ignore-certificate-errors-spki-list=${setup.spki_sha256}`));
  });

  it('exits 2 when IGLOO_TLS_PORT is 0, since clients need a fixed port', async () => {
    const run = await runIgloo(['env'], { IGLOO_DATA_DIR: freshDataDir(), IGLOO_TLS_PORT: '0' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^igloo: IGLOO_TLS_PORT is 0/);
  });
});
