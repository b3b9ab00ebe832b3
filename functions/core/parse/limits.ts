/**
 * The field limits (../article/limits.ts) applied to what any parser read, so
 * every input format is held to the same table. A field over its limit is
 * refused naming it and both limits; nothing is cut silently.
 */
import { ArticleRefused } from '../article/errors.ts';
import { fieldLimits, overLimit, type LimitedField } from '../article/limits.ts';
import type { ParsedArticle } from '../article/schema.ts';
import { cleanLine } from '../normalise/text.ts';

function check(field: LimitedField, value: string | undefined): void {
  if (value === undefined) return;
  // Measured as stored: cleaning only ever shortens, so the raw text is cleaned only when it is over.
  if (overLimit(field, value) === undefined) return;
  const problem = overLimit(field, cleanLine(value));
  if (problem) throw new ArticleRefused('field_too_long', problem);
}

/** Refuses `parsed` when a field is over its limit; returns it unchanged otherwise. */
export function enforceLimits(parsed: ParsedArticle): ParsedArticle {
  check('publisher', parsed.publisherName);
  check('headline', parsed.headline);
  check('standfirst', parsed.standfirst);
  check('byline', parsed.byline);
  check('sourceId', parsed.sourceId);
  check('canonicalUrl', parsed.canonicalUrl);
  check('language', parsed.language);
  const { items } = fieldLimits.body;
  if (parsed.paragraphs.length > items) {
    throw new ArticleRefused('field_too_long', `body has ${parsed.paragraphs.length} paragraphs; the limit is ${items}`);
  }
  parsed.paragraphs.forEach((paragraph, i) => {
    const problem = overLimit('paragraph', paragraph) && overLimit('paragraph', cleanLine(paragraph));
    if (problem) throw new ArticleRefused('field_too_long', `body paragraph ${i + 1}: ${problem.replace(/^paragraph /, '')}`);
  });
  (parsed.media ?? []).forEach((media, i) => {
    for (const [field, value] of [['mediaCaption', media.caption], ['mediaCredit', media.credit], ['mediaAlt', media.alt]] as const) {
      const problem = value === undefined ? undefined : overLimit(field, value);
      if (problem) throw new ArticleRefused('field_too_long', `media[${i}]: ${problem}`);
    }
  });
  return parsed;
}
