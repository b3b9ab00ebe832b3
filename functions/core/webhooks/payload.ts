/**
 * The body partners receive: `{type, timestamp, data}` per Standard Webhooks,
 * built only from the event, so every retry and replay sends the same bytes.
 *
 * A body always fits in 20 KB (receivers and queues have limits; the full
 * article is one link away) and building one never throws: an oversized
 * field is shortened, then left out, in the order of `PAYLOAD_CUTS`, and each
 * field touched is named in `data.truncated`. `data.id`, the version, the
 * event type and `data.links` are never cut, so a receiver can always fetch
 * the rest. New fields (a lead image, say) join by adding a cut.
 */
import type { Media } from '../article/schema.ts';
import { leadImage } from '../media/accept.ts';
import type { ArticleEvent, ArticleEventType } from '../article/events.ts';

export const MAX_PAYLOAD_BYTES = 20 * 1024;

export interface WebhookTag {
  id: string;
  label: string;
  type: string;
  /** How central the concept is, 0..1 (absent on articles tagged before relevance existed). */
  relevance?: number;
}

/** Fields that may be shortened or left out to make a body fit. */
export interface WebhookImage {
  url: string;
  mediaType?: string;
  width?: number;
  height?: number;
  caption?: string;
  credit?: string;
  alt?: string;
}

/** Caption, credit and alt are capped so the image stays a few KB at most (URLs are at most 2,048 characters). */
const IMAGE_TEXT_CAP_BYTES = 512;

function webhookImage(image: Media | undefined): { image?: WebhookImage } {
  if (!image) return {};
  const text = (key: 'caption' | 'credit' | 'alt') => (image[key] ? { [key]: truncateToBytes(image[key], IMAGE_TEXT_CAP_BYTES) } : {});
  return {
    image: {
      url: image.url,
      ...(image.mediaType ? { mediaType: image.mediaType } : {}),
      ...(image.width ? { width: image.width } : {}),
      ...(image.height ? { height: image.height } : {}),
      ...text('caption'),
      ...text('credit'),
      ...text('alt'),
    },
  };
}

export type CutField = 'summary' | 'tags' | 'headline' | 'publisher';
/** Fields only the last resort (the bare identity) leaves out; it names them in `truncated` too. */
export type DroppedField = 'image' | 'publishedAt' | 'updatedAt' | 'withdrawnAt' | 'nearDuplicateOf' | 'similarity';
const DROPPED_FIELDS: readonly DroppedField[] = ['image', 'publishedAt', 'updatedAt', 'withdrawnAt', 'nearDuplicateOf', 'similarity'];

export interface WebhookPayload {
  type: ArticleEventType;
  timestamp: string;
  data: {
    id: string;
    version: number;
    status: string;
    headline: string;
    publisher: { id: string; name: string };
    tags: WebhookTag[];
    summary: string;
    publishedAt: string;
    updatedAt: string;
    withdrawnAt?: string;
    links: { json: string; ninjs: string };
    /** The lead image (functions/core/media/accept.ts `leadImage`): small and bounded, never cut. */
    image?: WebhookImage;
    /** The first article of this one's near-duplicate cluster, and the estimated similarity to it. */
    nearDuplicateOf?: string;
    similarity?: number;
    /** Every field shortened or left out to fit, so a receiver knows to fetch the article (`links.json`) for it. */
    truncated?: Array<CutField | DroppedField>;
  };
}

type PayloadData = WebhookPayload['data'];

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts text to at most `maxBytes` UTF-8 bytes at a word boundary, marking the cut with an ellipsis. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - byteLength('…');
  if (budget <= 0) return '';
  let cut = '';
  let used = 0;
  for (const ch of text) {
    used += byteLength(ch);
    if (used > budget) break;
    cut += ch;
  }
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${(atWord.length > cut.length / 2 ? atWord : cut).trimEnd()}…`;
}

export function buildPayload(event: ArticleEvent, publicBaseUrl: string): WebhookPayload {
  const a = event.article;
  const base = `${publicBaseUrl.replace(/\/+$/, '')}/articles/${encodeURIComponent(a.id)}`;
  return {
    type: event.type,
    timestamp: event.occurredAt,
    data: {
      id: a.id,
      version: a.version,
      status: a.status,
      headline: a.headline,
      publisher: { id: a.publisher.id, name: a.publisher.name },
      tags: a.tags.map((t) => ({ id: t.id, label: t.label, type: t.type, ...(t.relevance !== undefined ? { relevance: t.relevance } : {}) })),
      summary: a.summary,
      publishedAt: a.publishedAt,
      updatedAt: a.updatedAt,
      ...(a.withdrawnAt ? { withdrawnAt: a.withdrawnAt } : {}),
      links: { json: base, ninjs: `${base}.ninjs` },
      ...webhookImage(leadImage(a)),
      ...(a.nearDuplicateOf ? { nearDuplicateOf: a.nearDuplicateOf, ...(a.similarity !== undefined ? { similarity: a.similarity } : {}) } : {}),
    },
  };
}

/**
 * Shortens a text field by `overflow` bytes of JSON. Escapes can make the JSON
 * of a text longer than the text, so the cut is scaled by that ratio; the
 * caller repeats until the body fits or the text is gone.
 */
function shortenText(text: string, overflow: number): string {
  const raw = byteLength(text);
  const escaped = byteLength(JSON.stringify(text));
  return truncateToBytes(text, Math.min(raw - 1, Math.floor((raw * (escaped - overflow)) / escaped)));
}

/**
 * One way to make a body smaller: returns smaller data, or undefined when
 * this field has nothing left to give. Tried in order until the body fits.
 */
interface PayloadCut {
  field: CutField;
  shrink(data: PayloadData, overflow: number): PayloadData | undefined;
}

const textCut = (field: 'summary' | 'headline'): PayloadCut => ({
  field,
  shrink: (data, overflow) => (data[field].length === 0 ? undefined : { ...data, [field]: shortenText(data[field], overflow) }),
});

/** A field longer than any real one is capped first, so it cannot push out the fields around it. */
const capCut = (field: 'headline' | 'publisher', capBytes: number): PayloadCut => ({
  field,
  shrink: (data) => {
    const text = field === 'headline' ? data.headline : data.publisher.name;
    if (byteLength(text) <= capBytes) return undefined;
    const capped = truncateToBytes(text, capBytes);
    return field === 'headline' ? { ...data, headline: capped } : { ...data, publisher: { ...data.publisher, name: capped } };
  },
});

const publisherCut: PayloadCut = {
  field: 'publisher',
  shrink: (data, overflow) =>
    data.publisher.name.length === 0 ? undefined : { ...data, publisher: { ...data.publisher, name: shortenText(data.publisher.name, overflow) } },
};

/** Tag labels over this are cut (a label is a few words). */
const TAG_LABEL_CAP_BYTES = 256;

/**
 * In order: absurd headlines, publisher names and tag labels are capped; then
 * the summary (the least needed) is shortened, tags dropped from the end
 * (the article's own come before implied parents), and last the headline and
 * publisher name shortened further. Ids, dates and links are never cut.
 */
export const PAYLOAD_CUTS: readonly PayloadCut[] = [
  capCut('headline', 2048),
  capCut('publisher', 256),
  {
    field: 'tags',
    shrink: (data) =>
      data.tags.every((t) => byteLength(t.label) <= TAG_LABEL_CAP_BYTES)
        ? undefined
        : { ...data, tags: data.tags.map((t) => ({ ...t, label: truncateToBytes(t.label, TAG_LABEL_CAP_BYTES) })) },
  },
  textCut('summary'),
  { field: 'tags', shrink: (data) => (data.tags.length === 0 ? undefined : { ...data, tags: data.tags.slice(0, -1) }) },
  textCut('headline'),
  publisherCut,
];

/**
 * Serialises a payload within `maxBytes`, never throwing:
 * 1. as is, when it fits;
 * 2. else each cut of PAYLOAD_CUTS in turn, shrinking its field until the body
 *    fits or the field is empty, naming the field in `truncated`;
 * 3. else (ids or links themselves too long: nothing the article model lets
 *    through) the bare identity of the event and its links.
 */
export function serialisePayload(payload: WebhookPayload, maxBytes = MAX_PAYLOAD_BYTES): string {
  let body = JSON.stringify(payload);
  if (byteLength(body) < maxBytes) return body;
  const truncated: CutField[] = [];
  let data: PayloadData = { ...payload.data, truncated };
  for (const cut of PAYLOAD_CUTS) {
    if (byteLength(body) < maxBytes) break;
    let smaller = cut.shrink(data, byteLength(body) - maxBytes + 1);
    if (smaller && !truncated.includes(cut.field)) truncated.push(cut.field);
    while (smaller) {
      data = smaller;
      body = JSON.stringify({ ...payload, data });
      if (byteLength(body) < maxBytes) break;
      smaller = cut.shrink(data, byteLength(body) - maxBytes + 1);
    }
  }
  if (byteLength(body) < maxBytes) return body;
  return JSON.stringify(identityOnly(payload));
}

/**
 * The last resort: what a receiver needs to fetch the article itself. Every
 * field it leaves out is named in `truncated`, the lead image and dates
 * included, so a receiver never takes a missing image for "no image".
 */
function identityOnly(payload: WebhookPayload): { type: ArticleEventType; timestamp: string; data: Pick<PayloadData, 'id' | 'version' | 'status' | 'links'> & { truncated: Array<CutField | DroppedField> } } {
  const { id, version, status, links } = payload.data;
  const dropped = DROPPED_FIELDS.filter((field) => payload.data[field] !== undefined);
  return { type: payload.type, timestamp: payload.timestamp, data: { id, version, status, links, truncated: [...new Set(PAYLOAD_CUTS.map((c) => c.field)), ...dropped] } };
}
