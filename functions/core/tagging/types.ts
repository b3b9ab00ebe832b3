/**
 * The tagger's contract. The article pipeline receives a `Tagger` rather than
 * importing one, so the pure core stays testable and the compiled matcher is
 * built once per container by whoever composes the pipeline.
 */
import type { Publisher, Tag } from '../article/schema.ts';

/** The parts of an article the tagger reads. Offsets count in `taggedText(...)`. */
export interface TaggableText {
  headline: string;
  standfirst?: string;
  paragraphs: readonly string[];
}

export interface Tagger {
  /**
   * Tags found in the text, plus implied parents, plus the publisher's own tag
   * when `publisher` is given. Outlets merely named in the text never become
   * publisher tags.
   */
  tag(text: TaggableText, publisher?: Publisher): Tag[];
  /** The publisher concept for a source name: taxonomy id when known (`opslens`), else the slug of the name. */
  resolvePublisher(name: string): Publisher;
}

/** Headline, standfirst and paragraphs joined by blank lines: the text `firstOffset` counts in. */
export function taggedText(text: TaggableText): string {
  return [text.headline, text.standfirst, ...text.paragraphs].filter((p): p is string => !!p).join('\n\n');
}
