/**
 * A large, deterministic taxonomy for measuring how matching cost scales with
 * taxonomy size (the `tagger.taxonomyScaleRatio` benchmark). It keeps the base
 * taxonomy and adds generated concepts shaped like real ones, including many
 * that share first words with real names (`Operation …`, `Camp …`, `Abu …`,
 * `al-…`, `US …`) so crowded prefixes are exercised, plus acronyms, persons
 * with surnames, and parents pointing at real places.
 */
import type { Concept, Taxonomy } from './taxonomy.ts';

const SYLLABLES = [
  'vek', 'tam', 'sul', 'bri', 'nox', 'dar', 'kel', 'mur', 'zin', 'pol', 'rav', 'tes', 'gul', 'hob', 'lim', 'qen',
  'fro', 'wex', 'jad', 'yor', 'bax', 'cim', 'dov', 'eth', 'fay', 'gor', 'hix', 'ivo', 'jun', 'kor', 'lux', 'mav',
];

/** Small, fast, seedable PRNG (mulberry32) so every run generates the same taxonomy. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `base` plus generated concepts up to `totalConcepts` concepts in all.
 * Generated ids start with `synthetic-`.
 */
export function syntheticTaxonomy(base: Taxonomy, totalConcepts: number, seed = 20_17): Taxonomy {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const word = (syllables: number) => {
    let text = '';
    for (let i = 0; i < syllables; i += 1) text += pick(SYLLABLES);
    return text[0]?.toUpperCase() + text.slice(1);
  };
  const places = base.concepts.filter((c) => c.type === 'place').map((c) => c.id);
  const usedNames = new Set<string>();
  const unique = (make: () => string): string => {
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const name = make();
      // The matcher folds case, doubled letters and a leading article: so must uniqueness.
      const folded = name.toLowerCase().replace(/^al-/, '').replace(/(.)\1+/g, '$1');
      if (!usedNames.has(folded)) {
        usedNames.add(folded);
        return name;
      }
    }
    throw new Error('synthetic taxonomy: ran out of distinct names; add syllables');
  };
  const shapes: ((id: string) => Concept)[] = [
    (id) => ({ id, label: '', type: 'operation', aliases: [unique(() => `Operation ${word(2)} ${word(2)}`)] }),
    (id) => ({ id, label: '', type: 'place', parent: pick(places), aliases: [unique(() => `Camp ${word(3)}`)] }),
    (id) => ({ id, label: '', type: 'place', parent: pick(places), aliases: [unique(() => word(3)), unique(() => `al-${word(3)}`)] }),
    (id) => ({
      id, label: '', type: 'person',
      aliases: [unique(() => `Abu ${word(2)} al-${word(3)}`)],
      surnames: [unique(() => word(4))],
    }),
    (id) => ({ id, label: '', type: 'organization', aliases: [unique(() => `US ${word(3)} Command`), unique(() => acronym(next))] }),
    (id) => ({ id, label: '', type: 'organization', implies: [pick(places)], aliases: [unique(() => `${word(2)} ${word(2)} Brigade`)] }),
    (id) => ({ id, label: '', type: 'topic', aliases: [unique(() => `${word(2).toLowerCase()} ${word(2).toLowerCase()}`)] }),
  ];
  const concepts: Concept[] = [...base.concepts];
  for (let n = 0; concepts.length < totalConcepts; n += 1) {
    const concept = (shapes[n % shapes.length] as (id: string) => Concept)(`synthetic-${n}`);
    concept.label = concept.aliases?.[0] ?? concept.id;
    concepts.push(concept);
  }
  return { ...base, concepts };
}

function acronym(next: () => number): string {
  let text = 'Z';
  for (let i = 0; i < 4; i += 1) text += String.fromCharCode(65 + Math.floor(next() * 26));
  return text;
}
