import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Article } from '#core/article/schema.ts';
import { geonamesUri, mediatopicUri, toNinjs, wikidataUri } from '#core/ninjs/to-ninjs.ts';
import { parseArticle } from '#core/parse/index.ts';
import { processArticle } from '#core/pipeline/process-article.ts';
import { normalise } from '#core/normalise/normalise.ts';
import { readReferenceArticle, readSharedJson } from '../../support/shared.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const tagger = createTagger();

// The IPTC schema declares draft 2020-12 (`$defs`, `unevaluatedProperties`): it needs Ajv's 2020 build.
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
addFormats.default(ajv);
// places[].geojson refers to the external GeoJSON schema; tests run offline and we never write geometry,
// so an open stand-in for that one reference is enough (any geojson we did write would still have to be an object).
ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
const validateNinjs = ajv.compile(readSharedJson<object>('schemas', 'ninjs-schema_2.2.json'));

const now = '2024-05-01T10:00:00.000Z';
const baseUrl = 'https://api.example.com/';
const reference = (): Article => processArticle(readReferenceArticle(), { tagger: tagger, now });

describe('toNinjs', () => {
  it('produces ninjs 2.2 that the IPTC schema accepts, for the reference article', () => {
    const item = toNinjs(reference(), { baseUrl });
    const valid = validateNinjs(item);
    expect(validateNinjs.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The validator is strict enough to catch us: an undefined field or a non-URI uri fails.
    expect(validateNinjs({ ...item, headline: 'ninjs 1.x field' })).toBe(false);
    expect(validateNinjs({ ...item, uri: 'not a uri' })).toBe(false);
  });

  it('is also valid for embargoed and withdrawn articles, with and without optional fields', () => {
    const embargoed = processArticle(JSON.stringify({ publisher: 'Wire', headline: 'H', body: 'Body text.', embargoUntil: '2030-01-01T00:00:00Z' }), { tagger: tagger, now });
    const withdrawn: Article = { ...reference(), status: 'withdrawn', withdrawnAt: now };
    for (const article of [embargoed, withdrawn]) {
      expect(validateNinjs(toNinjs(article, { baseUrl })), JSON.stringify(validateNinjs.errors)).toBe(true);
    }
    expect(toNinjs(embargoed, { baseUrl })).toMatchObject({ pubstatus: 'withheld', embargoed: '2030-01-01T00:00:00.000Z' });
    expect(toNinjs(withdrawn, { baseUrl }).pubstatus).toBe('canceled');
  });

  it('links a near-duplicate to its cluster’s first article with the similarity, carries tag relevance, and stays valid', () => {
    const article: Article = { ...reference(), nearDuplicateOf: 'first-copy', similarity: 0.87 };
    const item = toNinjs(article, { baseUrl });
    expect(validateNinjs(item), JSON.stringify(validateNinjs.errors)).toBe(true);
    expect(item.associations).toContainEqual({
      name: 'near-duplicate-of',
      uri: 'https://api.example.com/articles/first-copy',
      type: 'text',
      representationtype: 'partial',
      descriptions: [{ role: 'similarity', contenttype: 'text/plain', value: '0.87' }],
    });
    const raqqa = item.subjects.find((s) => s.literal === 'raqqa');
    expect(raqqa?.relevance).toBe(Math.round((article.tags.find((t) => t.id === 'raqqa')?.relevance ?? -1) * 100));
    expect(toNinjs(reference(), { baseUrl }).associations).toBeUndefined();
  });

  it('maps identity, dates, text and publisher', () => {
    const article = reference();
    const item = toNinjs(article, { baseUrl });
    expect(item).toMatchObject({
      uri: `https://api.example.com/articles/${article.id}`,
      version: '1',
      firstcreated: now,
      versioncreated: now,
      pubstatus: 'usable',
      language: 'en',
      slugline: article.slug,
      headlines: [{ role: 'main', value: '‘ISIS is Losing in Every Way’ – US Backed Forces Take Raqqa' }],
      descriptions: [{ role: 'standfirst', value: article.standfirst }],
      infosources: [{ name: 'OpsLens', role: 'publisher', literal: 'opslens' }],
    });
    expect(item.bodies.map((b) => b.contenttype)).toEqual(['text/html', 'text/plain']);
    expect(item.altids).toContainEqual({ role: 'fingerprint', value: `sha256:${article.fingerprint}` });
  });

  it('writes tags as subjects, with Wikidata URIs where the tag has a Wikidata id', () => {
    const article = reference();
    const item = toNinjs(article, { baseUrl });
    const tagSubjects = item.subjects.filter((s) => s.rel !== 'mediatopic' && !s.uri?.startsWith('https://sws.geonames.org/'));
    expect(tagSubjects).toHaveLength(article.tags.length);
    expect(item.subjects).toContainEqual(expect.objectContaining({ literal: 'syria', rel: expect.stringMatching(/place$/), uri: 'http://www.wikidata.org/entity/Q858' }));
    for (const tag of article.tags) {
      const subject = item.subjects.find((s) => s.literal === tag.id);
      expect(subject?.uri, tag.id).toBe(tag.wikidata ? wikidataUri(tag.wikidata) : undefined);
    }
    expect(wikidataUri('Q42')).toBe('http://www.wikidata.org/entity/Q42');
  });

  it('carries GeoNames ids and IPTC Media Topic codes as subjects with their scheme URIs, valid ninjs 2.2', () => {
    const article = reference();
    const item = toNinjs(article, { baseUrl });
    expect(validateNinjs(item), JSON.stringify(validateNinjs.errors)).toBe(true);
    // Syria: its Wikidata subject, and a second one naming it by its GeoNames id.
    const syria = article.tags.find((t) => t.id === 'syria')!;
    expect(syria.geonames).toBe('163843');
    expect(item.subjects).toContainEqual({ name: 'Syria', literal: 'syria', rel: expect.stringMatching(/place$/), uri: 'https://sws.geonames.org/163843/', relevance: Math.round(syria.relevance! * 100) });
    // Every GeoNames and Media Topic id on a tag appears once with its scheme's URI.
    for (const tag of article.tags) {
      if (tag.geonames) expect(item.subjects.filter((s) => s.uri === geonamesUri(tag.geonames!)), tag.id).toHaveLength(1);
    }
    const codes = new Set(article.tags.flatMap((t) => t.mediatopics ?? []));
    expect(codes.size).toBeGreaterThan(0);
    const topics = item.subjects.filter((s) => s.rel === 'mediatopic');
    expect(topics.map((s) => s.literal).sort()).toEqual([...codes].sort());
    for (const topic of topics) {
      expect(topic.uri).toBe(`http://cv.iptc.org/newscodes/mediatopic/${topic.literal!.slice('medtop:'.length)}`);
      // The most relevant of the tags about that topic sets its relevance.
      const about = article.tags.filter((t) => t.mediatopics?.includes(topic.literal!));
      expect(topic.relevance).toBe(Math.max(...about.map((t) => Math.round(t.relevance! * 100))));
    }
    // ISIS is about acts of terror; IPTC's own label names the subject.
    expect(topics).toContainEqual(expect.objectContaining({ literal: 'medtop:20000053', name: 'act of terror', uri: mediatopicUri('medtop:20000053') }));
    expect(mediatopicUri('medtop:16000000')).toBe('http://cv.iptc.org/newscodes/mediatopic/16000000');
  });

  it('round-trips: reading our ninjs back gives the same article text and fingerprint', () => {
    const article = reference();
    const again = processArticle(JSON.stringify(toNinjs(article, { baseUrl })), { tagger: tagger, now });
    expect(again.source.format).toBe('ninjs2');
    expect(again).toMatchObject({ headline: article.headline, standfirst: article.standfirst, body: article.body, bodyHtml: article.bodyHtml, fingerprint: article.fingerprint, publisher: article.publisher, language: 'en' });
  });

  it('round-trips an article without standfirst without inventing one from the summary', () => {
    const article = processArticle(JSON.stringify({ publisher: 'Wire', headline: 'Headline', body: ['A first paragraph that is long enough to be summarised here.', 'Second.'] }), { tagger: tagger, now });
    const reparsed = normalise(parseArticle(JSON.stringify(toNinjs(article, { baseUrl }))));
    expect(reparsed.standfirst).toBeUndefined();
    expect(reparsed.paragraphs).toEqual(article.body);
  });

  describe('with images', () => {
    const article = processArticle(JSON.stringify({
      publisher: 'Wire', headline: 'Bridge reopens', body: 'One.\n\nTwo.', bodyHtml: '<p>One.</p><figure><img src="https://cdn.example.org/b.png" alt="B" width="640" height="480"></figure><p>Two.</p>',
      media: [{ url: 'https://cdn.example.org/a.jpg', width: 1600, height: 900, bytes: 240000, caption: 'Lorries cross.', credit: 'Jo Lens', alt: 'Lorries' }],
    }), { tagger, now });

    it('writes each image as a picture association with its renditions, still valid ninjs 2.2', () => {
      const item = toNinjs(article, { baseUrl });
      expect(validateNinjs(item), JSON.stringify(validateNinjs.errors)).toBe(true);
      expect(item.associations).toEqual([
        { name: 'lead', uri: 'https://cdn.example.org/a.jpg', type: 'picture', by: 'Jo Lens',
          descriptions: [{ role: 'caption', contenttype: 'text/plain', value: 'Lorries cross.' }, { role: 'alt', contenttype: 'text/plain', value: 'Lorries' }],
          renditions: [{ name: 'original', href: 'https://cdn.example.org/a.jpg', contenttype: 'image/jpeg', width: 1600, height: 900, sizeinbytes: 240000 }] },
        { name: 'image-2', uri: 'https://cdn.example.org/b.png', type: 'picture', descriptions: [{ role: 'alt', contenttype: 'text/plain', value: 'B' }],
          renditions: [{ name: 'original', href: 'https://cdn.example.org/b.png', contenttype: 'image/png', width: 640, height: 480 }] },
      ]);
    });

    it('round-trips the images through our ninjs reader', () => {
      const again = processArticle(JSON.stringify(toNinjs(article, { baseUrl })), { tagger, now });
      expect(again.media).toEqual(article.media);
    });
  });
});
