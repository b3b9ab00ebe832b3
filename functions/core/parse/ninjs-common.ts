/**
 * What ninjs 2.x and 3.x have in common once their field names are aligned:
 * both versions' readers map to `NinjsFields`, and one function turns that
 * into a `ParsedArticle`, so the two versions cannot drift apart in meaning.
 */
import { ArticleRefused } from '../article/errors.ts';
import type { InputFormat, Media, NormalisationNote, ParsedArticle } from '../article/schema.ts';
import { foldText } from '../normalise/fold.ts';
import { cleanLine } from '../normalise/text.ts';
import { requireIsoDate } from './dates.ts';
import { htmlToParagraphs, htmlToText } from './html-body.ts';
import { acceptImage, settleMedia } from '../media/accept.ts';
import { ninjsImages } from './ninjs-media.ts';
import { plainTextParagraphs } from './plain-body.ts';

export interface NinjsText {
  value: string;
  role?: string | undefined;
  contentType?: string | undefined;
}

export interface NinjsFields {
  uri: string;
  headlines: NinjsText[];
  bodies: NinjsText[];
  descriptions: NinjsText[];
  by?: string | undefined;
  language?: string | undefined;
  firstCreated?: string | undefined;
  versionCreated?: string | undefined;
  embargoed?: string | undefined;
  pubStatus?: string | undefined;
  /** The item type: only text items are articles. */
  type?: string | undefined;
  infoSources: { name?: string | undefined; role?: string | undefined }[];
  copyrightHolder?: string | undefined;
  /** Associated items as the source has them (see ninjs-media.ts). */
  associations?: unknown;
  /** Field names as this version spells them, for messages. */
  names: { bodies: string; headlines: string; firstCreated: string; versionCreated: string; embargoed: string };
}

const isHtml = (t: NinjsText) => /html/i.test(t.contentType ?? '');
const byRole = (texts: NinjsText[], roles: RegExp) => texts.find((t) => roles.test(t.role ?? '')) ?? texts[0];

function asText(t: NinjsText | undefined): string | undefined {
  if (!t) return undefined;
  return cleanLine(isHtml(t) ? htmlToText(t.value) : t.value) || undefined;
}

/** A description that only repeats the start of the body (a generated summary) is not a standfirst. */
function repeatsBodyStart(description: string, firstParagraph: string | undefined): boolean {
  const start = foldText(description).replace(/(?:…|\.\.\.)$/, '').trimEnd();
  return firstParagraph !== undefined && start.length > 0 && foldText(firstParagraph).startsWith(start);
}

function publisherOf(fields: NinjsFields): string | undefined {
  const named = fields.infoSources.filter((s) => s.name?.trim());
  const source = named.find((s) => /publisher|originat|source|provider/i.test(s.role ?? '')) ?? named[0];
  return source?.name ?? fields.copyrightHolder;
}

/** `text`, or an IPTC item-type URI ending in it (`http://cv.iptc.org/newscodes/ninjsitemtype/text`). */
const isTextType = (type: string | undefined) => type === undefined || /^(?:.*[/:#])?text$/i.test(type.trim());

/**
 * 1. what the item is: only `type` text is an article; `canceled` is a withdrawal; `withheld` is an
 *    embargo, so it needs the time it may be released (`embargoed`);
 * 2. headline, body (HTML preferred), standfirst, publisher, byline, dates.
 */
export function ninjsToParsed(fields: NinjsFields, format: InputFormat, notes: NormalisationNote[]): ParsedArticle {
  if (!isTextType(fields.type)) {
    throw new ArticleRefused('invalid_article', `ninjs type ${JSON.stringify(fields.type?.slice(0, 100))} is not an article: only text items (type "text") are accepted`);
  }
  if (fields.pubStatus === 'canceled') {
    throw new ArticleRefused('invalid_article', 'ninjs item is canceled (pubstatus): withdraw an article with DELETE /articles/{id} instead');
  }
  if (fields.pubStatus === 'withheld' && fields.embargoed === undefined) {
    throw new ArticleRefused(
      'invalid_article',
      `ninjs item is withheld (pubstatus) but has no ${fields.names.embargoed} time: send ${fields.names.embargoed} with the time it may be released, or send the item once it is usable`,
    );
  }
  const headline = asText(byRole(fields.headlines, /^main$|^headline$/i));
  if (!headline) throw new ArticleRefused('no_headline', `no headline found (ninjs ${fields.names.headlines} is empty)`);

  const mainBodies = fields.bodies.filter((b) => !b.role || /^main$|^body$/i.test(b.role));
  const candidates = mainBodies.length ? mainBodies : fields.bodies;
  const htmlBody = candidates.find(isHtml);
  const textBody = candidates.find((b) => !isHtml(b));
  let body: { paragraphs: string[]; paragraphsHtml?: string[]; media?: Media[] };
  if (htmlBody) body = htmlToParagraphs(htmlBody.value, { notes });
  else if (textBody) body = { paragraphs: plainTextParagraphs(textBody.value) };
  else throw new ArticleRefused('no_body', `no body found (ninjs ${fields.names.bodies} is empty)`);

  const description = asText(byRole(fields.descriptions, /standfirst|lead|summary|abstract|teaser/i));
  const standfirst = description && !repeatsBodyStart(description, body.paragraphs[0]) ? description : undefined;
  const publisherName = publisherOf(fields);
  const byline = fields.by && cleanLine(fields.by).replace(/^by\s+/i, '');
  const publishedAt = requireIsoDate(fields.firstCreated ?? fields.versionCreated, fields.firstCreated ? fields.names.firstCreated : fields.names.versionCreated);
  const embargoUntil = requireIsoDate(fields.embargoed, fields.names.embargoed);
  const associated = ninjsImages(fields.associations, notes).flatMap((candidate) => acceptImage(candidate, undefined, notes) ?? []);
  const media = settleMedia([...associated, ...(body.media ?? [])], notes);
  return {
    format,
    headline,
    paragraphs: body.paragraphs,
    ...(body.paragraphsHtml ? { paragraphsHtml: body.paragraphsHtml, bodyHtml: body.paragraphsHtml.join('\n') } : {}),
    ...(publisherName ? { publisherName } : {}),
    ...(standfirst ? { standfirst } : {}),
    ...(byline ? { byline } : {}),
    ...(fields.language ? { language: fields.language } : {}),
    sourceId: fields.uri,
    ...(publishedAt ? { publishedAt } : {}),
    ...(embargoUntil ? { embargoUntil } : {}),
    ...(media.length ? { media } : {}),
    ...(notes.length ? { notes } : {}),
  };
}
