// The bench's load generator, run as its own process so it never shares an event loop with a server
// under test (DESIGN.md §8). Reads a LoadPlan from argv[2] (JSON), loads each target in turn with
// autocannon (a warm-up run, then the measured run), and prints a JSON array of LoadResult on stdout.
import { readFileSync } from 'node:fs';
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadTarget {
  name: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Request path; `{token}` becomes one of the seeded tokens (each connection cycles through its share). */
  path: string;
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
}

/**
 * Deals the tokens, shuffled, to the connections: each connection cycles through its own pre-built
 * requests. (A `setupRequest` that picks a random token rebuilds every request and costs the load
 * generator ~40% of its throughput, which on 2 cores caps the bare baseline and flatters the ratio.)
 */
function dealRequests(target: LoadTarget, tokens: string[], connections: number): autocannon.Request[][] {
  const shuffled = [...tokens];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
  }
  const hands: autocannon.Request[][] = Array.from({ length: Math.min(connections, shuffled.length) }, () => []);
  shuffled.forEach((token, i) => hands[i % hands.length]?.push({ method: 'GET', path: target.path.replace('{token}', token) }));
  return hands;
}

/** One autocannon run; latency goes into a microsecond histogram, since autocannon's rounds to whole ms. */
function runOnce(target: LoadTarget, tokens: string[], connections: number, seconds: number): Promise<Measured> {
  const latencyMicros = createHistogram();
  const hands = dealRequests(target, tokens, connections);
  let dealt = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.origin,
        connections,
        duration: seconds,
        setupClient: (client) => client.setRequests(hands[dealt++ % hands.length] ?? []),
      },
      (error: Error | null, result) => (error ? reject(error) : resolve({ result, p99Ms: latencyMicros.percentile(99) / 1000 })),
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTimeMs) => latencyMicros.record(Math.max(1, Math.round(responseTimeMs * 1000))));
  });
}

async function measure(target: LoadTarget, tokens: string[], plan: LoadPlan): Promise<LoadResult> {
  if (plan.warmupSeconds > 0) {
    process.stderr.write(`bench: warming up ${target.name} (${plan.warmupSeconds} s)\n`);
    await runOnce(target, tokens, plan.connections, plan.warmupSeconds);
  }
  process.stderr.write(`bench: loading ${target.name} (${plan.durationSeconds} s, ${plan.connections} connections)\n`);
  const { result, p99Ms } = await runOnce(target, tokens, plan.connections, plan.durationSeconds);
  return {
    name: target.name,
    requestsPerSecond: result['2xx'] / result.duration,
    p99Ms,
    failures: result.non2xx + result.errors,
  };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
  const tokens = readFileSync(plan.tokensFile, 'utf8').split('\n').filter(Boolean);
  if (tokens.length === 0) throw new Error(`no tokens in ${plan.tokensFile}`);
  const results: LoadResult[] = [];
  for (const target of plan.targets) results.push(await measure(target, tokens, plan));
  process.stdout.write(JSON.stringify(results) + '\n');
}

await main();
