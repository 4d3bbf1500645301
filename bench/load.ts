// The bench's load generator, run as its own process so it never shares an event loop with a server
// under test (DESIGN.md §8). Reads a LoadPlan from argv[2] (JSON), loads each target in turn with
// autocannon (a warm-up run, then the measured run), and prints a JSON array of LoadResult on stdout.
// A target GETs with seeded tokens, reused, or POSTs a form with seeded single-use codes, each sent once.
import { readFileSync } from 'node:fs';
import { createHistogram, performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadTarget {
  name: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
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
  result: autocannon.Result;
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

/** One autocannon run; latency goes into a microsecond histogram, since autocannon's rounds to whole ms. */
async function runOnce(target: LoadTarget, hands: Hands, connections: number, seconds: number): Promise<Measured> {
  const latencyMicros = createHistogram();
  let dealt = 0;
  let startedAt = 0;
  const measured = await new Promise<Measured>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.origin,
        connections,
        duration: seconds,
        setupClient: (client) => client.setRequests(hands.lists[dealt++ % hands.lists.length] ?? []),
        // Ends a connection after its list of single-use requests instead of sending them again.
        ...(hands.ranOut && { maxConnectionRequests: hands.lists[0]?.length }),
      },
      (error: Error | null, result) =>
        error ? reject(error) : resolve({ result, p99Ms: latencyMicros.percentile(99) / 1000, loadSeconds: (performance.now() - startedAt) / 1000 }),
    );
    instance.on('start', () => (startedAt = performance.now()));
    instance.on('response', (_client, _statusCode, _bytes, responseTimeMs) => latencyMicros.record(Math.max(1, Math.round(responseTimeMs * 1000))));
  });
  if (hands.ranOut?.()) throw new Error(`${target.name}: a connection used up its ${hands.lists[0]?.length} codes within ${seconds} s; seed more`);
  return measured;
}

async function measure(target: LoadTarget, tokens: string[], plan: LoadPlan): Promise<LoadResult> {
  // Codes go to the warm-up and the measured run in proportion to their length.
  const codes = target.form ? readLines(target.form.codesFile) : [];
  const warmupCodes = Math.floor((codes.length * plan.warmupSeconds) / (plan.warmupSeconds + plan.durationSeconds));
  const hands = (from: number, to: number) => (target.form ? codeHands(target, target.form, codes.slice(from, to), plan.connections) : tokenHands(target, tokens, plan.connections));
  if (plan.warmupSeconds > 0) {
    process.stderr.write(`bench: warming up ${target.name} (${plan.warmupSeconds} s)\n`);
    await runOnce(target, hands(0, warmupCodes), plan.connections, plan.warmupSeconds);
  }
  process.stderr.write(`bench: loading ${target.name} (${plan.durationSeconds} s, ${plan.connections} connections)\n`);
  const { result, p99Ms, loadSeconds } = await runOnce(target, hands(warmupCodes, codes.length), plan.connections, plan.durationSeconds);
  return {
    name: target.name,
    requestsPerSecond: result['2xx'] / loadSeconds,
    p99Ms,
    failures: result.non2xx + result.errors,
  };
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
