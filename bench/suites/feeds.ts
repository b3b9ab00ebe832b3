/**
 * Feed rendering throughput, against the npm `feed` package on the same
 * 1,000 articles in the same run (`feeds.vsFeedPackage` = ours ÷ theirs; > 1
 * means we are faster). Both sides start from `Article` objects and produce a
 * complete RSS 2.0 document, so the comparison includes building the items.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Feed } from 'feed';
import type { Article } from '../../functions/core/article/schema.ts';
import { renderRss } from '../../functions/core/feeds/rss.ts';
import { feedView, type FeedSettings } from '../../functions/core/feeds/view.ts';

export const name = 'feeds';

const ITEMS = 1000;
const settings: FeedSettings = {
  feedsBaseUrl: 'https://feeds.example.com',
  publicBaseUrl: 'https://api.example.com',
  siteTitle: 'Syndicate',
  idAuthority: 'feeds.example.com,2025',
  hubUrl: 'https://hub.example.com/',
  itemLimit: ITEMS,
};

const sentence = 'Coalition engineers said on Tuesday that clearance of the “old quarter” would take months & more – perhaps years.';

/** A plausible news article: five paragraphs of ~100 words, a handful of tags. */
export function syntheticArticle(i: number): Article {
  const body = Array.from({ length: 5 }, (_, p) => `${sentence} Paragraph ${p + 1} of article ${i}. ${sentence} ${sentence}`);
  const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
  return {
    id: `bench-${String(i).padStart(6, '0')}`,
    version: 1,
    status: 'published',
    fingerprint: createHash('sha256').update(String(i)).digest('hex'),
    publisher: { id: 'opslens', name: 'OpsLens' },
    headline: `Article ${i}: engineers begin clearing the old quarter`,
    byline: 'Jane Roe',
    body,
    bodyHtml: body.map((p) => `<p>${p.replace(/&/g, '&amp;')}</p>`).join(''),
    summary: body[0] ?? '',
    language: 'en',
    slug: `article-${i}`,
    wordCount: 500,
    readingTimeMinutes: 3,
    tags: ['opslens', 'syria', 'raqqa', 'sdf', 'isis'].map((id, n) => ({
      id,
      label: id.toUpperCase(),
      type: n === 0 ? ('publisher' as const) : ('place' as const),
      mentions: 1,
      firstOffset: n,
      implied: false,
    })),
    notes: [],
    source: { format: 'text' },
    publishedAt: at,
    updatedAt: at,
  };
}

function ours(articles: readonly Article[]): string {
  return renderRss(feedView('all', articles, settings));
}

function feedPackage(articles: readonly Article[]): string {
  const feed = new Feed({
    id: 'https://feeds.example.com/feeds/all.rss',
    title: 'Syndicate: all articles',
    link: 'https://api.example.com/articles',
    description: 'Latest articles from every publisher',
    language: 'en',
    updated: new Date(articles[articles.length - 1]?.updatedAt ?? 0),
    feedLinks: { rss: 'https://feeds.example.com/feeds/all.rss' },
    hub: settings.hubUrl,
    copyright: '',
  });
  for (const a of articles) {
    feed.addItem({
      title: a.headline,
      id: `https://api.example.com/articles/${a.id}`,
      link: `https://api.example.com/articles/${a.id}`,
      date: new Date(a.publishedAt),
      description: a.summary,
      content: a.bodyHtml,
      author: [{ name: a.byline ?? a.publisher.name }],
      category: a.tags.map((t) => ({ name: t.id, domain: 'https://feeds.example.com/feeds/tags/' })),
    });
  }
  return feed.rss2();
}

/** Items per second over repeated renders lasting at least `minMs`. */
function itemsPerSecond(render: (a: readonly Article[]) => string, articles: readonly Article[], minMs: number): number {
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    render(articles);
    rounds += 1;
    elapsed = performance.now() - start;
  }
  return (rounds * articles.length) / (elapsed / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Both renderers measured in alternating rounds, so load from other processes
 * on a shared machine hits both sides alike; medians of the rounds.
 */
function compare(articles: readonly Article[], rounds = 5, msPerSide = 400) {
  for (let i = 0; i < 3; i++) {
    ours(articles);
    feedPackage(articles);
  }
  const oursRates: number[] = [];
  const theirRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const a = itemsPerSecond(ours, articles, msPerSide);
    const b = itemsPerSecond(feedPackage, articles, msPerSide);
    oursRates.push(a);
    theirRates.push(b);
    ratios.push(a / b);
  }
  return { ours: median(oursRates), theirs: median(theirRates), ratio: median(ratios) };
}

export async function run(): Promise<Record<string, number | string>> {
  const articles = Array.from({ length: ITEMS }, (_, i) => syntheticArticle(i));
  const rss = compare(articles);
  return {
    'feeds.rssItemsPerSec': Math.round(rss.ours),
    'feeds.feedPackageItemsPerSec': Math.round(rss.theirs),
    'feeds.vsFeedPackage': rss.ratio,
  };
}
