/**
 * The page pass's month (functions/publish/page-pass.ts): how many listing pages it renders, in how many
 * invocations, and what they cost, from
 * - the arrival model (./arrivals.ts), applied to the pages queue's window: an invocation is its first
 *   message plus what arrives within the window, taken here as 1 + Poisson(λW) articles. The first
 *   message stands for a whole publish batch (1.8 articles on average at the deployed 2 s), so this
 *   counts slightly fewer articles an invocation than there are, hence more pages per article: an upper bound;
 * - the feeds each article touches, measured: each text of the run's mix puts its article in the feeds
 *   ingest tagged it with (./measure.ts `feedsOfTexts`), the texts drawn uniformly as the run draws them.
 *   Of k articles, feed f is among the pages due with probability 1 − (1 − p_f)^k, p_f the share of
 *   texts in it, so an invocation renders Σ_f 1 − (1 − p_f)^k pages;
 * - what one page costs, measured: the run's page pass invocations, one after each measured batch, over
 *   the pages they rendered (their fixed part, spread over the ~20 pages of a measured batch rather than
 *   the ~60 of a real minute, errs high too).
 * One gatherer is assumed: should the event source's pollers split a window's messages between them, each
 * gathers a share, which is the same as a shorter window (five pollers at 60 s: the 12 s row of `npm run cost`).
 */
import { monthlyBatches, type BatchCounts } from './arrivals.ts';
import { emptyTally, type Tally } from './meter.ts';

/** What the page pass model needs from a measured run (absent in runs made before the page pass). */
export interface MeasuredPages {
  pagePass?: { pages: number; invocations: number; tally: Tally; cpuMs: number };
  feedsOfTexts?: string[][];
}

/** Expected distinct feeds among `k` articles, each a uniform draw from the texts' feed sets. */
export function expectedDistinctFeeds(feedsOfTexts: readonly (readonly string[])[], k: number): number {
  if (feedsOfTexts.length === 0 || k <= 0) return 0;
  const share = new Map<string, number>();
  for (const feeds of feedsOfTexts) for (const feed of new Set(feeds)) share.set(feed, (share.get(feed) ?? 0) + 1 / feedsOfTexts.length);
  let sum = 0;
  for (const p of share.values()) sum += 1 - (1 - Math.min(1, p)) ** k;
  return sum;
}

/** Largest invocation the model spreads articles over: beyond any window's Poisson tail at the scenario's rates. */
const ARTICLES_CAP = 5000;

export interface MonthlyPages {
  counts: BatchCounts;
  pages: number;
  /** Every page's requests. */
  tally: Tally;
  /** Billed milliseconds of all the page pass's invocations. */
  billedMs: number;
}

/**
 * The month's page pass for a window: pages and their measured per-page cost; `billedMsOf` prices one
 * page's requests and CPU as the model prices a publish invocation (model.ts `billedMs`).
 */
export function monthlyPagesOf(
  m: MeasuredPages,
  arrivals: Parameters<typeof monthlyBatches>[0],
  windowSeconds: number,
  weighted: (parts: ReadonlyArray<readonly [number, Tally]>) => Tally,
  billedMsOf: (t: Tally, cpuMs: number) => number,
): MonthlyPages {
  const counts = monthlyBatches({ ...arrivals, batchSize: ARTICLES_CAP }, windowSeconds);
  const measured = m.pagePass;
  if (!measured || measured.pages === 0 || !m.feedsOfTexts) return { counts: { batches: 0, bySize: [], meanSize: 0 }, pages: 0, tally: emptyTally(), billedMs: 0 };
  let pages = 0;
  counts.bySize.forEach((n, k) => {
    if (n > 0 && k > 0) pages += n * expectedDistinctFeeds(m.feedsOfTexts!, k);
  });
  const perPage = weighted([[1 / measured.pages, measured.tally]]);
  return { counts, pages, tally: weighted([[pages, perPage]]), billedMs: pages * billedMsOf(perPage, measured.cpuMs / measured.pages) };
}
