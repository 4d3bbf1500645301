// Fixtures for the Graph media, paging, token, rate-limit and CDN tests: small generated media made once
// per file, media rows inserted directly for large collections, more testers, exact Graph error
// assertions, and requests with a Host header (drop-in mode; fetch cannot set Host).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Media } from '../../src/media/media-entity.ts';
import { samplePhoto, sampleVideo } from '../../src/media/sample-media.ts';
import type { Services } from '../../src/services.ts';
import { buildAccount, type TestAccount, type TestWorld } from './builders.ts';
import { withoutTrace, type WireResponse } from './http-clients.ts';

export const GRAPH_CONTENT_TYPE = 'application/json; charset=UTF-8';
const TRACE_ID = /^[A-Za-z0-9_-]{20,23}$/;

/** spec §5.2: the id is echoed verbatim; `method` is the lower-case HTTP method. */
export const notFoundBody = (id: string, method = 'get') =>
  `{"error":{"message":"Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation","type":"IGApiException","code":100,"error_subcode":33,"fbtrace_id":"TRACE"}}`;

/** Captured in 2022: https://github.com/bk-rs/instagram-apis-rs (tests/response_body_files/err__1.json). */
/**
 * A request Graph cannot route (an unknown edge, a method other than GET), spec §5.2; `method` is the
 * lower-case HTTP method. Captured: https://github.com/in2code-de/instagram/issues/25 (2022).
 */
export const unsupportedRequestBody = (method = 'get') =>
  `{"error":{"message":"Unsupported request - method type: ${method}","type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}`;

export const PERMISSION_DENIED_BODY = '{"error":{"message":"Application does not have permission for this action","type":"IGApiException","code":10,"fbtrace_id":"TRACE"}}';

/** `(#100)` parameter errors of the media edge. */
export const invalidParameterBody = (message: string) => `{"error":{"message":${JSON.stringify(message)},"type":"IGApiException","code":100,"fbtrace_id":"TRACE"}}`;

/** A Graph error: HTTP 400, the exact body (fbtrace_id neutralised), keys in wire order, trace id also in the header. */
export function assertGraphError(response: WireResponse, expectedBody: string): void {
  assert.equal(response.status, 400, response.text);
  assert.equal(response.headers.get('content-type'), GRAPH_CONTENT_TYPE);
  assert.equal(withoutTrace(response.text), expectedBody);
  const { error } = JSON.parse(response.text) as { error: Record<string, unknown> };
  const expectedKeys = ['message', 'type', ...('is_transient' in error ? ['is_transient'] : []), 'code', ...('error_subcode' in error ? ['error_subcode'] : []), 'fbtrace_id'];
  assert.deepEqual(Object.keys(error), expectedKeys);
  assert.match(String(error.fbtrace_id), TRACE_ID);
  assert.equal(response.headers.get('x-fb-trace-id'), error.fbtrace_id);
}

/** A new accepted Instagram Tester of the world's app. */
export async function buildTester(services: Services, world: TestWorld): Promise<TestAccount> {
  const account = await buildAccount(services);
  await services.testers.invite(world.igApp.igAppId, account.username);
  await services.testers.accept(world.igApp.igAppId, account.id);
  return account;
}

export interface SampleFiles {
  /** A 64×64 PNG. */
  photo: Buffer;
  /** A one-second 64×64 MP4. */
  video: Buffer;
}

/** Generated once per test file (in `before`) and reused for every post. */
export async function generateSampleFiles(): Promise<SampleFiles> {
  const [photo, video] = await Promise.all([samplePhoto({ label: 'igloo', hue: 200, width: 64, height: 64 }), sampleVideo({ seconds: 1, width: 64, height: 64 })]);
  return { photo, video };
}

/** `2024-01-01T00:00:00Z` plus `seconds`: posts get explicit, well-separated takenAt values. */
export const at = (seconds: number) => Date.UTC(2024, 0, 1) + seconds * 1000;

/**
 * Inserts top-level media rows of an account straight into the table, reusing the blob keys of a real
 * post (so their media_url still serves bytes). Much faster than posting; chunked to stay under SQLite's
 * variable limit.
 */
export async function insertMediaRows(services: Services, accountId: string, template: Media, rows: { id: string; takenAt: number }[], chunkSize = 500): Promise<void> {
  for (let start = 0; start < rows.length; start += chunkSize) {
    const values = rows.slice(start, start + chunkSize).map((row) => ({
      id: row.id,
      account_id: accountId,
      parent_id: null,
      media_type: template.mediaType,
      caption: `row ${row.id}`,
      // The id in base 36: 11 characters of a shortcode's alphabet, unique because ids are.
      shortcode: BigInt(row.id).toString(36).padStart(11, '0'),
      position: 0,
      media_key: template.mediaKey,
      thumbnail_key: template.thumbnailKey,
      width: template.width,
      height: template.height,
      is_reel: 0,
      is_shared_to_feed: 1,
      copyright_flagged: 0,
      taken_at: row.takenAt,
      created_at: row.takenAt,
    }));
    await services.db.insertInto('media').values(values).execute();
  }
}

/** The order of the media edge: timestamp desc, then id desc (ids are equal-length digit strings). */
export function newestFirst<T extends { id: string; takenAt: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => b.takenAt - a.takenAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export interface HostResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/**
 * A request to the test server with any Host header (drop-in mode, DESIGN.md §1). Each request has its
 * own connection (`agent: false`): a keep-alive connection whose streamed response the server has not
 * quite finished when the test ends would hold up closing the server until the client drops it (~70 s).
 */
export function sendWithHost(baseUrl: string, options: { host: string; path: string; method?: string; headers?: Record<string, string> }): Promise<HostResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: new URL(baseUrl).port, path: options.path, method: options.method ?? 'GET', headers: { host: options.host, ...options.headers }, agent: false, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out: ${options.host}${options.path}`)));
    req.on('error', reject);
    req.end();
  });
}
