// igloo's Prometheus metrics (issue 9): requests and latency per route and surface, the callback outbox's
// depth, tokens issued, and Node's default process metrics, in one registry per igloo (not prom-client's
// global one: tests run several igloos in one process). The HTTP layer feeds the request histogram
// (http/http-metrics.ts); GET /_igloo/metrics renders it all.
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { createRequestHistogram } from './request-histogram.ts';

/** Seconds; igloo's own answers take a millisecond or less, a fault rule's latency up to minutes. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const TOKEN_KINDS = ['short', 'long'] as const;

export type IssuedTokenKind = (typeof TOKEN_KINDS)[number];
/** Records one answer of a route: its method, its status and how long it took, in seconds. */
export type RouteRecorder = (method: string, statusCode: number, seconds: number) => void;

export interface MetricsSources {
  /** Deliveries waiting and given up in the callback outbox, read at each scrape. */
  outboxDepth(): Promise<{ pending: number; failed: number }>;
  info: { version: string; mode: string };
}

export function createIglooMetrics(sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = createRequestHistogram(registry, {
    name: 'igloo_http_request_duration_seconds',
    help: 'Requests and how long igloo took to answer them, by surface, route template, method and status class',
    buckets: LATENCY_BUCKETS,
  });
  const tokens = new Counter({ name: 'igloo_tokens_issued_total', help: 'Access tokens written, by kind (short-lived or long-lived)', labelNames: ['kind'] as const, registers: [registry] });
  for (const kind of TOKEN_KINDS) tokens.labels(kind).inc(0);
  new Gauge({
    name: 'igloo_callback_outbox_deliveries',
    help: 'Deauthorize and Data Deletion callbacks in the outbox: pending (waiting to be sent or retried) and failed (given up)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const depth = await sources.outboxDepth();
      this.labels('pending').set(depth.pending);
      this.labels('failed').set(depth.failed);
    },
  });
  new Gauge({ name: 'igloo_info', help: "igloo's version and mode (always 1)", labelNames: ['version', 'mode'] as const, registers: [registry] })
    .labels(sources.info.version, sources.info.mode)
    .set(1);

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),

    /**
     * The recorder of one route, made once when the route is registered: it keeps the series of each
     * method and status class it has seen, so an answer costs a map lookup by method, an array index
     * and an observe (no label join or hashing per request).
     */
    routeRecorder(surface: string, route: string): RouteRecorder {
      const byMethod = new Map<string, ((seconds: number) => void)[]>();
      return (method, statusCode, seconds) => {
        let children = byMethod.get(method);
        if (children === undefined) byMethod.set(method, (children = []));
        const statusClass = Math.trunc(statusCode / 100);
        (children[statusClass] ??= requests.series({ surface, route, method, status_class: `${statusClass}xx` }))(seconds);
      };
    },

    tokenIssued(kind: IssuedTokenKind): void {
      tokens.labels(kind).inc();
    },
  };
}

export type IglooMetrics = ReturnType<typeof createIglooMetrics>;
