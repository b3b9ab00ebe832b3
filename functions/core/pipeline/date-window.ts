/**
 * Dates of record against the clock (the parsers already refuse dates before
 * 1900 without one): a publication time more than a day ahead of now (or of
 * the article's own embargo) would pin the article to the top of every feed,
 * and an embargo more than a year ahead is a mistake, not a plan.
 */
import { ArticleRefused } from '../article/errors.ts';
import { dateLimits } from '../article/limits.ts';

const day = (ms: number) => Math.round(ms / (24 * 3600 * 1000));

export function checkDateWindow(dates: { publishedAt?: string | undefined; embargoUntil?: string | undefined }, now: Date | string): void {
  const clock = new Date(now).getTime();
  const embargo = dates.embargoUntil === undefined ? undefined : Date.parse(dates.embargoUntil);
  if (embargo !== undefined && embargo > clock + dateLimits.embargoAheadMs) {
    throw new ArticleRefused(
      'date_out_of_range',
      `embargoUntil ${dates.embargoUntil} is more than ${day(dateLimits.embargoAheadMs)} days ahead; embargoes may lie up to that far in the future`,
    );
  }
  if (dates.publishedAt === undefined) return;
  const latest = Math.max(clock, embargo ?? clock) + dateLimits.publishedAheadMs;
  if (Date.parse(dates.publishedAt) > latest) {
    throw new ArticleRefused(
      'date_out_of_range',
      `publishedAt ${dates.publishedAt} is in the future: it may be at most a day after now (or after embargoUntil); to publish later, send embargoUntil instead`,
    );
  }
}
