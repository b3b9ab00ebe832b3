import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNinjs2 } from '#core/parse/ninjs2.ts';
import { parseNinjs3 } from '#core/parse/ninjs3.ts';
import { parseArticle } from '#core/parse/index.ts';
import { repoRoot } from '../../support/shared.ts';

const sample = (name: string) => readFileSync(join(repoRoot, 'events', 'articles', name));

describe('ninjs 2.x', () => {
  it('reads the sample: headline, HTML body, description as standfirst, publisher from infosources, uri as source id', () => {
    const parsed = parseArticle(sample('frontline-manbij.ninjs2.json'), { contentType: 'application/json' });
    expect(parsed).toMatchObject({
      format: 'ninjs2',
      headline: 'SDF Takes Manbij After Ten-Week Battle',
      standfirst: expect.stringMatching(/^The town west of the Euphrates/),
      publisherName: 'Frontline Dispatch',
      byline: 'Frontline Dispatch staff',
      sourceId: 'urn:frontline-dispatch:2016:manbij-liberated',
      publishedAt: '2016-08-13T09:15:00.000Z',
      language: 'en',
    });
    expect(parsed.paragraphs).toHaveLength(3);
    expect(parsed.paragraphsHtml?.[0]).toMatch(/^<p>The Syrian Democratic Forces/);
  });

  it('reads the 1.x field names still common in the wild', () => {
    const parsed = parseNinjs2({ uri: 'urn:x', headline: 'Old style', body_text: 'One.\n\nTwo.', description_text: 'Lead text here.', byline: 'By A. Writer', versioncreated: '2017-01-02T03:04:05+01:00', embargoed: '2030-01-01T00:00:00Z', copyrightholder: 'Old Wire' });
    expect(parsed).toMatchObject({ headline: 'Old style', paragraphs: ['One.', 'Two.'], standfirst: 'Lead text here.', byline: 'A. Writer', publisherName: 'Old Wire', publishedAt: '2017-01-02T02:04:05.000Z', embargoUntil: '2030-01-01T00:00:00.000Z' });
  });

  it('prefers the main headline and an HTML body over plain text', () => {
    const parsed = parseNinjs2({ uri: 'u', headlines: [{ role: 'sub', value: 'Sub' }, { role: 'main', value: 'Main' }], bodies: [{ contenttype: 'text/plain', value: 'Plain.' }, { contenttype: 'text/html', value: '<p>Rich.</p>' }] });
    expect(parsed.headline).toBe('Main');
    expect(parsed.paragraphs).toEqual(['Rich.']);
  });

  it('does not take a description that only repeats the start of the body as the standfirst', () => {
    const parsed = parseNinjs2({ uri: 'u', headline: 'H', body_text: 'The opening sentence of the story continues here.', description_text: 'The opening sentence of the…' });
    expect(parsed.standfirst).toBeUndefined();
  });

  it('refuses items that break the schema, naming the field', () => {
    expect(() => parseNinjs2({ headline: 'H', body_text: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_article', message: 'invalid ninjs 2.x item: field uri is required' }));
    expect(() => parseNinjs2({ uri: 'u', headlines: [{ value: 3 }] })).toThrow('invalid ninjs 2.x item: field headlines[0].value must be a string');
    expect(() => parseNinjs2({ uri: 'u', headline: 'H', body_text: 'x', versioncreated: 'Tuesday' })).toThrow('field versioncreated is not an ISO 8601 date-time: "Tuesday"');
    expect(() => parseNinjs2({ uri: 'u', headline: 'H', body_text: 'x', pubstatus: 'gone' })).toThrow(/field pubstatus must be one of "usable", "withheld", "canceled"/);
  });

  it('refuses items without headline or body, and canceled items', () => {
    expect(() => parseNinjs2({ uri: 'u', body_text: 'x' })).toThrow(expect.objectContaining({ code: 'no_headline' }));
    expect(() => parseNinjs2({ uri: 'u', headline: 'H' })).toThrow(expect.objectContaining({ code: 'no_body', message: 'no body found (ninjs bodies is empty)' }));
    expect(() => parseNinjs2({ uri: 'u', headline: 'H', body_text: 'x', pubstatus: 'canceled' })).toThrow(/canceled/);
  });
});

describe('ninjs 3.x', () => {
  it('reads the sample: camelCase dates and info sources, plain-text body split into paragraphs', () => {
    const parsed = parseArticle(sample('opslens-baghuz.ninjs3.json'));
    expect(parsed).toMatchObject({
      format: 'ninjs3',
      headline: 'Last ISIS Pocket at Baghuz Falls to SDF',
      publisherName: 'OpsLens',
      sourceId: 'urn:opslens:2019:baghuz-final-pocket',
      publishedAt: '2019-03-23T11:00:00.000Z',
    });
    expect(parsed.paragraphs).toHaveLength(3);
  });

  it('reads bodies[].contentType and embargoed, and names camelCase fields in refusals', () => {
    const parsed = parseNinjs3({ uri: 'u', headlines: [{ value: 'H' }], bodies: [{ contentType: 'text/html', value: '<p>A.</p><p>B.</p>' }], embargoed: '2031-05-01T12:00:00+00:00', infoSources: [{ name: 'Wire', role: 'originator' }] });
    expect(parsed).toMatchObject({ paragraphs: ['A.', 'B.'], embargoUntil: '2031-05-01T12:00:00.000Z', publisherName: 'Wire' });
    expect(() => parseNinjs3({ uri: 'u', headlines: [{ value: 'H' }], bodies: [{ value: 'x' }], versionCreated: 'soon' })).toThrow('field versionCreated is not an ISO 8601 date-time: "soon"');
    expect(() => parseNinjs3({ uri: 'u', infoSources: 'OpsLens' })).toThrow('invalid ninjs 3.x item: field infoSources must be a list');
  });
});
