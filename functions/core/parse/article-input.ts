/**
 * Our own JSON (`ArticleInput`): validated field by field, every violation
 * named. The body is authoritative for text; an accompanying `bodyHtml` is
 * used for the HTML rendering only when it has the same paragraphs.
 */
import { articleInput, type MediaInput } from '../article/input-schema.ts';
import type { Media, NormalisationNote, ParsedArticle } from '../article/schema.ts';
import { lazy } from '../lazy.ts';
import { acceptImage, settleMedia } from '../media/accept.ts';
import { cleanLine } from '../normalise/text.ts';
import { requireIsoDate } from './dates.ts';
import { htmlToParagraphs } from './html-body.ts';
import { parseOrRefuse } from './issues.ts';
import { plainTextParagraphs } from './plain-body.ts';

/** The schema's fields, built with it on the first JSON article. */
const knownFields = lazy(() => new Set(Object.keys(articleInput().shape)));

/** Names shown in one note: enough to find a typo, never enough to grow the stored article. */
const SHOWN_UNKNOWN_FIELDS = 10;

function unknownFieldNotes(unknown: string[]): NormalisationNote[] {
  const shown = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key);
  if (unknown.length === 1) return [{ code: 'unknown_field_ignored', message: `field ${shown(unknown[0]!)} is not part of the article schema and was ignored` }];
  if (unknown.length === 0) return [];
  const more = unknown.length > SHOWN_UNKNOWN_FIELDS ? ` and ${unknown.length - SHOWN_UNKNOWN_FIELDS} more` : '';
  const names = unknown.slice(0, SHOWN_UNKNOWN_FIELDS).map(shown).join(', ');
  return [{ code: 'unknown_field_ignored', message: `fields ${names}${more} are not part of the article schema and were ignored` }];
}

/** `media` as given: each through the media policy; with no declared lead, the first image is the lead. */
function inputMedia(media: readonly MediaInput[], base: string | undefined, notes: NormalisationNote[]): Media[] {
  const declaredLead = media.some((m) => m.role === 'lead');
  return media.flatMap((m, i) => acceptImage({ ...m, where: `media[${i}]`, role: m.role ?? (!declaredLead && i === 0 ? 'lead' : 'inline') }, base, notes) ?? []);
}

export function parseArticleInput(data: Record<string, unknown>): ParsedArticle {
  const input = parseOrRefuse(articleInput(), data, 'article');
  const notes: NormalisationNote[] = unknownFieldNotes(Object.keys(data).filter((key) => !knownFields().has(key)));

  const paragraphs = typeof input.body === 'string' ? plainTextParagraphs(input.body) : input.body.map(cleanLine).filter(Boolean);
  let paragraphsHtml: string[] | undefined;
  let bodyMedia: Media[] = [];
  if (input.bodyHtml !== undefined) {
    const bodyNotes: NormalisationNote[] = [];
    const html = htmlToParagraphs(input.bodyHtml, { base: input.canonicalUrl, notes: bodyNotes });
    if (html.paragraphs.length === paragraphs.length) {
      paragraphsHtml = html.paragraphsHtml;
      bodyMedia = html.media;
      notes.push(...bodyNotes);
    } else notes.push({ code: 'body_html_ignored', message: `bodyHtml has ${html.paragraphs.length} paragraphs but body has ${paragraphs.length}; the HTML was rebuilt from body` });
  }
  const publishedAt = requireIsoDate(input.publishedAt, 'publishedAt');
  const embargoUntil = requireIsoDate(input.embargoUntil, 'embargoUntil');
  const media = settleMedia([...inputMedia(input.media ?? [], input.canonicalUrl, notes), ...bodyMedia], notes);
  return {
    format: 'json',
    headline: input.headline,
    paragraphs,
    ...(input.publisher ? { publisherName: input.publisher } : {}),
    ...(input.standfirst ? { standfirst: input.standfirst } : {}),
    ...(input.byline ? { byline: input.byline } : {}),
    ...(paragraphsHtml ? { paragraphsHtml, bodyHtml: paragraphsHtml.join('\n') } : {}),
    ...(input.language ? { language: input.language } : {}),
    ...(input.sourceId ? { sourceId: input.sourceId } : {}),
    ...(input.canonicalUrl ? { canonicalUrl: input.canonicalUrl } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(embargoUntil ? { embargoUntil } : {}),
    ...(media.length ? { media } : {}),
    ...(notes.length ? { notes } : {}),
  };
}
