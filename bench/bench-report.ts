// What `npm run bench` prints: each scenario against the bare node:http baseline, startup time and peak
// memory, next to the targets of DESIGN.md §8; as a table, or as one JSON object with --json.

export interface ScenarioFigures {
  name: string;
  rps: number;
  p99_ms: number;
  baseline_rps: number;
  ratio: number;
}

export interface BenchReport {
  scenarios: ScenarioFigures[];
  startup_ms: number;
  peak_rss_mb: number;
  /** rps of the uncached media page at 10k rows ÷ rps at 1M rows. */
  media_slowdown: number;
}

const MEDIA_SCENARIO = 'GET /graph/me/media (25 items)';

/** `GET /graph/me/media (25 items), 1M media rows[, uncached]`. */
export const mediaScenario = (rows: '10k' | '1M', cache?: 'uncached') => `${MEDIA_SCENARIO}, ${rows} rows${cache ? ', uncached' : ''}`;

export const CODE_EXCHANGE_SCENARIO = 'POST /oauth/access_token (code exchange)';

/** DESIGN.md §8, for the scenarios this bench runs. */
export const TARGETS = {
  scenarios: {
    'GET /graph/me?fields=id,username': { minRatio: 0.5, maxP99Ms: 3 },
    [mediaScenario('10k')]: { minRatio: 0.15, maxP99Ms: Infinity },
    [mediaScenario('1M')]: { minRatio: 0.15, maxP99Ms: Infinity },
    [CODE_EXCHANGE_SCENARIO]: { minRatio: 0.05, maxP99Ms: Infinity },
  } as Record<string, { minRatio: number; maxP99Ms: number }>,
  /** The media page at 1M rows may be at most 1.25 × slower than at 10k (measured without the read cache). */
  maxMediaSlowdown: 1.25,
  maxStartupMs: 1000,
  maxPeakRssMb: 150,
};

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function scenarioFigures(name: string, rps: number, p99Ms: number, baselineRps: number): ScenarioFigures {
  return { name, rps: Math.round(rps), p99_ms: round(p99Ms, 2), baseline_rps: Math.round(baselineRps), ratio: round(rps / baselineRps, 3) };
}

export function benchReport(scenarios: ScenarioFigures[], startupMs: number, peakRssMb: number): BenchReport {
  const rpsOf = (name: string) => scenarios.find((s) => s.name === name)?.rps ?? NaN;
  const slowdown = rpsOf(mediaScenario('10k', 'uncached')) / rpsOf(mediaScenario('1M', 'uncached'));
  return { scenarios, startup_ms: Math.round(startupMs), peak_rss_mb: round(peakRssMb, 1), media_slowdown: round(slowdown, 3) };
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
}

export function formatTable(report: BenchReport): string {
  const rows = [['scenario', 'req/s', 'p99 ms', 'bare req/s', 'ratio', 'target', '']];
  for (const s of report.scenarios) {
    const target = TARGETS.scenarios[s.name];
    rows.push([
      s.name,
      String(s.rps),
      s.p99_ms.toFixed(2),
      String(s.baseline_rps),
      s.ratio.toFixed(3),
      target ? `ratio ≥ ${target.minRatio}${Number.isFinite(target.maxP99Ms) ? `, p99 ≤ ${target.maxP99Ms} ms` : ''}` : '-',
      target ? verdict(s.ratio >= target.minRatio && s.p99_ms <= target.maxP99Ms) : '',
    ]);
  }
  rows.push(['uncached media page slowdown, 1M vs 10k rows', `${report.media_slowdown}×`, '', '', '', `≤ ${TARGETS.maxMediaSlowdown}×`, verdict(report.media_slowdown <= TARGETS.maxMediaSlowdown)]);
  rows.push(['process start to first request', `${report.startup_ms} ms`, '', '', '', `≤ ${TARGETS.maxStartupMs} ms`, verdict(report.startup_ms <= TARGETS.maxStartupMs)]);
  rows.push(['peak RSS of igloo (VmHWM)', `${report.peak_rss_mb} MB`, '', '', '', `≤ ${TARGETS.maxPeakRssMb} MB`, verdict(report.peak_rss_mb <= TARGETS.maxPeakRssMb)]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => row(r, widths)).join('\n');
}
