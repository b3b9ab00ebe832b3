/**
 * Articles for the feed tests. The reference and dev-set articles go through
 * the real pipeline and tagger, their texts read from ../shared at test time
 * (never copied); the rest are built field by field, with tags from the
 * shared vocabulary.
 */
import { createHash } from 'node:crypto';
import type { Article, ConceptType, Tag } from '../../../functions/core/article/schema.ts';
import type { FeedSettings } from '../../../functions/core/feeds/view.ts';
import { processArticle } from '../../../functions/core/pipeline/process-article.ts';
import { createTagger } from '../../../functions/core/tagging/tagger.ts';
import { readReferenceArticle, readShared, readSharedJson } from '../../support/shared.ts';

export const settings: FeedSettings = {
  feedsBaseUrl: 'https://feeds.example.com',
  publicBaseUrl: 'https://api.example.com',
  siteTitle: 'Syndicate',
  idAuthority: 'feeds.example.com,2025',
  hubUrl: 'https://hub.example.com/',
};

interface Concept {
  id: string;
  label: string;
  type: ConceptType;
}
const vocabulary = new Map(readSharedJson<Concept[]>('eval', 'vocabulary.json').map((c) => [c.id, c]));

export function tagsFor(ids: readonly string[]): Tag[] {
  return ids.map((id, i) => {
    const concept = vocabulary.get(id);
    if (!concept) throw new Error(`fixture: ${id} is not in the vocabulary`);
    return { id, label: concept.label, type: concept.type, mentions: 1, firstOffset: i, implied: false };
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'article';

let counter = 0;
/** A valid published article; everything can be overridden. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  counter += 1;
  const headline = overrides.headline ?? `Fixture headline ${counter}`;
  const body = overrides.body ?? [`First paragraph of fixture ${counter}.`, 'Second paragraph.'];
  const base: Article = {
    id: `art-${String(counter).padStart(4, '0')}`,
    version: 1,
    status: 'published',
    fingerprint: createHash('sha256').update(headline + body.join('\n')).digest('hex'),
    publisher: { id: 'opslens', name: 'OpsLens' },
    headline,
    body,
    bodyHtml: body.map((p) => `<p>${escapeHtml(p)}</p>`).join(''),
    summary: body[0] ?? '',
    language: 'en',
    slug: slugOf(headline),
    wordCount: body.join(' ').split(/\s+/).length,
    readingTimeMinutes: 1,
    tags: tagsFor(['opslens']),
    notes: [],
    source: { format: 'text' },
    publishedAt: '2024-03-01T12:00:00.000Z',
    updatedAt: '2024-03-01T12:00:00.000Z',
  };
  return { ...base, ...overrides };
}

/** The article the renderer tests read back: bylined, tagged, its dates in different offsets. */
export function bylinedTaggedArticle(): Article {
  return makeArticle({
    id: 'a1',
    byline: 'Jane Roe',
    tags: tagsFor(['opslens', 'syria']),
    publishedAt: '2024-03-01T12:00:00+01:00',
    updatedAt: '2024-03-02T08:00:00Z',
  });
}

const tagger = createTagger();

/** An article through the real pipeline (parse, normalise, tag, fingerprint), as ingest would store it. */
function processed(text: string, at: string): Article {
  return processArticle(text, { contentType: 'text/plain; charset=utf-8', tagger, now: at });
}

/** The reference article, read from ../shared and processed for real. */
export function referenceArticle(): Article {
  return processed(readReferenceArticle(), '2017-10-17T16:00:00.000Z');
}

interface Gold {
  file: string;
}

/** The twelve dev-set articles, processed for real, one hour apart. */
export function devSetArticles(): Article[] {
  return readSharedJson<Gold[]>('eval', 'gold.json').map((g, i) =>
    processed(readShared('eval', 'dev', g.file), new Date(Date.UTC(2019, 0, 10, i)).toISOString()),
  );
}

/**
 * Everything hostile text can be: every character XML 1.0 forbids, lone
 * surrogates both ways round, CDATA terminators, markup look-alikes,
 * ampersands, emoji (astral, ZWJ sequences, flags) and right-to-left scripts.
 */
export const hostile = {
  forbidden: '\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF',
  loneSurrogates: '\uD800x\uDC00y\uDBFF',
  markup: ']]> & <b>bold</b> &amp; &#x1; <![CDATA[ x ]]> "quoted" \'single\'',
  emoji: '🗞️ 👩🏽‍💻 🇸🇾 😀',
  rtl: 'الرقة مدينة سورية ‏עברית‎',
};

export function hostileArticle(): Article {
  const { forbidden, loneSurrogates, markup, emoji, rtl } = hostile;
  const headline = `${markup} ${emoji} ${rtl}${forbidden}${loneSurrogates}`;
  const paragraph = `Body ${markup} ${forbidden} ${emoji} ${rtl} ${loneSurrogates}`;
  return makeArticle({
    id: 'hostile-1',
    headline,
    byline: `By ${rtl} & <Co> ${forbidden}`,
    standfirst: paragraph,
    body: [paragraph],
    bodyHtml: `<p>${escapeHtml(paragraph)}</p><p><a href="/relative/path">relative</a> <img src="pic.png" alt="x"></p>`,
    summary: paragraph,
    language: 'ar',
    tags: [
      ...tagsFor(['opslens', 'syria']),
      { id: 'odd&id', label: `Label ${markup}${forbidden}`, type: 'topic', mentions: 1, firstOffset: 0, implied: false },
    ],
    source: { format: 'html', canonicalUrl: 'https://news.example.org/story/1?a=1&b=2' },
    publishedAt: '2024-05-05T05:05:05.000Z',
    updatedAt: '2024-05-06T06:06:06.000Z',
  });
}

/** What a reader should see of hostile text: the same with the unrepresentable characters gone. */
export function cleaned(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '').replace(/[\uD800-\uDFFF]/g, (c, i, s: string) => {
    const code = c.charCodeAt(0);
    const pairedHigh = code < 0xdc00 && /[\uDC00-\uDFFF]/.test(s[i + 1] ?? '');
    const pairedLow = code >= 0xdc00 && /[\uD800-\uDBFF]/.test(s[i - 1] ?? '');
    return pairedHigh || pairedLow ? c : '';
  });
}

/** An article with a lead photo (size in bytes known, a smaller rendition) and an inline graphic, as ingest stores them. */
export function illustratedArticle(): Article {
  return makeArticle({
    id: 'pic-1',
    headline: 'Bridge reopens below the dam',
    tags: tagsFor(['opslens', 'syria']),
    bodyHtml: '<p>First paragraph.</p><figure><img src="https://cdn.example.org/chart.png" alt="Traffic chart" width="640" height="480"><figcaption>Crossings per day</figcaption></figure><p>Second paragraph.</p>',
    media: [
      {
        url: 'https://cdn.example.org/bridge.jpg', mediaType: 'image/jpeg', width: 1600, height: 900, bytes: 240_000,
        caption: 'Lorries cross at dawn & dusk', credit: 'Jo Lens / Wire', alt: 'Lorries on the bridge', role: 'lead',
        renditions: [{ url: 'https://cdn.example.org/bridge-320.jpg', name: 'w320', mediaType: 'image/jpeg', width: 320, height: 180 }],
      },
      { url: 'https://cdn.example.org/chart.png', mediaType: 'image/png', width: 640, height: 480, caption: 'Crossings per day', alt: 'Traffic chart', role: 'inline' },
      { url: 'https://cdn.example.org/untyped', alt: '', role: 'inline' },
    ],
    publishedAt: '2024-04-01T12:00:00.000Z',
    updatedAt: '2024-04-01T12:00:00.000Z',
  });
}
