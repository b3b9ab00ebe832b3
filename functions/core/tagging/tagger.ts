/**
 * The taxonomy tagger. `tag` runs these steps on one article:
 * 1. tokenise the tagged text (headline, standfirst, paragraphs joined by blank lines) once;
 * 2. find pattern matches, one hash lookup per word (see match.ts), and bind
 *    acronyms the article defines for itself (see acronyms.ts); drop streets
 *    and gates named after places (see namesakes.ts);
 * 3. resolve trap forms from their neighbours and the whole article (see traps.ts);
 * 4. count mentions and first offsets per concept, then add parents and implied
 *    concepts, marked `implied`, each with its relevance (see relevance.ts);
 * 5. put the publisher's own tag first, taken from the source only.
 */
import type { Publisher, Tag } from '../article/schema.ts';
import { applyAcronymDefinitions, coverage } from './acronyms.ts';
import { compileTaxonomy, publisherKey, type CompiledConcept, type CompiledTaxonomy } from './compile.ts';
import { findMatches } from './match.ts';
import { directRelevance, impliedRelevance, layoutOf, type MentionStats, type TextLayout } from './relevance.ts';
import { dropNamesakes } from './namesakes.ts';
import { shippedTaxonomy } from './shipped.ts';
import type { Taxonomy } from './taxonomy.ts';
import { tokenize } from './tokens.ts';
import { resolveTraps } from './traps.ts';
import { taggedText, type TaggableText, type Tagger } from './types.ts';

let shippedTagger: Tagger | undefined;

/**
 * A tagger for `taxonomy`, or for the shipped taxonomy when none is given.
 * The shipped one is validated and compiled on first use and then reused for
 * the life of the container.
 */
export function createTagger(taxonomy?: Taxonomy): Tagger {
  if (taxonomy !== undefined) return new TaxonomyTagger(compileTaxonomy(taxonomy));
  shippedTagger ??= new TaxonomyTagger(compileTaxonomy(shippedTaxonomy()));
  return shippedTagger;
}

/** A tagger for a taxonomy compiled beforehand (at build time: compiled-form.ts). */
export const taggerFor = (compiled: CompiledTaxonomy): Tagger => new TaxonomyTagger(compiled);

class TaxonomyTagger implements Tagger {
  constructor(private readonly compiled: CompiledTaxonomy) {}

  tag(text: TaggableText, publisher?: Publisher): Tag[] {
    const tags = this.tagText(taggedText(text), layoutOf(text));
    if (publisher === undefined) return tags;
    const own = this.publisherTag(publisher);
    return [own, ...tags.filter((t) => t.id !== own.id)];
  }

  resolvePublisher(name: string): Publisher {
    const trimmed = name.trim();
    const known = this.compiled.publisherByName.get(publisherKey(trimmed));
    if (known !== undefined) {
      const concept = this.conceptById(known);
      return { id: known, name: concept?.label ?? trimmed };
    }
    return { id: slugify(trimmed), name: trimmed };
  }

  private tagText(text: string, layout: TextLayout): Tag[] {
    const headlineEnd = layout.headlineEnd;
    const { compiled } = this;
    const tokens = tokenize(text);
    const matches = dropNamesakes(tokens, applyAcronymDefinitions(tokens, findMatches(tokens, compiled), compiled), compiled, headlineEnd);
    const coveredBy = coverage(tokens, matches);
    const presentConcepts = new Set<number>();
    for (const match of matches) {
      if (match.target >= 0) {
        presentConcepts.add(match.target);
        for (const implied of compiled.impliedBy[match.target] ?? []) presentConcepts.add(implied);
      }
    }
    const resolved = resolveTraps(compiled, { tokens, matches, coveredBy, presentConcepts, headlineEnd });

    const found = new Map<number, MentionStats>();
    for (const [m, match] of matches.entries()) {
      const concept = resolved[m] as number;
      if (concept < 0) continue;
      const inHeadline = match.offset < headlineEnd;
      const inLead = match.offset >= layout.leadStart && match.offset < layout.leadEnd;
      const entry = found.get(concept);
      if (entry === undefined) found.set(concept, { mentions: 1, firstOffset: match.offset, inHeadline, inLead });
      else {
        entry.mentions += 1;
        entry.inHeadline ||= inHeadline;
        entry.inLead ||= inLead;
      }
    }
    const relevance = new Map<number, number>();
    for (const [concept, stats] of found) relevance.set(concept, directRelevance(stats, layout));
    const implied = new Map<number, number[]>();
    for (const [concept, own] of relevance) {
      for (const target of compiled.impliedBy[concept] ?? []) {
        const children = implied.get(target);
        if (children === undefined) implied.set(target, [own]);
        else children.push(own);
      }
    }
    const tags: Tag[] = [];
    for (const [concept, { mentions, firstOffset }] of found) {
      const score = Math.max(relevance.get(concept) as number, impliedRelevance(implied.get(concept) ?? []));
      tags.push(this.toTag(concept, mentions, firstOffset, false, score));
    }
    tags.sort((a, b) => a.firstOffset - b.firstOffset);
    for (const [concept, children] of implied) {
      if (found.has(concept)) continue;
      tags.push(this.toTag(concept, 0, -1, true, impliedRelevance(children)));
    }
    return tags;
  }

  private toTag(conceptIndex: number, mentions: number, firstOffset: number, implied: boolean, relevance: number): Tag {
    const concept = this.compiled.concepts[conceptIndex] as CompiledConcept;
    return withSubjectCodes({ id: concept.id, label: concept.label, type: concept.type, mentions, firstOffset, implied, relevance }, concept);
  }

  private publisherTag(publisher: Publisher): Tag {
    const concept = this.conceptById(publisher.id);
    const tag: Tag = {
      id: publisher.id,
      label: concept?.label ?? publisher.name,
      type: 'publisher',
      mentions: 0,
      firstOffset: -1,
      implied: false,
      // The source says so, not the text: a filter on a publisher's tag never loses its articles.
      relevance: 1,
    };
    return concept ? withSubjectCodes(tag, concept) : tag;
  }

  private conceptById(id: string): CompiledConcept | undefined {
    const index = this.compiled.conceptIndex.get(id);
    return index === undefined ? undefined : this.compiled.concepts[index];
  }
}

/** `The Sentry Review` → `the-sentry-review`: lowercase ASCII words joined by hyphens. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length > 0 ? slug : 'unknown';
}

/** The concept's subject codes on its tag, in the order the article schema lists them (checked-article.ts relies on it). */
function withSubjectCodes(tag: Tag, concept: CompiledConcept): Tag {
  if (concept.wikidata !== undefined) tag.wikidata = concept.wikidata;
  if (concept.geonames !== undefined) tag.geonames = concept.geonames;
  if (concept.mediatopics !== undefined) tag.mediatopics = [...concept.mediatopics];
  return tag;
}
