// Cursor paging of the media edge as properties over random collections: walking `next` visits every item
// once in (timestamp desc, id desc) order, walking `previous` comes back page by page, adding media does
// not disturb a walk, and only the 10,000 most recent media are served (spec §4.4, §4.6).
// Random cases come from a seeded generator: IGLOO_TEST_SEED=<n> reruns a failing seed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Media } from '../../src/media/media-entity.ts';
import { buildWorld, issueToken, type TestWorld } from '../support/builders.ts';
import { at, buildTester, generateSampleFiles, insertMediaRows, newestFirst } from '../support/graph-fixtures.ts';
import { graphGet, type WireResponse } from '../support/http-clients.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const SEED = Number(process.env.IGLOO_TEST_SEED ?? 20241204);
const CASES = 15;

interface PagingBody {
  data: { id: string }[];
  paging?: { cursors: { before: string; after: string }; previous?: string; next?: string };
}

/** mulberry32: a small, fast, seedable PRNG; `next()` is uniform in [0, 1). */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** An integer in [min, max]. */
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int };
}

interface Row {
  id: string;
  takenAt: number;
}

describe('paging the media edge', () => {
  let server: TestServer;
  let world: TestWorld;
  let template: Media;
  const random = createRandom(SEED);
  const usedIds = new Set<string>();

  /** A media id nobody has yet: 17 digits starting 17 (DESIGN.md §4). */
  const newId = (): string => {
    for (;;) {
      const id = `17${String(random.int(0, 99_999_999)).padStart(8, '0')}${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };

  /** `count` rows with whole-second takenAt values in 2024, about a fifth of them sharing an earlier one's. */
  const randomRows = (count: number): Row[] => {
    const rows: Row[] = [];
    for (let i = 0; i < count; i++) {
      const shared = rows.length > 0 && random.next() < 0.2 ? rows[random.int(0, rows.length - 1)] : undefined;
      rows.push({ id: newId(), takenAt: shared?.takenAt ?? at(random.int(0, 365 * 24 * 3600)) });
    }
    return rows;
  };

  /** A new tester owning exactly these rows, and their token. */
  const accountWith = async (rows: Row[]) => {
    const account = await buildTester(server.services, world);
    await insertMediaRows(server.services, account.id, template, rows);
    const { accessToken } = await issueToken(server.services, world, { account });
    return { account, token: accessToken };
  };

  const read = async (response: WireResponse | Response): Promise<PagingBody> => {
    const text = response instanceof Response ? await response.text() : response.text;
    assert.equal(response.status, 200, text);
    return JSON.parse(text) as PagingBody;
  };
  const firstPage = (token: string, limit: number) => graphGet(server.url, { path: 'me/media', token, query: { limit: String(limit) } }).then(read);
  const follow = (url: string) => fetch(url).then(read);

  /** Follows `next` from a first page to the end; returns every page, in order. */
  const walkNext = async (first: PagingBody, maxPages: number): Promise<PagingBody[]> => {
    const pages = [first];
    let page = first;
    while (page.paging?.next) {
      assert.ok(pages.length <= maxPages, 'the walk does not end');
      page = await follow(page.paging.next);
      pages.push(page);
    }
    return pages;
  };
  const idsOf = (page: PagingBody) => page.data.map((item) => item.id);

  before(async () => {
    server = await startTestServer({ IGLOO_RATE_LIMIT_PER_HOUR: '100000000' });
    world = await buildWorld(server.services);
    const files = await generateSampleFiles();
    // Real posts, whose blob keys the inserted rows reuse.
    for (let i = 0; i < 3; i++) template = await server.services.media.createPost({ accountId: world.tester.id, files: [files.photo], takenAt: at(i) });
  });
  after(() => server.close());

  it(`walks every random collection exactly once forwards and back (seed ${SEED})`, async () => {
    // The edges first (empty, one item, one full page, 300 items a page of 1 or of 100), then random cases.
    const fixed: [number, number][] = [
      [0, 25],
      [1, 1],
      [100, 100],
      [300, 1],
      [300, 100],
    ];
    const cases = [...fixed, ...Array.from({ length: CASES - fixed.length }, () => [random.int(0, 300), random.int(1, 100)] as [number, number])];
    for (const [count, limit] of cases) {
      const label = `seed ${SEED}, ${count} items, limit ${limit}`;
      const rows = randomRows(count);
      const { token } = await accountWith(rows);
      const expected = newestFirst(rows).map((row) => row.id);
      const first = await firstPage(token, limit);
      if (count === 0) {
        assert.deepEqual(first, { data: [] }, label);
        continue;
      }
      assert.equal(first.paging?.previous, undefined, `${label}: the first page has no previous`);

      const bodies = await walkNext(first, count);
      const pages = bodies.map(idsOf);
      const last = bodies[bodies.length - 1] as PagingBody;
      assert.deepEqual(pages.flat(), expected, `${label}: next visits every item once, newest first`);
      assert.equal(pages.length, Math.ceil(count / limit), label);
      for (const page of pages.slice(0, -1)) assert.equal(page.length, limit, `${label}: only the last page is short`);
      assert.equal(last.paging?.next, undefined, `${label}: the last page has no next`);

      const backwards = [];
      let page = last;
      while (page.paging?.previous) {
        assert.ok(backwards.length < pages.length, `${label}: the walk back does not end`);
        page = await follow(page.paging.previous);
        backwards.push(idsOf(page));
      }
      assert.deepEqual(backwards, pages.slice(0, -1).reverse(), `${label}: previous returns the same pages in reverse`);
      assert.ok(page.paging?.next || pages.length === 1, label);
    }
  });

  it('keeps a walk stable while newer media is added (keyset paging)', async () => {
    const rows = randomRows(30);
    const { account, token } = await accountWith(rows);
    const expected = newestFirst(rows).map((row) => row.id);
    const first = await firstPage(token, 7);
    assert.deepEqual(idsOf(first), expected.slice(0, 7));

    // Six newer items, one of them tied with the newest on takenAt but with a higher id.
    const newest = newestFirst(rows)[0] as Row;
    let tiedId = newId();
    while (tiedId < newest.id) tiedId = newId();
    const added: Row[] = [{ id: tiedId, takenAt: newest.takenAt }];
    for (let i = 1; i <= 5; i++) added.push({ id: newId(), takenAt: newest.takenAt + i * 1000 });
    await insertMediaRows(server.services, account.id, template, added);

    const pages = (await walkNext(first, 30)).map(idsOf);
    assert.deepEqual(pages.flat(), expected, 'the walk sees exactly the items that were there');

    // Back from the second page: the first page again, which now has a previous page of the new items.
    const second = await follow(first.paging?.next ?? assert.fail('no next'));
    const again = await follow(second.paging?.previous ?? assert.fail('no previous'));
    assert.deepEqual(idsOf(again), expected.slice(0, 7));
    const newer = await follow(again.paging?.previous ?? assert.fail('the first page now has a previous page'));
    assert.deepEqual(idsOf(newer), newestFirst(added).map((row) => row.id));
    assert.equal(newer.paging?.previous, undefined);
  });

  it('serves only the 10,000 most recent media: a walk of 10,050 stops after exactly 10,000', async () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => ({ id: `17${String(500_000_000_000_000 + i)}`, takenAt: at(i) }));
    const { token } = await accountWith(rows);
    const expected = newestFirst(rows).map((row) => row.id);
    const bodies = await walkNext(await firstPage(token, 100), 101);
    const last = bodies[bodies.length - 1] as PagingBody;
    assert.equal(bodies.length, 100);
    assert.deepEqual(bodies.map(idsOf).flat(), expected.slice(0, 10_000));
    assert.equal(last.paging?.next, undefined);
    assert.ok(last.paging?.previous);

    // Past the cap nothing more is served, even after the cursor of the 10,000th item.
    const edge = (query: Record<string, string>) => graphGet(server.url, { path: 'me/media', token, query }).then(read);
    assert.deepEqual(await edge({ after: last.paging?.cursors.after ?? '' }), { data: [] });
    // A page that would cross the cap is cut at the 10,000th item: 50 items from the 9,951st, and no next.
    const penultimate = bodies[98] as PagingBody;
    const half = await edge({ limit: '50', after: penultimate.paging?.cursors.after ?? '' });
    assert.deepEqual(idsOf(half), expected.slice(9_900, 9_950));
    const cut = await edge({ limit: '100', after: half.paging?.cursors.after ?? '' });
    assert.deepEqual(idsOf(cut), expected.slice(9_950, 10_000));
    assert.equal(cut.paging?.next, undefined);
    // `until` does not reach behind the cap either: rows 60…50 are the 9,990th to 10,000th most recent.
    const seconds = (row: number) => String(at(row) / 1000);
    const straddling = await edge({ until: seconds(60), limit: '100' });
    assert.deepEqual(idsOf(straddling), expected.slice(9_989, 10_000));
    assert.equal(straddling.paging?.next, undefined);
    assert.deepEqual(await edge({ until: seconds(49) }), { data: [] });
  });
});
