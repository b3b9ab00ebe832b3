/**
 * An endpoint's health: the API's figures (success rate, p95 latency, last
 * error, circuit state) and a chart of the last 24 hours, one bar per hour,
 * successful attempts in green under failed ones in red. The chart is drawn
 * from the attempts themselves, so it says exactly what the log below it says.
 */
import { formatMs, formatRate, formatTime } from '../format.ts';
import type { Attempt, Stats } from '../model.ts';

const hour = 3600_000;
export const delivered = (a: Pick<Attempt, 'outcome'>) => a.outcome === 'delivered';

export interface HourBucket {
  start: number;
  ok: number;
  failed: number;
}

/** 24 hourly buckets ending at `now`, oldest first. */
export function hourlyBuckets(attempts: Attempt[], now: number): HourBucket[] {
  const end = Math.ceil(now / hour) * hour;
  const buckets: HourBucket[] = Array.from({ length: 24 }, (_, i) => ({ start: end - (24 - i) * hour, ok: 0, failed: 0 }));
  for (const a of attempts) {
    const at = Date.parse(a.at);
    const index = Math.floor((at - (end - 24 * hour)) / hour);
    const bucket = buckets[index];
    if (!bucket) continue;
    if (delivered(a)) bucket.ok++;
    else bucket.failed++;
  }
  return buckets;
}

function p95Of(attempts: Attempt[]): number | undefined {
  const sorted = attempts.map((a) => a.durationMs).filter((d) => typeof d === 'number').sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] : undefined;
}

function circuitOf(stats: Stats | undefined): string {
  const c = stats?.circuit;
  return (typeof c === 'string' ? c : c?.state) ?? 'not reported';
}

function lastErrorOf(stats: Stats | undefined, attempts: Attempt[]): string {
  const e = stats?.lastError;
  if (typeof e === 'string') return e;
  if (e) return describeFailure(e.status, e.error ?? e.message, e.at);
  const failed = attempts.find((a) => !delivered(a));
  return failed ? describeFailure(failed.status, failed.error, failed.at) : 'none';
}

/** "HTTP 500: the body said..." without saying HTTP 500 twice. */
function describeFailure(status: number | undefined, error: string | undefined, at: string | undefined): string {
  const code = status ? `HTTP ${status}` : '';
  const text = error && error !== code ? error : '';
  return [code, text, at ? `at ${formatTime(at)}` : ''].filter(Boolean).join(', ');
}

export function Health({ stats, attempts, now }: { stats?: Stats | undefined; attempts: Attempt[]; now: number }) {
  const recent = attempts.filter((a) => Date.parse(a.at) > now - 24 * hour);
  const okCount = recent.filter(delivered).length;
  const rate = stats?.successRate ?? (recent.length ? okCount / recent.length : undefined);
  const p95 = stats?.p95Ms ?? stats?.p95 ?? stats?.latency?.p95 ?? p95Of(recent);
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">Health, last 24 hours</h2>
      <dl class="figures" data-testid="health">
        <div><dt>Success rate</dt><dd data-testid="success-rate">{formatRate(rate)}</dd></div>
        <div><dt>p95 latency</dt><dd>{formatMs(p95)}</dd></div>
        <div><dt>Attempts</dt><dd>{stats?.attempts ?? recent.length}</dd></div>
        <div><dt>Circuit</dt><dd data-testid="circuit">{circuitOf(stats)}</dd></div>
      </dl>
      <p>Last error: <span data-testid="last-error">{lastErrorOf(stats, recent)}</span></p>
      <Chart buckets={hourlyBuckets(recent, now)} />
    </section>
  );
}

function Chart({ buckets }: { buckets: HourBucket[] }) {
  const width = 480;
  const height = 120;
  const top = 8;
  const bottom = 20;
  const barWidth = width / buckets.length;
  const max = Math.max(1, ...buckets.map((b) => b.ok + b.failed));
  const scale = (n: number) => ((height - top - bottom) * n) / max;
  const total = buckets.reduce((n, b) => n + b.ok + b.failed, 0);
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Delivery attempts per hour over the last 24 hours</title>
        <desc id="chart-desc">{`${total} attempts, ${failed} of them failed; the busiest hour had ${max === 1 && total === 0 ? 0 : max}.`}</desc>
        {buckets.map((b, i) => {
          const okHeight = scale(b.ok);
          const badHeight = scale(b.failed);
          const x = i * barWidth + 1;
          const base = height - bottom;
          return (
            <g key={b.start}>
              {b.ok ? <rect class="ok" x={x} width={barWidth - 2} y={base - okHeight} height={okHeight} /> : null}
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
