// The bench's load generator, run as its own process so it never shares an event loop with a server
// under test (DESIGN.md §8). Reads a LoadPlan from argv[2] (JSON), loads each target in turn with
// autocannon (a warm-up run, then the measured run), and prints a JSON array of LoadResult on stdout.
// A target GETs with seeded tokens, reused, or POSTs a form with seeded single-use codes, each sent once.
import { readFileSync } from 'node:fs';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadTarget {
  name: string;
  /**
   * `http://127.0.0.1:<port>`; several (GET targets only) split the connections evenly between them, run
   * at once, and count as one target: their combined requests/s and one p99 over all responses.
   */
  origin: string | string[];
  /** Request path; `{token}` becomes one of the seeded tokens (each connection cycles through its share). */
  path: string;
  /**
   * Makes the target a urlencoded POST of `body`, whose `{code}` becomes one of the lines of `codesFile`.
   * Codes are single-use: each is sent once in the whole load, warm-up included, and never cycled.
   */
  form?: { body: string; codesFile: string };
}

export interface LoadPlan {
  targets: LoadTarget[];
  tokensFile: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  /** Responses that were not 2xx, and connection errors: either makes the figures meaningless. */
  failures: number;
}

interface Measured {
  /** 2xx responses. */
  ok: number;
  failures: number;
  p99Ms: number;
  /** From autocannon's 'start' event: its own `duration` also counts building the requests (~8 µs each). */
  loadSeconds: number;
}

/** One run's requests, a list for each connection. */
interface Hands {
  lists: autocannon.Request[][];
  /** Single-use requests: a connection stops at the end of its list, and this turns true if one got there. */
  ranOut?: () => boolean;
}

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

const readLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Deals the tokens, shuffled, to the connections: each connection cycles through its own pre-built
 * requests. (A `setupRequest` that picks a random token rebuilds every request and costs the load
 * generator ~40% of its throughput, which on 2 cores caps the bare baseline and flatters the ratio.)
 */
function tokenHands(target: LoadTarget, tokens: string[], connections: number): Hands {
  const lists: autocannon.Request[][] = Array.from({ length: Math.min(connections, tokens.length) }, () => []);
  shuffled(tokens).forEach((token, i) => lists[i % lists.length]?.push({ method: 'GET', path: target.path.replace('{token}', token) }));
  return { lists };
}

/** Deals the codes in equal, disjoint lists, one a connection; the last of each list notes that it was used. */
function codeHands(target: LoadTarget, form: NonNullable<LoadTarget['form']>, codes: string[], connections: number): Hands {
  const perConnection = Math.floor(codes.length / connections);
  if (perConnection === 0) throw new Error(`${target.name}: ${codes.length} codes for ${connections} connections`);
  let ranOut = false;
  const lists = Array.from({ length: connections }, (_, c) =>
    codes.slice(c * perConnection, (c + 1) * perConnection).map(
      (code, i): autocannon.Request => ({
        method: 'POST',
        path: target.path,
        headers: FORM_HEADERS,
        body: form.body.replace('{code}', encodeURIComponent(code)),
        ...(i === perConnection - 1 && { onResponse: () => (ranOut = true) }),
      }),
    ),
  );
  return { lists, ranOut: () => ranOut };
}

interface Run {
  result: autocannon.Result;
  startedAt: number;
  endedAt: number;
}

/** One autocannon instance against one origin; its latencies go into `latencyMicros`. */
function runAgainst(origin: string, hands: Hands, connections: number, seconds: number, latencyMicros: RecordableHistogram): Promise<Run> {
  let dealt = 0;
  let startedAt = 0;
  return new Promise<Run>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        setupClient: (client) => client.setRequests(hands.lists[dealt++ % hands.lists.length] ?? []),
        // Ends a connection after its list of single-use requests instead of sending them again.
        ...(hands.ranOut && { maxConnectionRequests: hands.lists[0]?.length }),
      },
      (error: Error | null, result) => (error ? reject(error) : resolve({ result, startedAt, endedAt: performance.now() })),
    );
    instance.on('start', () => (startedAt = performance.now()));
    instance.on('response', (_client, _statusCode, _bytes, responseTimeMs) => latencyMicros.record(Math.max(1, Math.round(responseTimeMs * 1000))));
  });
}

/**
 * One run against each of the target's origins at once, `connections` split between them; latency goes
 * into a microsecond histogram, since autocannon's rounds to whole ms.
 */
async function runOnce(target: LoadTarget, hands: (connections: number) => Hands, connections: number, seconds: number): Promise<Measured> {
  const origins = typeof target.origin === 'string' ? [target.origin] : target.origin;
  const latencyMicros = createHistogram();
  const shares = origins.map((_, i) => Math.floor(connections / origins.length) + (i < connections % origins.length ? 1 : 0));
  const dealt = shares.map((share) => hands(share));
  const runs = await Promise.all(origins.map((origin, i) => runAgainst(origin, dealt[i] as Hands, shares[i] ?? 1, seconds, latencyMicros)));
  for (const h of dealt) if (h.ranOut?.()) throw new Error(`${target.name}: a connection used up its ${h.lists[0]?.length} codes within ${seconds} s; seed more`);
  const sum = (field: 'non2xx' | 'errors' | '2xx') => runs.reduce((total, run) => total + run.result[field], 0);
  const loadSeconds = (Math.max(...runs.map((r) => r.endedAt)) - Math.min(...runs.map((r) => r.startedAt))) / 1000;
  return { ok: sum('2xx'), failures: sum('non2xx') + sum('errors'), p99Ms: latencyMicros.percentile(99) / 1000, loadSeconds };
}

async function measure(target: LoadTarget, tokens: string[], plan: LoadPlan): Promise<LoadResult> {
  // Codes go to the warm-up and the measured run in proportion to their length.
  const codes = target.form ? readLines(target.form.codesFile) : [];
  const warmupCodes = Math.floor((codes.length * plan.warmupSeconds) / (plan.warmupSeconds + plan.durationSeconds));
  if (target.form && typeof target.origin !== 'string') throw new Error(`${target.name}: single-use codes go to one origin`);
  const hands = (from: number, to: number) => (connections: number) =>
    target.form ? codeHands(target, target.form, codes.slice(from, to), connections) : tokenHands(target, tokens, connections);
  if (plan.warmupSeconds > 0) {
    process.stderr.write(`bench: warming up ${target.name} (${plan.warmupSeconds} s)\n`);
    await runOnce(target, hands(0, warmupCodes), plan.connections, plan.warmupSeconds);
  }
  process.stderr.write(`bench: loading ${target.name} (${plan.durationSeconds} s, ${plan.connections} connections)\n`);
  const { ok, failures, p99Ms, loadSeconds } = await runOnce(target, hands(warmupCodes, codes.length), plan.connections, plan.durationSeconds);
  return { name: target.name, requestsPerSecond: ok / loadSeconds, p99Ms, failures };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
  const tokens = readLines(plan.tokensFile);
  if (tokens.length === 0) throw new Error(`no tokens in ${plan.tokensFile}`);
  const results: LoadResult[] = [];
  for (const target of plan.targets) results.push(await measure(target, tokens, plan));
  process.stdout.write(JSON.stringify(results) + '\n');
}

await main();
