/**
 * The one table of field limits, for every input format: the text format,
 * HTML, our JSON and ninjs all map their fields onto these names, and the
 * parser refuses a field over its limit naming it (`field_too_long`). The
 * README and the JSON Schemas in events/schemas/ (`npm run schema`) are
 * written from this table, so documentation and enforcement cannot drift.
 *
 * Why these numbers: they are far above any real article (a long headline is
 * 150 characters, a long article 100 paragraphs) and low enough that what is
 * left of an article once its body moves to S3 always fits a DynamoDB item
 * (400 KB): headline, standfirst, byline, summary, ids, URLs, tags and notes
 * together stay under 40 KB. Characters are Unicode code points, counted after
 * cleaning (so runs of whitespace do not count against a field); bytes are
 * UTF-8. To add a field (media captions, credits, …) add a row here and map
 * the format's field onto it in the parser.
 */
export interface FieldLimit {
  /** Most characters (code points), after cleaning. */
  chars: number;
  /** Most bytes of UTF-8, after cleaning. */
  bytes: number;
  /** For lists: most entries. */
  items?: number;
  /** How the README and the schemas describe the field. */
  what: string;
}

export const fieldLimits = {
  publisher: { chars: 100, bytes: 400, what: 'publisher name (text: first line; HTML: og:site_name; ninjs: infosources)' },
  headline: { chars: 300, bytes: 1_200, what: 'headline' },
  standfirst: { chars: 1_000, bytes: 4_000, what: 'standfirst (quoted paragraph, dek, ninjs description)' },
  byline: { chars: 300, bytes: 1_200, what: 'byline (ninjs by)' },
  paragraph: { chars: 20_000, bytes: 80_000, what: 'one body paragraph' },
  body: { chars: 1_048_576, bytes: 1_048_576, items: 2_000, what: 'body: all paragraphs together; items is the most paragraphs' },
  sourceId: { chars: 200, bytes: 800, what: 'source id (ninjs uri, syndicate:source-id)' },
  canonicalUrl: { chars: 2_048, bytes: 2_048, what: 'canonical URL: absolute http(s) only, anything else is dropped with a note' },
  language: { chars: 35, bytes: 35, what: 'language tag (BCP 47)' },
  mediaCaption: { chars: 1_000, bytes: 4_000, what: 'image caption (media[].caption)' },
  mediaCredit: { chars: 300, bytes: 1_200, what: 'image credit (media[].credit)' },
  mediaAlt: { chars: 1_000, bytes: 4_000, what: 'image alternative text (media[].alt)' },
} as const satisfies Record<string, FieldLimit>;

export type LimitedField = keyof typeof fieldLimits;

/**
 * Dates of record. Before 1900 is a typing mistake (year 0000) rather than an
 * archive; a publication time far ahead would pin an article to the top of
 * every feed, and an embargo a decade ahead is a mistake too.
 */
export const dateLimits = {
  earliest: '1900-01-01T00:00:00.000Z',
  /** How far a stated publication time may lie ahead of the clock (or of the embargo): clock skew and time zones. */
  publishedAheadMs: 24 * 3600 * 1000,
  /** How far ahead an embargo may lie: ten years (3,653 days), far beyond any real embargo, well short of year 9999. */
  embargoAheadMs: 3653 * 24 * 3600 * 1000,
} as const;

/**
 * Most bytes of an article's JSON without its body: what must fit a DynamoDB
 * item (400 KB) beside keys and bookkeeping once the body has moved to S3.
 * The field limits keep real articles far below it; this is the backstop that
 * refuses (413 `article_too_large`) whatever combination still gets there.
 */
export const MAX_STORED_BYTES_WITHOUT_BODY = 200_000;

/** Notes kept per article; the rest are counted in one last note, so the notes of a hostile input stay small. */
export const MAX_NOTES = 50;

/** Code points of `text` (what "characters" means in the table). */
export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff || i + 1 === text.length) count++;
    else {
      const next = text.charCodeAt(i + 1);
      count++;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

/** What is wrong with `text` as field `field`, or undefined when it is within its limits. */
export function overLimit(field: LimitedField, text: string): string | undefined {
  const limit: FieldLimit = fieldLimits[field];
  // Cheap first: a string of at most `limit.bytes / 4` UTF-16 units fits both limits.
  if (text.length * 3 <= limit.bytes && text.length <= limit.chars) return undefined;
  const chars = codePoints(text);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (chars <= limit.chars && bytes <= limit.bytes) return undefined;
  return `${field} is ${chars} characters (${bytes} bytes); the limit is ${limit.chars} characters and ${limit.bytes} bytes of UTF-8`;
}
