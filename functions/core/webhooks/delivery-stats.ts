/**
 * An endpoint's health over a window, from its logged attempts: success rate,
 * p50/p95 latency, attempts per hour, the last error, and the state its circuit
 * breaker would be in. Pure: the attempts and the clock come in.
 *
 * Test events (POST /subscriptions/{id}/test) are left out of every figure:
 * they are sent on request, not by the pipeline, and say nothing about how
 * deliveries fare.
 */
import { defaultBreakerPolicy, type BreakerPolicy } from './circuit-breaker.ts';
import type { CircuitView, DeliveryStats, HourlyCount } from './health-answers.ts';
import type { AttemptRecord } from './ports.ts';

export type { CircuitView, DeliveryStats, HourlyCount };

export const STATS_WINDOW_HOURS = 24;

export type StatsAttempt = Pick<AttemptRecord, 'at' | 'status' | 'durationMs' | 'error' | 'outcome' | 'deliveryId' | 'test'>;

const hourMs = 3600_000;

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * The breaker's state after these attempts (oldest first), by the same rules as
 * circuit-breaker.ts: `failureThreshold` failures in a row open it for
 * `openSeconds` from the last failure; then one probe may go through (half-open);
 * any success closes it.
 */
export function derivedCircuit(outcomes: ReadonlyArray<{ at: string; delivered: boolean }>, now: Date, policy: BreakerPolicy = defaultBreakerPolicy): CircuitView {
  let failuresInARow = 0;
  for (let i = outcomes.length - 1; i >= 0 && !outcomes[i]!.delivered; i--) failuresInARow++;
  if (failuresInARow < policy.failureThreshold) return { state: 'closed', failuresInARow, source: 'derived' };
  const until = Date.parse(outcomes[outcomes.length - 1]!.at) + policy.openSeconds * 1000;
  if (until > now.getTime()) return { state: 'open', failuresInARow, openUntil: new Date(until).toISOString(), source: 'derived' };
  return { state: 'half_open', failuresInARow, source: 'derived' };
}

/**
 * 1. keep the window's attempts that are not tests;
 * 2. count them, delivered or not, overall and per hour (24 buckets ending with the current hour);
 * 3. latency percentiles over every attempt's duration, the newest failure, the derived circuit.
 */
export function deliveryStats(attempts: readonly StatsAttempt[], now: Date, policy: BreakerPolicy = defaultBreakerPolicy): DeliveryStats {
  const to = now.getTime();
  const from = to - STATS_WINDOW_HOURS * hourMs;
  const real = attempts
    .filter((a) => !a.test && Date.parse(a.at) >= from && Date.parse(a.at) <= to)
    .sort((a, b) => a.at.localeCompare(b.at));
  const ok = (a: StatsAttempt) => a.outcome === 'delivered';
  const delivered = real.filter(ok).length;
  const durations = real.map((a) => a.durationMs).filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  const lastFailure = [...real].reverse().find((a) => !ok(a));

  const end = Math.ceil(to / hourMs) * hourMs;
  const hourly: HourlyCount[] = Array.from({ length: STATS_WINDOW_HOURS }, (_, i) => ({
    start: new Date(end - (STATS_WINDOW_HOURS - i) * hourMs).toISOString(),
    delivered: 0,
    failed: 0,
  }));
  for (const a of real) {
    const bucket = hourly[Math.floor((Date.parse(a.at) - (end - STATS_WINDOW_HOURS * hourMs)) / hourMs)];
    if (bucket) bucket[ok(a) ? 'delivered' : 'failed']++;
  }

  return {
    window: { from: new Date(from).toISOString(), to: now.toISOString(), hours: STATS_WINDOW_HOURS },
    attempts: real.length,
    delivered,
    failed: real.length - delivered,
    successRate: real.length ? delivered / real.length : null,
    latency: { p50Ms: percentile(durations, 50), p95Ms: percentile(durations, 95) },
    lastError: lastFailure
      ? {
          at: lastFailure.at,
          deliveryId: lastFailure.deliveryId,
          ...(lastFailure.status !== undefined ? { status: lastFailure.status } : {}),
          error: lastFailure.error ?? (lastFailure.status !== undefined ? `HTTP ${lastFailure.status}` : 'failed'),
        }
      : null,
    circuit: derivedCircuit(real.map((a) => ({ at: a.at, delivered: ok(a) })), now, policy),
    hourly,
  };
}
