/**
 * A deliberately tiny Tagger for pipeline plumbing tests only (the real one
 * lives in functions/core/tagging/): it recognises two concepts by exact name
 * and resolves publishers by slug, so tests can see tags flow through.
 */
import type { Publisher, Tag } from '#core/article/schema.ts';
import { taggedText, type TaggableText, type Tagger } from '#core/tagging/types.ts';

const concepts = [
  { id: 'oir', label: 'Operation Inherent Resolve', type: 'operation', wikidata: 'Q18341434', pattern: /Operation Inherent Resolve/g },
  { id: 'raqqa', label: 'Raqqa', type: 'place', pattern: /\bRaqqa\b/g },
] as const;

export const inlineTagger: Tagger = {
  tag(text: TaggableText, publisher?: Publisher): Tag[] {
    const full = taggedText(text);
    const tags: Tag[] = [];
    for (const concept of concepts) {
      const matches = [...full.matchAll(concept.pattern)];
      if (matches.length === 0) continue;
      tags.push({ id: concept.id, label: concept.label, type: concept.type, mentions: matches.length, firstOffset: matches[0]!.index, implied: false, ...('wikidata' in concept ? { wikidata: concept.wikidata } : {}) });
    }
    if (publisher) tags.push({ id: publisher.id, label: publisher.name, type: 'publisher', mentions: 0, firstOffset: -1, implied: false });
    return tags;
  },
  resolvePublisher(name: string): Publisher {
    return { id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''), name };
  },
};
