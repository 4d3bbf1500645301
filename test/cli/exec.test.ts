// `igloo exec -- <command>` as a child process: the command reaches a fresh igloo with the demo world
// through IGLOO_* variables, owns stdout, and decides igloo's exit status; the temporary data dir is gone
// afterwards, whether the command succeeds, fails, is not found or is stopped by a signal. With
// IGLOO_TLS=1 the command also gets igloo's HTTPS URL and what it needs to trust igloo's CA.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { after, describe, it } from 'node:test';
import { freshDataDir, killIgloo, removeTempDirs, runIgloo, spawnIgloo, waitForExit, waitForOutput } from '../support/igloo-cli.ts';

after(removeTempDirs);

/** What the command below prints: the variables it got and what igloo answered. */
interface Report {
  url: string;
  appId: string;
  dataDir: string;
  tester: string;
  health: { status: number; body: string };
  authorize: { status: number; offersSignIn: boolean };
  token: { status: number; me: string };
}

const COMMAND = `
const env = process.env;
const health = await fetch(env.IGLOO_URL + '/_igloo/health');
const query = new URLSearchParams({ client_id: env.IGLOO_APP_ID, redirect_uri: env.IGLOO_URL + '/_igloo/callback', scope: 'user_profile,user_media', response_type: 'code' });
const authorize = await fetch(env.IGLOO_URL + '/oauth/authorize?' + query, { redirect: 'manual' });
const issued = await fetch(env.IGLOO_URL + '/_igloo/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: env.IGLOO_APP_ID, username: env.IGLOO_TESTER_USERNAME }) });
const { access_token } = await issued.json();
const me = await fetch(env.IGLOO_URL + '/graph/me?fields=username&access_token=' + access_token);
console.log(JSON.stringify({
  url: env.IGLOO_URL, appId: env.IGLOO_APP_ID, dataDir: env.IGLOO_DATA_DIR, tester: env.IGLOO_TESTER_USERNAME,
  health: { status: health.status, body: await health.text() },
  authorize: { status: authorize.status, offersSignIn: (await authorize.text()).includes('Log in to continue to Social Sizzle') },
  token: { status: issued.status, me: await me.text() },
}));
process.exit(3);
`;

const TRUST_VARIABLES = ['IGLOO_HTTPS_URL', 'IGLOO_CA_CERT', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'];

/** A CA the caller trusted before (one of Node's roots stands in for a proxy's), in `<dir>/theirs.pem`. */
const MARKER_PEM = (rootCertificates.at(-1) ?? '').trim();
function markerCa(dir: string): string {
  const path = join(dir, 'theirs.pem');
  writeFileSync(path, `${MARKER_PEM}\n`);
  return path;
}

/**
 * Fetches igloo's https URL on 127.0.0.1 trusting igloo's CA through NODE_EXTRA_CA_CERTS alone (Node
 * reads it at start; nothing here relaxes certificate checks), then a Graph call with the demo token.
 */
const TLS_COMMAND = `
const env = process.env;
const health = await fetch(env.IGLOO_HTTPS_URL + '/_igloo/health');
const issued = await fetch(env.IGLOO_HTTPS_URL + '/_igloo/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: env.IGLOO_APP_ID, username: env.IGLOO_TESTER_USERNAME }) });
const me = await fetch(env.IGLOO_HTTPS_URL + '/graph/me?fields=username&access_token=' + (await issued.json()).access_token);
const { readFileSync } = await import('node:fs');
const files = Object.fromEntries(['IGLOO_CA_CERT', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE'].map((name) => [env[name], readFileSync(env[name], 'utf8')]));
console.log(JSON.stringify({ env: Object.fromEntries(${JSON.stringify(TRUST_VARIABLES)}.map((name) => [name, env[name]])), health: await health.text(), me: await me.text(), files }));
process.exitCode = health.status === 200 && me.status === 200 ? 0 : 1;
`;

describe('igloo exec', () => {
  it('runs the command against a fresh igloo with the demo world, exits with its status and removes the data dir', async () => {
    const tmp = freshDataDir();
    const run = await runIgloo(['exec', '--', process.execPath, '--input-type=module', '-e', COMMAND], { TMPDIR: tmp });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /^[^\n]+\n$/, 'stdout is the command\'s one line, nothing of igloo');
    const report = JSON.parse(run.stdout) as Report;
    assert.match(report.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.doesNotMatch(report.url, /:0$/);
    assert.match(report.appId, /^\d{15,16}$/);
    assert.equal(report.tester, 'jayposiris');
    assert.deepEqual(report.health, { status: 200, body: '{"status":"ok","mode":"emulator"}' });
    assert.deepEqual(report.authorize, { status: 200, offersSignIn: true });
    assert.equal(report.token.status, 200);
    assert.match(report.token.me, /^\{"username":"jayposiris","id":"\d+"\}$/);
    assert.ok(report.dataDir.startsWith(tmp), report.dataDir);
    assert.equal(existsSync(report.dataDir), false, 'the temporary data dir is removed');
    assert.deepEqual(readdirSync(tmp), []);
    assert.equal(run.stderr, `igloo exec: the demo world is on ${report.url} while ${process.execPath} runs\n`);
  });

  it('with IGLOO_TLS=1 serves HTTPS on a free port that the command reaches trusting the CA through NODE_EXTRA_CA_CERTS', async () => {
    const tmp = freshDataDir();
    const theirs = markerCa(tmp);
    const run = await runIgloo(['exec', '--', process.execPath, '--input-type=module', '-e', TLS_COMMAND], { TMPDIR: tmp, IGLOO_TLS: '1', NODE_EXTRA_CA_CERTS: theirs, SSL_CERT_FILE: theirs, REQUESTS_CA_BUNDLE: theirs, CURL_CA_BUNDLE: theirs });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const report = JSON.parse(run.stdout) as { env: Record<string, string>; health: string; me: string; files: Record<string, string> };
    assert.equal(report.health, '{"status":"ok","mode":"emulator"}');
    assert.match(report.me, /^\{"username":"jayposiris","id":"\d+"\}$/);
    const { IGLOO_HTTPS_URL: httpsUrl, IGLOO_CA_CERT: ca = '', NODE_EXTRA_CA_CERTS: extra = '', SSL_CERT_FILE: bundle = '' } = report.env;
    assert.match(httpsUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.doesNotMatch(httpsUrl ?? '', /:(0|8443)$/);
    assert.ok(ca.startsWith(tmp) && ca.endsWith('/certs/ca.pem'), ca);
    assert.deepEqual([report.env.REQUESTS_CA_BUNDLE, report.env.CURL_CA_BUNDLE], [bundle, bundle]);
    // What the command trusted before stays trusted, with igloo's CA added.
    const iglooCa = report.files[ca] ?? assert.fail('no CA file');
    assert.match(iglooCa, /^-----BEGIN CERTIFICATE-----\n[^-]+-----END CERTIFICATE-----\n$/);
    assert.equal(report.files[extra], `${MARKER_PEM}\n${iglooCa}`);
    const bundled = report.files[bundle] ?? assert.fail('no bundle');
    assert.equal(bundled, `${rootCertificates.map((pem) => pem.trim()).join('\n')}\n${MARKER_PEM}\n${iglooCa}`);
    assert.match(run.stderr, /^igloo exec: the demo world is on http:\/\/127\.0\.0\.1:\d+ and https:\/\/127\.0\.0\.1:\d+ while /);
    assert.deepEqual(readdirSync(tmp), ['theirs.pem'], 'the data dir with the certificates is removed');
  });

  it('with IGLOO_TLS=1 lets curl reach the HTTPS URL through CURL_CA_BUNDLE alone', async () => {
    const run = await runIgloo(['exec', '--', 'sh', '-c', 'curl -sS --fail "$IGLOO_HTTPS_URL/_igloo/health"'], { TMPDIR: freshDataDir(), IGLOO_TLS: '1' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"status":"ok","mode":"emulator"}');
  });

  it('exits 127 with one line on stderr when the command does not exist, leaving nothing behind', async () => {
    const tmp = freshDataDir();
    const run = await runIgloo(['exec', '--', 'igloo-test-no-such-command'], { TMPDIR: tmp });
    assert.equal(run.code, 127);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'igloo exec: command not found: igloo-test-no-such-command\n');
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('forwards SIGTERM to the command and exits 128 + 15 when it dies of it', async () => {
    const tmp = freshDataDir();
    const child = spawnIgloo(['exec', '--', process.execPath, '-e', "process.stdout.write('ready\\n'); setInterval(() => {}, 1000);"], { TMPDIR: tmp });
    try {
      await waitForOutput(child, /^ready\n$/);
      child.kill('SIGTERM');
      assert.equal(await waitForExit(child), 143);
      assert.deepEqual(readdirSync(tmp), []);
    } finally {
      await killIgloo(child);
    }
  });

  it('leaves the CA variables as igloo got them, and gives no HTTPS URL, without IGLOO_TLS', async () => {
    const tmp = freshDataDir();
    const theirs = markerCa(tmp);
    const given = { NODE_EXTRA_CA_CERTS: theirs, SSL_CERT_FILE: theirs, REQUESTS_CA_BUNDLE: theirs, CURL_CA_BUNDLE: theirs };
    const run = await runIgloo(['exec', '--', process.execPath, '-e', `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(TRUST_VARIABLES)}.filter((name) => name in process.env).map((name) => [name, process.env[name]]))))`], { TMPDIR: tmp, ...given });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), given);
  });

  it('exits 2 with usage without a command', async () => {
    for (const args of [['exec'], ['exec', '--']]) {
      const run = await runIgloo(args, { TMPDIR: freshDataDir() });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^igloo: exec needs a command: igloo exec -- <command> \[args\.\.\.\]\n/);
      assert.match(run.stderr, /Usage: igloo <command>/);
    }
  });
});
