/**
 * How the month's articles fall into publish batches, for a batching window of W seconds.
 *
 * Arrivals: a Poisson process, at a rate that may vary by hour of the day (`hourlyShare`, 24 shares
 * summing to 1; a flat profile is the mean rate all day). The stream's event source, once it holds a
 * record, waits W seconds (or until `batchSize` records) and invokes publish with what has arrived, so a
 * batch is its first article plus the Poisson number of arrivals within the window:
 * K = 1 + Poisson(λW), capped at `batchSize`; batches follow one another as a renewal process, so an hour
 * with n articles at rate λ has n / E[K] batches. Two simplifications, both on the side of more batches:
 * a record arriving while an invocation runs waits for the next batch anyway (so W = 0 still coalesces
 * what arrives during a render, which is not counted here), and the window is taken per table stream,
 * not per shard (a busier table splits its stream into shards, each batching on its own).
 *
 * For a given mean, a flat profile gives the most batches: a busy hour packs more articles per batch
 * than a quiet hour loses (λ / (1 + λW) is concave in λ), so peaks only lower the bill.
 */

export interface Arrivals {
  articlesPerMonth: number;
  /** Share of a day's articles in each hour (24 numbers summing to 1). */
  hourlyShare: readonly number[];
  /** Days in the month. */
  days: number;
  /** The event source's most records per batch. */
  batchSize: number;
}

export const flatDay: readonly number[] = Array.from({ length: 24 }, () => 1 / 24);

/**
 * A newsroom day: two thirds of the copy in the twelve working hours (06–18), the rest spread over the
 * night, for a peak rate four times the trough. An illustration of a peaked day, not a measurement.
 */
export const newsroomDay: readonly number[] = Array.from({ length: 24 }, (_, h) => (h >= 6 && h < 18 ? 2 / 3 / 12 : 1 / 3 / 12));

/** P(K = k) for k = 1..cap, with K = 1 + Poisson(mean) and everything beyond `cap` folded into `cap`. */
export function batchSizePmf(mean: number, cap: number): number[] {
  const pmf = new Array<number>(cap + 1).fill(0);
  let p = Math.exp(-mean);
  let total = 0;
  for (let n = 0; n < cap - 1; n++) {
    pmf[n + 1] = p;
    total += p;
    p *= mean / (n + 1);
  }
  pmf[cap] = Math.max(0, 1 - total);
  return pmf;
}

export interface BatchCounts {
  /** Publish invocations in the month. */
  batches: number;
  /** Batches of each size in the month (index = articles in the batch). */
  bySize: number[];
  /** Articles per batch, on average over the month. */
  meanSize: number;
}

/** The month's batches for a window of `windowSeconds`. */
export function monthlyBatches(a: Arrivals, windowSeconds: number): BatchCounts {
  const bySize = new Array<number>(a.batchSize + 1).fill(0);
  const hourSeconds = 3600;
  for (const share of a.hourlyShare) {
    const articles = a.articlesPerMonth * share;
    if (articles === 0) continue;
    const rate = articles / a.days / hourSeconds;
    const pmf = batchSizePmf(rate * windowSeconds, a.batchSize);
    const meanSize = pmf.reduce((sum, p, k) => sum + p * k, 0);
    const batches = articles / meanSize;
    pmf.forEach((p, k) => (bySize[k]! += batches * p));
  }
  const batches = bySize.reduce((s, n) => s + n, 0);
  return { batches, bySize, meanSize: a.articlesPerMonth / batches };
}
