import type { Tag } from '#core/article/schema.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import type { Tagger } from '#core/tagging/types.ts';

/** Tags one body paragraph under a neutral headline. */
export function tagsOf(paragraph: string, tagger: Tagger = createTagger()): Tag[] {
  return tagger.tag({ headline: 'Briefing', paragraphs: [paragraph] });
}

/** Ids of the tags found in the text itself (not implied). */
export function mentioned(paragraph: string, tagger?: Tagger): string[] {
  return tagsOf(paragraph, tagger).filter((t) => !t.implied).map((t) => t.id);
}

export function allIds(paragraph: string, tagger?: Tagger): string[] {
  return tagsOf(paragraph, tagger).map((t) => t.id);
}
