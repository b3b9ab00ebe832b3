/**
 * A parsed article to its normalised form:
 * 1. clean every text field (BOM, line ends, XML-forbidden characters, NFC, whitespace; typography kept);
 * 2. drop empty paragraphs; take a leading "By …" paragraph as the byline when there is none;
 * 3. drop body paragraphs that repeat inside another one, with a note for each;
 *    drop a canonical URL that is not absolute http(s), with a note (only http(s) URLs leave the system);
 * 4. derive the HTML body, summary, word count, reading time, slug and language.
 * Refuses an article left without headline or body. Idempotent: normalising
 * the result again (see `asParsed`) returns the same article and no new notes.
 */
import { ArticleRefused } from '../article/errors.ts';
import type { NormalisationNote, ParsedArticle } from '../article/schema.ts';
import { paragraphsToHtml } from './html.ts';
import { detectLanguage } from './language.ts';
import { dropRepeatedParagraphs } from './repeats.ts';
import { slugify } from './slug.ts';
import { countWords, readingTimeMinutes, summarise } from './summary.ts';
import { MAX_NOTES } from '../article/limits.ts';
import { cleanLine, hasVisibleText } from './text.ts';
import { httpUrl } from './url.ts';

/** A parsed article after cleaning: the parser's fields, with body HTML, language and the derived figures always present. */
export interface NormalisedArticle extends Omit<ParsedArticle, 'bodyHtml' | 'language' | 'notes'> {
  bodyHtml: string;
  summary: string;
  language: string;
  slug: string;
  wordCount: number;
  readingTimeMinutes: number;
  notes: NormalisationNote[];
}

/** "By Jane Doe", "By Jane Doe and John Roe": short, no sentence punctuation. */
const bylineParagraph = /^by\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:and\s+|&\s+)?[\p{L}.'’-]+){0,6})$/iu;

/** Cleaned text, or undefined when nothing of it would show. */
const visibleLine = (text: string | undefined): string | undefined => {
  const line = cleanLine(text ?? '');
  return line && hasVisibleText(line) ? line : undefined;
};

/** At most MAX_NOTES notes: the rest are counted in the last one, so hostile input cannot grow an item without bound. */
function capped(notes: NormalisationNote[]): NormalisationNote[] {
  if (notes.length <= MAX_NOTES) return notes;
  const dropped = notes.length - (MAX_NOTES - 1);
  return [...notes.slice(0, MAX_NOTES - 1), { code: 'more_notes', message: `${dropped} more notes like the ones above were left out` }];
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

export function normalise(parsed: ParsedArticle): NormalisedArticle {
  const headline = cleanLine(parsed.headline);
  if (!headline) throw new ArticleRefused('no_headline', 'no headline found (the headline is empty)');
  if (!hasVisibleText(headline)) {
    throw new ArticleRefused('no_headline', 'no headline found (the headline has only invisible characters: zero-width spaces, joiners or marks)');
  }

  const hasHtml = parsed.paragraphsHtml !== undefined && parsed.paragraphsHtml.length === parsed.paragraphs.length;
  let entries = parsed.paragraphs
    .map((text, i) => ({ text: cleanLine(text), html: hasHtml ? cleanLine(parsed.paragraphsHtml![i]!) : undefined }))
    .filter((p) => p.text && hasVisibleText(p.text));

  let byline = visibleLine(parsed.byline);
  const bylineMatch = !byline && entries.length > 1 ? bylineParagraph.exec(entries[0]!.text) : null;
  if (bylineMatch) {
    byline = bylineMatch[1];
    entries = entries.slice(1);
  }

  const { kept, notes: repeatNotes } = dropRepeatedParagraphs(entries.map((p) => p.text));
  entries = kept.map((i) => entries[i]!);
  if (entries.length === 0) throw new ArticleRefused('no_body', 'no body paragraphs found');

  const paragraphs = entries.map((p) => p.text);
  const paragraphsHtml = hasHtml ? entries.map((p) => p.html!) : undefined;
  const standfirst = visibleLine(parsed.standfirst);
  const url = httpUrl(parsed.canonicalUrl);
  const wordCount = countWords([...(standfirst ? [standfirst] : []), ...paragraphs]);
  return {
    format: parsed.format,
    ...optional('publisherName', cleanLine(parsed.publisherName ?? '')),
    headline,
    ...optional('standfirst', standfirst),
    ...optional('byline', byline),
    paragraphs,
    ...(paragraphsHtml ? { paragraphsHtml } : {}),
    bodyHtml: paragraphsHtml ? paragraphsHtml.join('\n') : paragraphsToHtml(paragraphs),
    summary: summarise(standfirst, paragraphs),
    language: detectLanguage(parsed.language, [headline, standfirst, ...paragraphs].join('\n')),
    slug: slugify(headline),
    wordCount,
    readingTimeMinutes: readingTimeMinutes(wordCount),
    ...optional('sourceId', cleanLine(parsed.sourceId ?? '')),
    ...optional('canonicalUrl', url.url),
    ...optional('publishedAt', parsed.publishedAt),
    ...optional('embargoUntil', parsed.embargoUntil),
    // Parsers hand over media already through the media policy (functions/core/media/accept.ts).
    ...(parsed.media?.length ? { media: parsed.media } : {}),
    notes: capped([...(parsed.notes ?? []), ...(url.note ? [url.note] : []), ...repeatNotes]),
  };
}

/** The normalised article as parser output again: what a correction or round trip feeds back in. */
export function asParsed(article: NormalisedArticle): ParsedArticle {
  const { notes: _notes, bodyHtml: _html, summary: _s, slug: _slug, wordCount: _w, readingTimeMinutes: _r, ...rest } = article;
  return rest;
}
