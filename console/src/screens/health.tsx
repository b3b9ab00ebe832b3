/**
 * An endpoint's health, as `GET /subscriptions/{id}/stats` gives it for the
 * last 24 hours (test events left out): success rate, p50 and p95 latency,
 * attempts, last error, circuit state, and a chart with one bar per hour,
 * delivered attempts in green under failed ones in red.
 */
import { formatMs, formatRate, formatTime } from '../format.ts';
import type { Stats } from '../model.ts';

const circuitWords: Record<Stats['circuit']['state'], string> = {
  closed: 'closed (deliveries go through)',
  open: 'open (deliveries held back)',
  half_open: 'half-open (the next delivery is a probe)',
};

export function circuitOf(circuit: Stats['circuit']): string {
  const words = circuitWords[circuit.state] ?? circuit.state;
  return circuit.state === 'open' && circuit.openUntil ? `${words} until ${formatTime(circuit.openUntil)}` : words;
}

/** "HTTP 500 at …", or the error when it says more than the status. */
export function lastErrorOf(stats: Stats): string {
  const e = stats.lastError;
  if (!e) return 'none';
  const code = e.status ? `HTTP ${e.status}` : '';
  const text = e.error && e.error !== code ? e.error : '';
  return [code, text, `at ${formatTime(e.at)}`].filter(Boolean).join(', ');
}

export function Health({ stats }: { stats: Stats }) {
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">Health, last 24 hours</h2>
      <dl class="figures" data-testid="health">
        <div><dt>Success rate</dt><dd data-testid="success-rate">{formatRate(stats.successRate ?? undefined)}</dd></div>
        <div><dt>p50 latency</dt><dd>{formatMs(stats.latency.p50Ms ?? undefined)}</dd></div>
        <div><dt>p95 latency</dt><dd data-testid="p95">{formatMs(stats.latency.p95Ms ?? undefined)}</dd></div>
        <div><dt>Attempts</dt><dd data-testid="attempt-count">{stats.complete ? stats.attempts : `${stats.attempts}+`}</dd></div>
      </dl>
      <p>Circuit: <span data-testid="circuit">{circuitOf(stats.circuit)}</span>{stats.circuitNote ? <span class="hint">{stats.circuitNote}</span> : null}</p>
      <p>Last error: <span data-testid="last-error">{lastErrorOf(stats)}</span></p>
      {stats.complete ? null : <p class="hint">The day held more than {stats.readLimit} attempts: the figures cover the newest {stats.readLimit}.</p>}
      <Chart hourly={stats.hourly} />
    </section>
  );
}

function Chart({ hourly }: { hourly: Stats['hourly'] }) {
  const width = 480;
  const height = 120;
  const top = 8;
  const bottom = 20;
  const barWidth = width / Math.max(1, hourly.length);
  const max = Math.max(1, ...hourly.map((b) => b.delivered + b.failed));
  const scale = (n: number) => ((height - top - bottom) * n) / max;
  const total = hourly.reduce((n, b) => n + b.delivered + b.failed, 0);
  const failed = hourly.reduce((n, b) => n + b.failed, 0);
  const busiest = total === 0 ? 0 : max;
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Delivery attempts per hour over the last 24 hours</title>
        <desc id="chart-desc">{`${total} attempts, ${failed} of them failed; the busiest hour had ${busiest}.`}</desc>
        {hourly.map((b, i) => {
          const okHeight = scale(b.delivered);
          const badHeight = scale(b.failed);
          const x = i * barWidth + 1;
          const base = height - bottom;
          return (
            <g key={b.start}>
              {b.delivered ? <rect class="ok" x={x} width={barWidth - 2} y={base - okHeight} height={okHeight} /> : null}
              {b.failed ? <rect class="bad" x={x} width={barWidth - 2} y={base - okHeight - badHeight} height={badHeight} /> : null}
            </g>
          );
        })}
        <line class="axis" x1={0} x2={width} y1={height - bottom} y2={height - bottom} />
        <text x={0} y={height - 6}>24 h ago</text>
        <text x={width} y={height - 6} text-anchor="end">now</text>
      </svg>
      <figcaption class="key">
        <span><span class="swatch ok" aria-hidden="true"></span>delivered</span>
        <span><span class="swatch bad" aria-hidden="true"></span>failed</span>
      </figcaption>
    </figure>
  );
}
