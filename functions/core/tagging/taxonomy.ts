/**
 * The taxonomy file's shape and its validation. A taxonomy is data: concepts
 * (with aliases, parents, implied concepts and Wikidata ids) and traps (surface
 * forms with several senses, resolved from context). A broken file must fail
 * loudly when it is loaded, never tag silently wrong, so structural checks
 * (zod) are followed by referential ones (unknown ids, cycles, duplicates).
 */
import * as z from 'zod/mini';
import { conceptType, geoNamesId, mediatopicCode, wikidataId } from '../article/fields.ts';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The file's schema, built by the first `loadTaxonomy`. Only what validates a taxonomy needs it (tests,
 * tools, `createTagger`): ingest tags with the taxonomy compiled at build time (compiled-form.ts) and
 * never loads one. Built at module load, these zod schemas were ~0.8 ms and 170 KB of ingest's cold
 * start; and a function declaration nothing calls is dropped from a bundle, where esbuild must keep a
 * top-level `z.object(...)`, its `.check()` calls being method calls it cannot know are pure.
 */
function buildTaxonomySchema() {
  const nonEmpty = () => z.string().check(z.minLength(1));
  const conceptId = () => z.string().check(z.regex(ID, 'ids are lowercase slugs like "deir-ez-zor"'));

  const Concept = z.object({
    id: conceptId(),
    label: nonEmpty(),
    type: conceptType(),
    /** Names matched in text. Written case matters: an all-capitals word (`SDF`) matches only in capitals,
     * a capitalised word (`Raqqa`) never matches an all-lowercase one, a lowercase word matches any case. */
    aliases: z.optional(z.array(nonEmpty())),
    /** Surnames that name this person only beside a title (`Col. Dillon`) or once the full name appeared. */
    surnames: z.optional(z.array(nonEmpty())),
    parent: z.optional(conceptId()),
    implies: z.optional(z.array(conceptId())),
    /**
     * For a person whose name others share (a footballer with an official's name): the role, from the
     * taxonomy's `roles`, whose cue the article must carry before the name is theirs.
     */
    namesakeRole: z.optional(nonEmpty()),
    /** Subject codes, each from a published list (tools/subject-codes says which, `npm run subject-codes` writes them). */
    wikidata: z.optional(wikidataId()),
    /** GeoNames id of a place (`https://sws.geonames.org/{id}/`). */
    geonames: z.optional(geoNamesId()),
    /** IPTC Media Topics the concept is about (`medtop:20000056`), most often one. */
    mediatopics: z.optional(z.array(mediatopicCode()).check(z.minLength(1))),
  });

  const TrapSense = z.object({
    /** Taxonomy concept for this sense; absent for a sense outside the taxonomy (a person, a river, a bird). */
    concept: z.optional(conceptId()),
    /** Name of the sense, for reports and for `nameSense`. */
    sense: nonEmpty(),
    /** Chosen for mentions nothing else decides. */
    default: z.optional(z.boolean()),
    /** Only chosen by document context when at least one cue is present. */
    requireCue: z.optional(z.boolean()),
    /** Words or phrases right before the mention that decide this sense (`goddess`, `Fort Stewart`). */
    before: z.optional(z.array(nonEmpty())),
    /** Words or phrases right after the mention that decide this sense (`fighters`, `River`). */
    after: z.optional(z.array(nonEmpty())),
    /** Single words anywhere in the article that argue for this sense. */
    cues: z.optional(z.array(nonEmpty())),
    /** Concepts found in the article that argue for this sense. */
    cueConcepts: z.optional(z.array(conceptId())),
    /** Words that all but settle the sense wherever they appear (`Tokyo` for SDF): any of them weighs as three cues, once. */
    decisiveCues: z.optional(z.array(nonEmpty())),
    /** Concepts that all but settle the sense (`jgsdf` for SDF), weighed like `decisiveCues`. */
    decisiveCueConcepts: z.optional(z.array(conceptId())),
  });

  const Trap = z.object({
    /** The ambiguous surface form, written with the case rules of an alias. */
    form: nonEmpty(),
    senses: z.array(TrapSense).check(z.minLength(2)),
    /** Sense chosen when the form sits inside a capitalised name (`Michael Jordan`, `Isis Valverde`). */
    nameSense: z.optional(nonEmpty()),
    /** Sense chosen when a capitalised word qualifies the form (`Pakistan Army`, `Salvation Army`). */
    qualifierSense: z.optional(nonEmpty()),
    /** Ignore the form inside all-capitals text (`WHAT IS NEXT`, `LET US`). */
    rejectInAllCaps: z.optional(z.boolean()),
  });

  const Taxonomy = z.object({
    version: z.int().check(z.gte(1)),
    /** Words before a surname that make it a person's (`Col.`, `Gen.`, `spokesman`). */
    personTitles: z.array(nonEmpty()),
    /** Single words after a place name that make the whole a different place named after it (`Syria Street`). */
    namesakeWords: z.optional(z.array(nonEmpty())),
    /** Phrases right before a place name that make the whole a different place named after it (`Strait of`). */
    namesakeBefore: z.optional(z.array(nonEmpty())),
    /**
     * What an article says about a person of this role: a title or rank before the name (`personTitles`),
     * role words anywhere (`spokesman`, `Pentagon`), or affiliations and topics found as concepts.
     */
    roles: z.optional(z.record(z.string(), z.object({ cues: z.array(nonEmpty()), cueConcepts: z.array(conceptId()) }))),
    concepts: z.array(Concept).check(z.minLength(1)),
    traps: z.optional(z.array(Trap)),
  });
  return Taxonomy;
}

let taxonomySchema: ReturnType<typeof buildTaxonomySchema> | undefined;

export type Taxonomy = z.infer<ReturnType<typeof buildTaxonomySchema>>;
export type Concept = Taxonomy['concepts'][number];
export type Trap = NonNullable<Taxonomy['traps']>[number];
export type TrapSense = Trap['senses'][number];

export class TaxonomyError extends Error {
  readonly code = 'invalid_taxonomy';
  constructor(readonly problems: readonly string[]) {
    super(`invalid taxonomy: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? ` (+${problems.length - 20} more)` : ''}`);
    this.name = 'TaxonomyError';
  }
}

/** Validates a parsed taxonomy file; throws `TaxonomyError` listing every problem found. */
export function loadTaxonomy(data: unknown): Taxonomy {
  taxonomySchema ??= buildTaxonomySchema();
  const parsed = z.safeParse(taxonomySchema, data);
  if (!parsed.success) {
    throw new TaxonomyError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  const problems = referentialProblems(parsed.data);
  if (problems.length > 0) throw new TaxonomyError(problems);
  return parsed.data;
}

function referentialProblems(taxonomy: Taxonomy): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Concept>();
  for (const concept of taxonomy.concepts) {
    if (byId.has(concept.id)) problems.push(`duplicate concept id "${concept.id}"`);
    byId.set(concept.id, concept);
  }
  const known = (id: string, where: string) => {
    if (!byId.has(id)) problems.push(`${where} refers to unknown concept "${id}"`);
  };
  for (const concept of taxonomy.concepts) {
    if (concept.parent !== undefined) known(concept.parent, `${concept.id}.parent`);
    for (const id of concept.implies ?? []) known(id, `${concept.id}.implies`);
    if (concept.parent === concept.id || concept.implies?.includes(concept.id)) {
      problems.push(`${concept.id} refers to itself`);
    }
    if (concept.namesakeRole !== undefined && taxonomy.roles?.[concept.namesakeRole] === undefined) {
      problems.push(`${concept.id}.namesakeRole "${concept.namesakeRole}" is not one of the taxonomy's roles`);
    }
    if (concept.type !== 'publisher' && concept.aliases !== undefined && concept.aliases.length === 0) {
      problems.push(`${concept.id} has an empty alias list`);
    }
  }
  for (const [name, role] of Object.entries(taxonomy.roles ?? {})) for (const id of role.cueConcepts) known(id, `roles.${name}.cueConcepts`);
  const cycle = findCycle(taxonomy.concepts, byId);
  if (cycle) problems.push(`parent/implies cycle: ${cycle.join(' → ')}`);
  for (const [index, trap] of (taxonomy.traps ?? []).entries()) {
    const where = `traps[${index}] "${trap.form}"`;
    const names = new Set(trap.senses.map((s) => s.sense));
    if (names.size !== trap.senses.length) problems.push(`${where} has duplicate sense names`);
    if (trap.senses.filter((s) => s.default).length !== 1) problems.push(`${where} needs exactly one default sense`);
    if (trap.nameSense !== undefined && !names.has(trap.nameSense)) problems.push(`${where} nameSense is not one of its senses`);
    if (trap.qualifierSense !== undefined && !names.has(trap.qualifierSense)) {
      problems.push(`${where} qualifierSense is not one of its senses`);
    }
    for (const sense of trap.senses) {
      if (sense.concept !== undefined) known(sense.concept, `${where} sense ${sense.sense}`);
      for (const id of [...(sense.cueConcepts ?? []), ...(sense.decisiveCueConcepts ?? [])]) known(id, `${where} sense ${sense.sense} cueConcepts`);
      for (const cue of [...(sense.cues ?? []), ...(sense.decisiveCues ?? [])]) {
        if (/[\s\-–—]/.test(cue.trim())) problems.push(`${where} cue "${cue}" must be one word (use cueConcepts for names)`);
      }
    }
  }
  return problems;
}

function findCycle(concepts: readonly Concept[], byId: ReadonlyMap<string, Concept>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    const concept = byId.get(id);
    const next = [...(concept?.parent ? [concept.parent] : []), ...(concept?.implies ?? [])];
    for (const target of next) {
      const found = byId.has(target) ? visit(target) : undefined;
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const concept of concepts) {
    const found = visit(concept.id);
    if (found) return found;
  }
  return undefined;
}
