// `igloo serve` with IGLOO_TLS=1: the same app over HTTPS beside plain HTTP, with the certificate made on
// first start; and an unmodified Node client reaching https://graph.instagram.com/me on igloo, trusting
// the CA only through NODE_EXTRA_CA_CERTS, with the name mapped in a private mount and network namespace
// (unshare), never in this machine's /etc/hosts. @see issue 8
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { graphGet } from '../support/http-clients.ts';
import { BIN, DEMO_BANNER_END, REPO, TIMEOUT_MS, bannerField, childEnv, demoTesterToken, freshDataDir, killIgloo, removeTempDirs, runIgloo, serveIgloo, waitForOutput } from '../support/igloo-cli.ts';

after(removeTempDirs);

/** GET over HTTPS to 127.0.0.1:port, naming `host` in SNI and the Host header, trusting only `ca`. */
function httpsGet(port: number, host: string, path: string, ca: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: host, headers: { host }, ca, timeout: TIMEOUT_MS }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('igloo serve with IGLOO_TLS=1', () => {
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  let httpsPort: number;
  let dataDir: string;
  let token: { accessToken: string; userId: string; username: string };

  before(async () => {
    dataDir = freshDataDir();
    let banner: string;
    ({ child, banner, url } = await serveIgloo({ IGLOO_DATA_DIR: dataDir, IGLOO_TLS: '1', IGLOO_TLS_PORT: '0' }));
    httpsPort = Number(/ and https:\/\/127\.0\.0\.1:(\d+)\n/.exec(banner)?.[1] ?? assert.fail(`no HTTPS address in:\n${banner}`));
    token = await demoTesterToken(url, banner);
  });
  after(() => killIgloo(child));

  it('makes the certificates on first start and answers https://graph.instagram.com/me with the CA trusted', async () => {
    assert.ok(existsSync(join(dataDir, 'certs', 'server.pem')));
    const ca = readFileSync(join(dataDir, 'certs', 'ca.pem'));
    const me = await httpsGet(httpsPort, 'graph.instagram.com', `/me?fields=id,username&access_token=${token.accessToken}`, ca);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.text, `{"id":"${token.userId}","username":"${token.username}"}`);
  });

  it('builds URLs for https on the HTTPS port: media_url names the CDN host over https', async () => {
    const ca = readFileSync(join(dataDir, 'certs', 'ca.pem'));
    const media = await httpsGet(httpsPort, 'graph.instagram.com', `/me/media?fields=media_url&access_token=${token.accessToken}`, ca);
    assert.equal(media.status, 200, media.text);
    const { data } = JSON.parse(media.text) as { data: { media_url: string }[] };
    assert.ok(data.length > 0);
    for (const item of data) assert.ok(item.media_url.startsWith('https://scontent.cdninstagram.com/'), item.media_url);
  });

  it('keeps serving plain HTTP alongside, with the same token', async () => {
    const me = await graphGet(url, { path: 'me', fields: 'id,username', token: token.accessToken });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.text, `{"id":"${token.userId}","username":"${token.username}"}`);
  });

  it('is refused by a client that does not trust the CA', async () => {
    await assert.rejects(
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: httpsPort, path: '/me', servername: 'graph.instagram.com', headers: { host: 'graph.instagram.com' } }, resolve);
        req.on('error', reject);
        req.end();
      }),
      (error: NodeJS.ErrnoException) => error.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || error.code === 'SELF_SIGNED_CERT_IN_CHAIN',
    );
  });
});

describe('igloo serve with IGLOO_TLS=1 on an HTTPS port that is taken', () => {
  let holder: Server;
  let port: number;

  before(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const address = holder.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    port = address.port;
  });
  after(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('prints one line naming IGLOO_TLS_PORT, exits 1 and creates no data dir', async () => {
    const dataDir = join(freshDataDir(), 'data');
    const run = await runIgloo(['serve'], { IGLOO_DATA_DIR: dataDir, IGLOO_PORT: '0', IGLOO_TLS: '1', IGLOO_TLS_PORT: String(port) });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `igloo: port ${port} is already in use (set IGLOO_TLS_PORT to choose another)\n`);
    assert.equal(existsSync(dataDir), false);
  });
});

describe('an unmodified Node client on https://graph.instagram.com, in a namespace where that name is igloo', () => {
  let child: ChildProcessWithoutNullStreams;
  let dataDir: string;
  let banner: string;
  let machineHosts: string;

  before(async () => {
    machineHosts = readFileSync('/etc/hosts', 'utf8');
    dataDir = freshDataDir();
    const hosts = join(dataDir, 'hosts');
    writeFileSync(hosts, '127.0.0.1 localhost\n127.0.0.1 graph.instagram.com api.instagram.com www.instagram.com\n');
    // Private mount and network namespaces: /etc/hosts is replaced only in there, and igloo may take
    // port 443 on a loopback interface no other test shares. `exec` keeps igloo at the child's pid.
    const script = 'ip link set lo up && mount --bind "$1" /etc/hosts && exec "$2" "$3" serve';
    child = spawn('unshare', ['--mount', '--net', 'sh', '-c', script, 'sh', hosts, process.execPath, BIN], {
      cwd: REPO,
      env: childEnv({ IGLOO_DATA_DIR: dataDir, IGLOO_TLS: '1', IGLOO_TLS_PORT: '443', IGLOO_PORT: '8080' }),
    });
    banner = await waitForOutput(child, DEMO_BANNER_END);
  });
  after(() => killIgloo(child));

  it('prints the demo tester, trusting the CA through NODE_EXTRA_CA_CERTS', async () => {
    assert.match(banner, / and https:\/\/127\.0\.0\.1:443\n/);
    // The token goes straight into the data dir's database (igloo token), which the igloo in the namespace serves.
    const issued = await runIgloo(['token', '--app', bannerField(banner, 'Instagram App ID'), '--user', 'jayposiris', '--json'], { IGLOO_DATA_DIR: dataDir });
    assert.equal(issued.code, 0, issued.stderr);
    const { access_token: token, user_id: userId } = JSON.parse(issued.stdout) as { access_token: string; user_id: string };

    const client = "fetch('https://graph.instagram.com/me?fields=id,username&access_token='+process.env.T).then(r=>r.text()).then(console.log)";
    const env = { ...childEnv({}), T: token, NODE_EXTRA_CA_CERTS: join(dataDir, 'certs', 'ca.pem') };
    const output = await new Promise<string>((resolve, reject) => {
      execFile('nsenter', ['--target', String(child.pid), '--mount', '--net', process.execPath, '-e', client], { env, timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
    assert.equal(output, `{"id":"${userId}","username":"jayposiris"}\n`);
    assert.equal(readFileSync('/etc/hosts', 'utf8'), machineHosts, "this machine's /etc/hosts is untouched");
  });
});
