/**
 * Which feeds one article change can alter: every feed the article was listed
 * in before (it may have left them: withdrawal, a dropped tag, a new
 * publisher) and every feed it is listed in now. A change that is invisible
 * before and after (an embargoed article rewritten) alters no feed.
 */
import type { Article } from '../article/schema.ts';
import { feedsOf, type FeedKey } from './keys.ts';

const listed = (article: Article | undefined): FeedKey[] => (article?.status === 'published' ? feedsOf(article) : []);

export function feedsTouchedBy(before: Article | undefined, after: Article | undefined): FeedKey[] {
  return [...new Set([...listed(before), ...listed(after)])];
}
