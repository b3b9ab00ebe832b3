import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Article } from '#core/article/schema.ts';
import { contentTypeForFileName } from '#core/parse/detect.ts';
import { processArticle } from '#core/pipeline/process-article.ts';
import { readReferenceArticle, repoRoot } from '../../support/shared.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const tagger = createTagger();

const now = '2024-05-01T10:00:00.000Z';
const later = '2024-05-02T08:00:00.000Z';

describe('processArticle: the reference article', () => {
  const article = processArticle(readReferenceArticle(), { tagger, now });

  it('yields a complete, valid version 1', () => {
    expect(Article.safeParse(article).success).toBe(true);
    expect(article).toMatchObject({ version: 1, status: 'published', publishedAt: now, updatedAt: now, source: { format: 'text' } });
  });

  it('takes the publisher from the content through the tagger, and tags the text', () => {
    expect(article.publisher).toEqual({ id: 'opslens', name: 'OpsLens' });
    const ids = article.tags.map((t) => t.id);
    for (const id of ['opslens', 'oir', 'cjtf-oir', 'syria', 'iraq', 'isis', 'raqqa', 'kirkuk', 'sdf', 'ypg', 'isf', 'aqi']) expect(ids).toContain(id);
    expect(article.tags.filter((t) => t.type === 'publisher').map((t) => t.id)).toEqual(['opslens']);
    expect(article.headline).toBe('‘ISIS is Losing in Every Way’ – US Backed Forces Take Raqqa');
    expect(article.notes).toEqual([expect.objectContaining({ code: 'repeated_paragraph_dropped' })]);
  });

  it('gives a retried request the same id and fingerprint, whatever the clock says', () => {
    const retry = processArticle(Buffer.from(readReferenceArticle().replace(/\n/g, '\r\n')), { tagger, now: later });
    expect(retry.id).toBe(article.id);
    expect(retry.fingerprint).toBe(article.fingerprint);
    expect(retry.updatedAt).toBe(later);
  });

  it('lets the authenticated publisher win over the content', () => {
    const asWire = processArticle(readReferenceArticle(), { tagger, now, publisher: { id: 'wire', name: 'Wire' } });
    expect(asWire.publisher.id).toBe('wire');
    expect(asWire.tags.filter((t) => t.type === 'publisher').map((t) => t.id)).toEqual(['wire']);
    expect(asWire.id).not.toBe(article.id);
  });
});

describe('processArticle: status and dates', () => {
  const input = (extra: object) => JSON.stringify({ publisher: 'Wire', headline: 'Headline', body: 'Body text here.', ...extra });

  it('is embargoed while embargoUntil is in the future, published once it has passed', () => {
    expect(processArticle(input({ embargoUntil: '2024-05-01T12:00:00Z' }), { tagger, now }).status).toBe('embargoed');
    expect(processArticle(input({ embargoUntil: '2024-05-01T09:00:00Z' }), { tagger, now }).status).toBe('published');
  });

  it('keeps the source publication date and stamps updatedAt with now', () => {
    const article = processArticle(input({ publishedAt: '2017-10-17T09:00:00-04:00' }), { tagger, now: new Date(now) });
    expect(article).toMatchObject({ publishedAt: '2017-10-17T13:00:00.000Z', updatedAt: now });
  });

  it('derives the id from the source id when there is one', () => {
    const a = processArticle(input({ sourceId: 'wire-1' }), { tagger, now });
    const b = processArticle(input({ sourceId: 'wire-1', body: 'Corrected body text.' }), { tagger, now });
    expect(a.id).toBe(b.id);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});

describe('processArticle: every sample in events/articles', () => {
  const dir = join(repoRoot, 'events', 'articles');
  const samples = [
    ['opslens-tabqa-dam.txt', 'text', 'opslens'],
    ['meridian-mosul-old-city.html', 'html', 'meridian-defense-wire'],
    ['sentry-kobani.json', 'json', 'sentry-review'],
    ['frontline-manbij.ninjs2.json', 'ninjs2', 'frontline-dispatch'],
    ['opslens-baghuz.ninjs3.json', 'ninjs3', 'opslens'],
  ] as const;

  it.each(samples)('%s is read as %s with its publisher', (file, format, publisherId) => {
    const article = processArticle(readFileSync(join(dir, file)), { tagger, now, contentType: contentTypeForFileName(file) });
    expect(article.source.format).toBe(format);
    expect(article.publisher.id).toBe(publisherId);
    expect(article.body.length).toBeGreaterThanOrEqual(3);
    expect(Article.safeParse(article).success).toBe(true);
  });

  it('the text sample is tagged oir and syria and drops its pull-quote repeat', () => {
    const article = processArticle(readFileSync(join(dir, 'opslens-tabqa-dam.txt')), { tagger, now });
    expect(article.tags.map((t) => t.id)).toEqual(expect.arrayContaining(['oir', 'syria', 'raqqa', 'sdf', 'isis']));
    expect(article.standfirst).toMatch(/^“The capture of the dam/);
    expect(article.notes.map((n) => n.code)).toEqual(['repeated_paragraph_dropped']);
  });
});
