// How /create/ reads an upload's body, over raw HTTP (a client that sends part of a body and waits):
// a signed-out visitor or a bad CSRF token is answered before the files are read, files go to
// temporary files in the data dir and never outlive the request, and a body that arrives too slowly is
// cut with 408. @see issue 7, point 11
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { request, type ClientRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { samplePhoto } from '../../src/media/sample-media.ts';
import { buildAccount } from '../support/builders.ts';
import type { WebSession } from '../support/browser.ts';
import { signedIn } from '../support/instagram-web.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const BOUNDARY = 'igloo-test-boundary';
/** Long enough for any answer on a loaded machine; a server that waits for the whole body never gives one. */
const ANSWER_WITHIN_MS = 20_000;

const field = (name: string, value: string) => Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
const fileHead = (name: string) => Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="media"; filename="${name}"\r\ncontent-type: image/png\r\n\r\n`);
const END = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface PartialUpload {
  /** The answer, or a rejection when none comes within ANSWER_WITHIN_MS. */
  answer: Promise<Answer>;
  request: ClientRequest;
}

/**
 * Starts a POST to /create/ that announces `declaredBytes` of body but sends only `start` and then
 * waits: whatever the server answers, it answers without the rest.
 */
function startUpload(server: TestServer, cookie: string, start: Buffer, declaredBytes: number): PartialUpload {
  const req = request(`${server.url}/create/`, {
    method: 'POST',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(declaredBytes) },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms while the body was incomplete`)), ANSWER_WITHIN_MS);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      });
    });
    // Once answered, the server may close the connection under the unsent rest (EPIPE or ECONNRESET).
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  req.write(start);
  return { answer, request: req };
}

/**
 * An upload over a raw socket, as a browser sends one: it goes on sending after the answer has come
 * (Node's own client stops writing once its response has ended).
 */
function rawUpload(server: TestServer, cookie: string, start: Buffer, declaredBytes: number) {
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  const head = `POST /create/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${declaredBytes}\r\n\r\n`;
  let received = '';
  const status = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms while the body was incomplete`)), ANSWER_WITHIN_MS);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const line = /^HTTP\/1\.1 (\d{3}) /.exec(received);
      if (line) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
  });
  const closed = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
  closed.catch(() => undefined);
  socket.write(head);
  socket.write(start);
  return {
    status,
    socket,
    /** Sends `bytes` more and half-closes; rejects with the socket's error if the server cuts it. */
    async sendRest(bytes: number): Promise<void> {
      const chunk = Buffer.alloc(256 * 1024, 7);
      for (let left = bytes; left > 0; left -= chunk.length) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        if (!socket.write(piece)) await Promise.race([once(socket, 'drain'), closed]);
        if (socket.destroyed) break;
      }
      socket.end();
      await Promise.race([closed, sleep(ANSWER_WITHIN_MS).then(() => Promise.reject(new Error('the connection was not closed after the body')))]);
    },
  };
}

function cookieOf(web: WebSession): string {
  return [...web.cookies()].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The temporary upload files left in the data dir. */
function leftoverUploads(server: TestServer): string[] {
  const folder = join(server.services.config.dataDir, 'uploads');
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' });
}

/** Waits (bounded) until `check` holds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > ANSWER_WITHIN_MS) assert.fail(`never: ${what}`);
    await sleep(50);
  }
}

describe('reading the body of a new post', () => {
  let server: TestServer;
  let web: WebSession;
  let photo: Buffer;
  const bigBody = 50 * 1024 * 1024;

  before(async () => {
    server = await startTestServer();
    web = await signedIn(server.url, await buildAccount(server.services));
    photo = await samplePhoto({ label: 'p', hue: 90, width: 64, height: 64 });
  });
  after(() => server.close());

  const freshToken = async () => web.csrf(await web.get('/create/'));

  it('sends a signed-out upload of 50 MiB to log in after its first 64 KiB, then drops the rest as it arrives', async () => {
    const visitor = `_csrf=${web.cookies().get('_csrf') ?? ''}`;
    const start = Buffer.concat([field('_csrf', await freshToken()), fileHead('big.png'), Buffer.alloc(64 * 1024, 1)]);
    const upload = startUpload(server, visitor, start, bigBody);
    try {
      const answer = await upload.answer;
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.location, '/accounts/login/?next=%2Fcreate%2F');
      assert.deepEqual(leftoverUploads(server), []);
    } finally {
      upload.request.destroy();
    }
    // A browser goes on sending: the server reads the rest without a reset (which would show the
    // browser a connection error instead of the login page), and keeps none of it.
    const browserLike = rawUpload(server, visitor, start, bigBody);
    assert.equal(await browserLike.status, 303);
    await browserLike.sendRest(bigBody - start.length);
    assert.deepEqual(leftoverUploads(server), []);
  });

  it('refuses a wrong CSRF token with 403 before reading the file after it', async () => {
    const upload = startUpload(server, cookieOf(web), Buffer.concat([field('_csrf', 'wrong'), fileHead('big.png'), Buffer.alloc(64 * 1024, 1)]), bigBody);
    try {
      const answer = await upload.answer;
      assert.equal(answer.status, 403);
      assert.match(answer.text, /Page expired/);
      assert.deepEqual(leftoverUploads(server), []);
    } finally {
      upload.request.destroy();
    }
    const start = Buffer.concat([field('_csrf', 'wrong'), fileHead('big.png'), Buffer.alloc(64 * 1024, 1)]);
    const browserLike = rawUpload(server, cookieOf(web), start, bigBody);
    assert.equal(await browserLike.status, 403);
    await browserLike.sendRest(bigBody - start.length);
    assert.deepEqual(leftoverUploads(server), []);
  });

  it('refuses a form whose files come before its CSRF token, without reading them', async () => {
    const upload = startUpload(server, cookieOf(web), Buffer.concat([field('caption', 'files first'), fileHead('big.png'), Buffer.alloc(64 * 1024, 1)]), bigBody);
    try {
      const answer = await upload.answer;
      assert.equal(answer.status, 403);
      assert.match(answer.text, /Page expired/);
      assert.deepEqual(leftoverUploads(server), []);
    } finally {
      upload.request.destroy();
    }
  });

  it('writes a file to a temporary file in the data dir as it arrives, and removes it once the post is shared', async () => {
    const start = Buffer.concat([field('_csrf', await freshToken()), fileHead('photo.png'), photo]);
    const upload = startUpload(server, cookieOf(web), start, start.length + END.length);
    const folder = join(server.services.config.dataDir, 'uploads');
    await eventually(() => leftoverUploads(server).some((name) => name.endsWith('/0') && statSync(join(folder, name)).size === photo.length), 'the photo on disk');
    upload.request.end(END);
    const answer = await upload.answer;
    assert.equal(answer.status, 303, answer.text.slice(0, 300));
    assert.match(String(answer.headers.location), /^\/p\/[A-Za-z0-9_-]{11}\/$/);
    await eventually(() => leftoverUploads(server).length === 0, 'the temporary file removed');
  });

  it('removes the temporary files of a refused upload: too large, not media, or cut short', async () => {
    const token = await freshToken();
    const tooLarge = Buffer.concat([field('_csrf', token), fileHead('a.png'), photo, Buffer.from('\r\n'), fileHead('b.png'), Buffer.alloc(101 * 1024 * 1024, 2), END]);
    const notMedia = Buffer.concat([field('_csrf', token), fileHead('a.png'), photo, Buffer.from('\r\n'), fileHead('b.png'), Buffer.from('%PDF-1.4'), END]);
    for (const [body, status] of [[tooLarge, 413], [notMedia, 400]] as const) {
      const upload = startUpload(server, cookieOf(web), body, body.length);
      upload.request.end();
      assert.equal((await upload.answer).status, status);
      await eventually(() => leftoverUploads(server).length === 0, `the temporary files of a ${status} removed`);
    }
    // A body whose connection is dropped after the first file.
    const cut = startUpload(server, cookieOf(web), Buffer.concat([field('_csrf', token), fileHead('a.png'), photo, Buffer.from('\r\n'), fileHead('b.png'), photo]), bigBody);
    cut.answer.catch(() => undefined);
    const folder = join(server.services.config.dataDir, 'uploads');
    await eventually(() => leftoverUploads(server).some((name) => name.endsWith('/1') && statSync(join(folder, name)).size === photo.length), 'the second file on disk');
    cut.request.destroy();
    await eventually(() => leftoverUploads(server).length === 0, 'the temporary files removed');
  });
});

describe('an unread upload that goes on past the upload limit', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ IGLOO_UPLOAD_MAX_MB: '1' });
  });
  after(() => server.close());

  it('has its connection cut once more than the limit has been dropped', async () => {
    const declared = 32 * 1024 * 1024;
    const start = Buffer.concat([fileHead('big.png'), Buffer.alloc(1024, 1)]);
    const upload = rawUpload(server, '', start, declared);
    assert.equal(await upload.status, 303);
    await assert.rejects(upload.sendRest(declared - start.length), (error: NodeJS.ErrnoException) => ['ECONNRESET', 'EPIPE'].includes(error.code ?? ''));
    assert.deepEqual(leftoverUploads(server), []);
  });
});

describe('a body that arrives too slowly', () => {
  let server: TestServer;
  let web: WebSession;

  before(async () => {
    server = await startTestServer({ IGLOO_REQUEST_TIMEOUT_SECONDS: '1' });
    web = await signedIn(server.url, await buildAccount(server.services));
  });
  after(() => server.close());

  it('is cut with 408 after IGLOO_REQUEST_TIMEOUT_SECONDS, and its temporary files removed', async () => {
    const token = web.csrf(await web.get('/create/'));
    const upload = startUpload(server, cookieOf(web), Buffer.concat([field('_csrf', token), fileHead('slow.png'), Buffer.alloc(1024, 3)]), 10 * 1024 * 1024);
    try {
      const answer = await upload.answer;
      assert.equal(answer.status, 408);
    } finally {
      upload.request.destroy();
    }
    await eventually(() => leftoverUploads(server).length === 0, 'the temporary files removed');
    // The server goes on answering.
    assert.equal((await web.get('/create/')).status, 200);
  });
});
