/**
 * The article model: the one shape every stage after parsing agrees on.
 *
 * Validated with `zod/mini` because full zod roughly doubles a handler bundle
 * (cold start), and exported as JSON Schema (`npm run schema`) so partners can
 * read the same contract. Dates are ISO 8601 strings in UTC so that stored
 * items, feeds and webhook payloads never disagree about a time zone.
 */
import * as z from 'zod/mini';
import { conceptType, geoNamesId, httpsUrl, isoDate, mediaRole, mediaType, mediatopicCode, nonEmpty, pixels, wikidataId } from './fields.ts';

export { conceptTypes } from './fields.ts';
export const ConceptType = conceptType();
export type ConceptType = z.infer<typeof ConceptType>;

export const WikidataId = wikidataId();
export const GeoNamesId = geoNamesId();
export const MediatopicCode = mediatopicCode();

/** One taxonomy concept found in (or implied by) an article. */
export const Tag = z.object({
  id: nonEmpty(),
  label: nonEmpty(),
  type: ConceptType,
  /** Times the concept is named in headline, standfirst and body (0 when only implied). */
  mentions: z.int().check(z.gte(0)),
  /** Offset of the first mention in the article's tagged text (headline + standfirst + body joined by blank lines); -1 when implied. */
  firstOffset: z.int().check(z.gte(-1)),
  /** True when the tag comes from a parent or `implies` relation rather than the text. */
  implied: z.boolean(),
  /**
   * How central the concept is to the article, 0..1 (see tagging/relevance.ts for the formula). Absent on
   * articles tagged before relevance existed.
   */
  relevance: z.optional(z.number().check(z.gte(0), z.lte(1))),
  /** Subject codes of the concept (taxonomy.ts says where each comes from), carried so ninjs and webhooks need no taxonomy. */
  wikidata: z.optional(z.string().check(z.regex(/^Q\d+$/))),
  geonames: z.optional(GeoNamesId),
  mediatopics: z.optional(z.array(MediatopicCode)),
});
export type Tag = z.infer<typeof Tag>;

/** A change the normaliser made that a publisher may want to know about. */
export const NormalisationNote = z.object({
  code: nonEmpty(),
  message: nonEmpty(),
});
export type NormalisationNote = z.infer<typeof NormalisationNote>;

/** One stored file of an image: the original or a resized copy. */
export const Rendition = z.object({
  url: httpsUrl(),
  /** What the source called it (`original`, `thumbnail`, `w1200`...). */
  name: z.optional(nonEmpty()),
  mediaType: z.optional(mediaType()),
  width: z.optional(pixels()),
  height: z.optional(pixels()),
  /** Size of the file in bytes, when the source says (RSS `enclosure` needs it). */
  bytes: z.optional(z.int().check(z.gte(1))),
});
export type Rendition = z.infer<typeof Rendition>;

export { httpsUrl, mediaRoles } from './fields.ts';
export const MediaRole = mediaRole();
export type MediaRole = z.infer<typeof MediaRole>;

/**
 * An image of the article. `lead` is the one that stands for the article (the
 * page's og:image, ninjs' featured association); `inline` ones appear in the
 * body. The top-level URL and figures are the best rendition; the others, if
 * any, are listed in `renditions`.
 */
export const Media = z.object({
  url: httpsUrl(),
  mediaType: z.optional(mediaType()),
  width: z.optional(pixels()),
  height: z.optional(pixels()),
  bytes: z.optional(z.int().check(z.gte(1))),
  caption: z.optional(nonEmpty()),
  credit: z.optional(nonEmpty()),
  alt: z.optional(z.string()),
  role: MediaRole,
  renditions: z.optional(z.array(Rendition)),
});
export type Media = z.infer<typeof Media>;

export const inputFormats = ['text', 'html', 'json', 'ninjs2', 'ninjs3'] as const;
export const InputFormat = z.enum(inputFormats);
export type InputFormat = z.infer<typeof InputFormat>;

/**
 * What a parser hands to the normaliser: text pulled out of one input format,
 * not yet cleaned. Every parser produces exactly this.
 */
export interface ParsedArticle {
  format: InputFormat;
  /** Publisher name as the source states it (first line, site name, ninjs publisher). */
  publisherName?: string;
  headline: string;
  standfirst?: string;
  byline?: string;
  paragraphs: string[];
  /** Sanitised HTML of the body when the source had HTML. */
  bodyHtml?: string;
  language?: string;
  sourceId?: string;
  canonicalUrl?: string;
  publishedAt?: string;
  embargoUntil?: string;
  /**
   * Per-paragraph sanitised HTML, parallel to `paragraphs`, when the source had
   * HTML: lets the normaliser drop a paragraph from text and HTML together.
   */
  paragraphsHtml?: string[];
  /** Images found in the source that passed the media policy, lead first. */
  media?: Media[];
  /** Things the parser ignored or repaired, reported to the publisher with the normaliser's notes. */
  notes?: NormalisationNote[];
}

export const articleStatuses = ['published', 'embargoed', 'withdrawn'] as const;
export const ArticleStatus = z.enum(articleStatuses);
export type ArticleStatus = z.infer<typeof ArticleStatus>;

export const Publisher = z.object({ id: nonEmpty(), name: nonEmpty() });
export type Publisher = z.infer<typeof Publisher>;

/** One stored version of an article, as the API returns it and feeds render it. */
export const Article = z.object({
  /** Permanent id, kept across corrections. */
  id: nonEmpty(),
  version: z.int().check(z.gte(1)),
  status: ArticleStatus,
  /** SHA-256 (hex) of the folded text: equal for the same article sent twice. */
  fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  publisher: Publisher,
  headline: nonEmpty(),
  standfirst: z.optional(z.string()),
  byline: z.optional(z.string()),
  /** Body paragraphs, plain text, typography kept. */
  body: z.array(z.string()),
  /** Sanitised HTML of the body (built from the paragraphs when the source had none). */
  bodyHtml: z.string(),
  /** Plain-text summary for feeds and webhooks. */
  summary: z.string(),
  language: nonEmpty(),
  slug: nonEmpty(),
  wordCount: z.int().check(z.gte(0)),
  readingTimeMinutes: z.int().check(z.gte(1)),
  tags: z.array(Tag),
  /** Images, lead first; absent on articles stored before images were kept. */
  media: z.optional(z.array(Media)),
  /** Id of the first article of this article's near-duplicate cluster, when it is a re-syndicated copy of one. */
  nearDuplicateOf: z.optional(nonEmpty()),
  /** Estimated Jaccard similarity (0..1) of the two articles' word shingles; present with `nearDuplicateOf`. */
  similarity: z.optional(z.number().check(z.gte(0), z.lte(1))),
  notes: z.array(NormalisationNote),
  source: z.object({
    format: InputFormat,
    sourceId: z.optional(z.string()),
    canonicalUrl: z.optional(z.string()),
  }),
  publishedAt: isoDate(),
  updatedAt: isoDate(),
  embargoUntil: z.optional(isoDate()),
  withdrawnAt: z.optional(isoDate()),
});
export type Article = z.infer<typeof Article>;
