/**
 * Round trips: one article written out in each accepted input format and read
 * back must be the same article (same text, same fingerprint, same id when the
 * identity is the same).
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '#core/article/schema.ts';
import { escapeHtml } from '#core/normalise/html.ts';
import { toNinjs } from '#core/ninjs/to-ninjs.ts';
import { processArticle } from '#core/pipeline/process-article.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { readReferenceArticle } from '../../support/shared.ts';

const tagger = createTagger();
const now = '2024-05-01T10:00:00.000Z';
const original = processArticle(readReferenceArticle(), { tagger, now });

const asText = (a: Article) => [a.publisher.name, a.headline, a.standfirst, ...a.body].filter(Boolean).join('\n\n');
const asHtml = (a: Article) => `<!doctype html><html lang="${a.language}"><head><title>${escapeHtml(a.headline)}</title>
<meta property="og:site_name" content="${escapeHtml(a.publisher.name)}"></head>
<body><article><h1>${escapeHtml(a.headline)}</h1><p class="standfirst">${escapeHtml(a.standfirst ?? '')}</p>${a.bodyHtml}</article></body></html>`;
const asJson = (a: Article) => JSON.stringify({ publisher: a.publisher.name, headline: a.headline, standfirst: a.standfirst, body: a.body, language: a.language });
const camel: Record<string, string> = { firstcreated: 'firstCreated', versioncreated: 'versionCreated', pubstatus: 'pubStatus', infosources: 'infoSources', contenttype: 'contentType', representationtype: 'representationType', altids: 'altIds', wordcount: 'wordCount', charcount: 'charCount' };
const camelCase = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(camelCase)
  : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [camel[k] ?? k, camelCase(v)]))
  : value;
const asNinjs2 = (a: Article) => JSON.stringify(toNinjs(a, { baseUrl: 'https://api.example.com' }));
const asNinjs3 = (a: Article) => JSON.stringify({ ...(camelCase(toNinjs(a, { baseUrl: 'https://api.example.com' })) as object), standard: { name: 'ninjs', version: '3.0' } });

describe('round trips through every input format', () => {
  it.each([
    ['text', asText, 'text/plain'],
    ['html', asHtml, 'text/html'],
    ['json', asJson, 'application/json'],
    ['ninjs2', asNinjs2, 'application/json'],
    ['ninjs3', asNinjs3, undefined],
  ] as const)('%s', (format, write, contentType) => {
    const again = processArticle(write(original), { tagger, now, contentType });
    expect(again.source.format).toBe(format);
    expect(again).toMatchObject({
      publisher: original.publisher,
      headline: original.headline,
      standfirst: original.standfirst,
      body: original.body,
      fingerprint: original.fingerprint,
      language: original.language,
      slug: original.slug,
      wordCount: original.wordCount,
      tags: original.tags,
    });
    expect(again.notes).toEqual([]);
  });

  it('keeps the id when the identity is the text itself', () => {
    expect(processArticle(asText(original), { tagger, now }).id).toBe(original.id);
    expect(processArticle(asJson(original), { tagger, now }).id).toBe(original.id);
  });
});
