/**
 * Our own JSON input: what a publisher may POST as `application/json`.
 * Only headline and body are required; everything else is metadata. Built on the first JSON
 * article, a format a container may never receive (the reference format is text; ../lazy.ts says
 * why it matters), and apart from the stored `Article`'s schemas (schema.ts), which ingest never builds.
 */
import * as z from 'zod/mini';
import { lazy } from '../lazy.ts';
import { isoDate, mediaRole, mediaType, nonEmpty, pixels } from './fields.ts';

export const articleInput = lazy(() => {
  /** An image as a publisher may send it in our JSON: like `Media`, with `role` defaulting to `inline` (the first image to `lead`). */
  const MediaInput = z.object({
    url: z.string().check(z.minLength(1)),
    mediaType: z.optional(mediaType()),
    width: z.optional(pixels()),
    height: z.optional(pixels()),
    bytes: z.optional(z.int().check(z.gte(1))),
    caption: z.optional(z.string()),
    credit: z.optional(z.string()),
    alt: z.optional(z.string()),
    role: z.optional(mediaRole()),
  });

  return z.object({
    publisher: z.optional(nonEmpty()),
    headline: nonEmpty(),
    standfirst: z.optional(z.string()),
    byline: z.optional(z.string()),
    /** Paragraphs as plain text, or one string with paragraphs separated by blank lines. */
    body: z.union([nonEmpty(), z.array(z.string()).check(z.minLength(1))]),
    /** Optional HTML version of the body; sanitised before use. */
    bodyHtml: z.optional(z.string()),
    language: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/))),
    sourceId: z.optional(nonEmpty()),
    canonicalUrl: z.optional(z.url()),
    publishedAt: z.optional(isoDate()),
    embargoUntil: z.optional(isoDate()),
    /**
     * Images: `https://` URLs only. An image that cannot be used (not https,
     * `data:`, tracking-pixel sized) is left out with a note, not refused.
     */
    media: z.optional(z.array(MediaInput).check(z.maxLength(50))),
  });
});
export type ArticleInput = z.infer<ReturnType<typeof articleInput>>;
/** An image as a publisher may send it in our JSON. */
export type MediaInput = NonNullable<ArticleInput['media']>[number];
