/**
 * An article as IPTC ninjs 2.2 (`/articles/{id}.ninjs`, `articles/{id}/v{n}.ninjs.json`):
 * headline, standfirst and body (HTML and plain text), the publisher as an
 * info source, tags as subjects (Wikidata URIs when the concept has one, our
 * tag id as the literal, tag relevance as the subject's 0..100 `relevance`;
 * a place with a GeoNames id gets a second subject with its GeoNames URI, and
 * each IPTC Media Topic of the tags one subject of its own, `rel` "mediatopic",
 * the IPTC label as its name and the most relevant tag's relevance),
 * status as `pubstatus`, images as `associations` (pictures with their
 * renditions, the lead named `lead`), and for a near-duplicate an association
 * `near-duplicate-of` pointing at its cluster's first article, the estimated
 * similarity as its `similarity` description. Valid against
 * ninjs-schema_2.2.json, which forbids any field it does not define.
 */
import type { Article, ArticleStatus, Media } from '../article/schema.ts';
import { isHttpUrl } from '../normalise/url.ts';
import mediatopics from '../tagging/mediatopics.json' with { type: 'json' };

export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json';

interface NinjsText {
  role?: string;
  contenttype?: string;
  value: string;
  wordcount?: number;
  charcount?: number;
}

interface NinjsSubject {
  name: string;
  literal: string;
  rel: string;
  uri?: string;
  /** Tag relevance, 0..100 (ninjs subjects' own field). */
  relevance?: number;
}

interface NinjsRendition {
  name: string;
  href: string;
  contenttype?: string;
  width?: number;
  height?: number;
  sizeinbytes?: number;
}

/** An associated picture: itself a ninjs item, named within the article. */
export interface NinjsAssociation {
  name: string;
  uri: string;
  type: 'picture';
  by?: string;
  descriptions?: NinjsText[];
  renditions: NinjsRendition[];
}

/** The first article of this one's near-duplicate cluster, with the estimated similarity as a description. */
export interface NinjsNearDuplicateAssociation {
  name: 'near-duplicate-of';
  uri: string;
  type: 'text';
  representationtype: 'partial';
  descriptions: NinjsText[];
}

/** The ninjs 2.2 fields we write. */
export interface Ninjs2Item {
  uri: string;
  standard: { name: 'ninjs'; version: '2.2'; schema: string };
  type: 'text';
  representationtype: 'full';
  version: string;
  firstcreated: string;
  versioncreated: string;
  embargoed?: string;
  pubstatus: 'usable' | 'withheld' | 'canceled';
  language: string;
  slugline: string;
  by?: string;
  headlines: NinjsText[];
  descriptions: NinjsText[];
  bodies: NinjsText[];
  infosources: { name: string; role: string; literal: string }[];
  subjects: NinjsSubject[];
  altids: { role: string; value: string }[];
  associations?: Array<NinjsAssociation | NinjsNearDuplicateAssociation>;
}

export interface NinjsOptions {
  /** Public base URL of the API (`https://api.example.com`): the item's `uri` is `{baseUrl}/articles/{id}`. */
  baseUrl: string;
}

const pubStatus: Record<ArticleStatus, Ninjs2Item['pubstatus']> = {
  published: 'usable',
  embargoed: 'withheld',
  withdrawn: 'canceled',
};

export const wikidataUri = (qid: string) => `http://www.wikidata.org/entity/${qid}`;
/** GeoNames' semantic-web URI of a feature (with its trailing slash, as GeoNames writes it). */
export const geonamesUri = (id: string) => `https://sws.geonames.org/${id}/`;
/** `medtop:20000056` → `http://cv.iptc.org/newscodes/mediatopic/20000056`. */
export const mediatopicUri = (qcode: string) => `${mediatopics.scheme}${qcode.slice(qcode.indexOf(':') + 1)}`;
const mediatopicLabels: Readonly<Record<string, string>> = mediatopics.labels;

function subjectsOf(tags: Article['tags']): NinjsSubject[] {
  const subjects: NinjsSubject[] = [];
  const topics = new Map<string, NinjsSubject>();
  for (const tag of tags) {
    const rel = tag.implied ? `implied-${tag.type}` : tag.type;
    const relevance = tag.relevance !== undefined ? { relevance: Math.round(tag.relevance * 100) } : {};
    subjects.push({ name: tag.label, literal: tag.id, rel, ...(tag.wikidata ? { uri: wikidataUri(tag.wikidata) } : {}), ...relevance });
    if (tag.geonames) subjects.push({ name: tag.label, literal: tag.id, rel, uri: geonamesUri(tag.geonames), ...relevance });
    for (const code of tag.mediatopics ?? []) {
      const seen = topics.get(code);
      if (seen && (seen.relevance ?? -1) >= (relevance.relevance ?? -1)) continue;
      // A code the labels no longer list (taxonomy changed since the article was tagged) is named by itself.
      topics.set(code, { name: mediatopicLabels[code] ?? code, literal: code, rel: 'mediatopic', uri: mediatopicUri(code), ...relevance });
    }
  }
  return [...subjects, ...topics.values()];
}

export function articleUri(articleId: string, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/articles/${encodeURIComponent(articleId)}`;
}

function rendition(name: string, r: Omit<Media, 'role'>): NinjsRendition {
  return {
    name,
    href: r.url,
    ...(r.mediaType ? { contenttype: r.mediaType } : {}),
    ...(r.width ? { width: r.width } : {}),
    ...(r.height ? { height: r.height } : {}),
    ...(r.bytes ? { sizeinbytes: r.bytes } : {}),
  };
}

/** One association per image: the lead named `lead`, the others `image-2`, `image-3`… in article order. */
export function associationsOf(media: readonly Media[]): NinjsAssociation[] {
  return media.map((m, i) => {
    const descriptions: NinjsText[] = [
      ...(m.caption ? [{ role: 'caption', contenttype: 'text/plain', value: m.caption }] : []),
      ...(m.alt ? [{ role: 'alt', contenttype: 'text/plain', value: m.alt }] : []),
    ];
    return {
      name: m.role === 'lead' ? 'lead' : `image-${i + 1}`,
      uri: m.url,
      type: 'picture',
      ...(m.credit ? { by: m.credit } : {}),
      ...(descriptions.length ? { descriptions } : {}),
      renditions: [rendition('original', m), ...(m.renditions ?? []).map((r, j) => rendition(r.name ?? `rendition-${j + 1}`, r))],
    };
  });
}

export function toNinjs(article: Article, { baseUrl }: NinjsOptions): Ninjs2Item {
  const plainBody = article.body.join('\n\n');
  const altids = [
    { role: 'fingerprint', value: `sha256:${article.fingerprint}` },
    ...(article.source.sourceId ? [{ role: 'source', value: article.source.sourceId }] : []),
    ...(article.source.canonicalUrl && isHttpUrl(article.source.canonicalUrl) ? [{ role: 'canonical', value: article.source.canonicalUrl }] : []),
  ];
  return {
    uri: articleUri(article.id, baseUrl),
    standard: { name: 'ninjs', version: '2.2', schema: NINJS_SCHEMA_URI },
    type: 'text',
    representationtype: 'full',
    version: String(article.version),
    firstcreated: article.publishedAt,
    versioncreated: article.updatedAt,
    ...(article.embargoUntil ? { embargoed: article.embargoUntil } : {}),
    pubstatus: pubStatus[article.status],
    language: article.language,
    slugline: article.slug,
    ...(article.byline ? { by: article.byline } : {}),
    headlines: [{ role: 'main', contenttype: 'text/plain', value: article.headline }],
    descriptions: [
      { role: article.standfirst ? 'standfirst' : 'summary', contenttype: 'text/plain', value: article.standfirst ?? article.summary },
    ],
    bodies: [
      { role: 'main', contenttype: 'text/html', value: article.bodyHtml, wordcount: article.wordCount, charcount: plainBody.length },
      { role: 'main', contenttype: 'text/plain', value: plainBody, wordcount: article.wordCount, charcount: plainBody.length },
    ],
    infosources: [{ name: article.publisher.name, role: 'publisher', literal: article.publisher.id }],
    subjects: subjectsOf(article.tags),
    altids,
    ...associationsField(article, baseUrl),
  };
}

function associationsField(article: Article, baseUrl: string): { associations?: Ninjs2Item['associations'] } {
  const associations: NonNullable<Ninjs2Item['associations']> = [...associationsOf(article.media ?? [])];
  if (article.nearDuplicateOf) {
    associations.push({
      name: 'near-duplicate-of',
      uri: articleUri(article.nearDuplicateOf, baseUrl),
      type: 'text',
      representationtype: 'partial',
      descriptions: [{ role: 'similarity', contenttype: 'text/plain', value: String(article.similarity ?? '') }],
    });
  }
  return associations.length > 0 ? { associations } : {};
}
