/**
 * Pull-quote artefacts: page layouts print a sentence as its own paragraph and
 * again inside the paragraph it came from, and copy-paste turns that into a
 * repeated paragraph. A body paragraph whose whole (folded) text appears inside
 * another body paragraph, or that equals an earlier one, adds nothing, so it is
 * dropped and the drop is reported.
 *
 * Dropping only contained or later-equal paragraphs makes this idempotent: a
 * kept paragraph is never inside another kept one, so a second pass drops nothing.
 */
import type { NormalisationNote } from '../article/schema.ts';
import { foldText } from './fold.ts';

/** Shorter paragraphs ("Yes.", "Still.") can be inside others by chance; only real sentences count as repeats. */
const MIN_REPEATED_WORDS = 4;

export interface RepeatDrop {
  /** Index (0-based) of the dropped paragraph in the input. */
  dropped: number;
  /** Index of the paragraph that holds the same text. */
  keptIn: number;
}

/** At least `min` words? Folded text has single spaces, so words are spaces + 1. */
function hasWords(folded: string, min: number): boolean {
  if (!folded) return false;
  let spaces = 0;
  for (let at = folded.indexOf(' '); at !== -1 && spaces < min - 1; at = folded.indexOf(' ', at + 1)) spaces++;
  return spaces >= min - 1;
}

const wordChar = /[\p{L}\p{N}]/u;
const isWordChar = (ch: string | undefined) => ch !== undefined && wordChar.test(ch);

/** True when `needle` occurs in `haystack` starting and ending on word boundaries. */
function containsAsWords(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    const startsOnBoundary = !isWordChar(before) || !isWordChar(needle[0]);
    const endsOnBoundary = !isWordChar(after) || !isWordChar(needle[needle.length - 1]);
    if (startsOnBoundary && endsOnBoundary) return true;
  }
  return false;
}

/** Which paragraphs repeat text found in another paragraph, and where. */
export function findRepeatedParagraphs(paragraphs: readonly string[]): RepeatDrop[] {
  const folded = paragraphs.map(foldText);
  const drops: RepeatDrop[] = [];
  folded.forEach((text, i) => {
    if (!hasWords(text, MIN_REPEATED_WORDS)) return;
    const keptIn = folded.findIndex((other, j) => {
      if (j === i) return false;
      if (other === text) return j < i;
      return other.length > text.length && containsAsWords(other, text);
    });
    if (keptIn !== -1) drops.push({ dropped: i, keptIn });
  });
  return drops;
}

const preview = (text: string) => (text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text);

/** The paragraphs without repeats, the indexes kept, and one note per drop (paragraph numbers count from 1). */
export function dropRepeatedParagraphs(paragraphs: readonly string[]): {
  kept: number[];
  notes: NormalisationNote[];
} {
  const drops = findRepeatedParagraphs(paragraphs);
  const droppedIndexes = new Set(drops.map((d) => d.dropped));
  const kept = paragraphs.map((_, i) => i).filter((i) => !droppedIndexes.has(i));
  const notes = drops.map(({ dropped, keptIn }) => ({
    code: 'repeated_paragraph_dropped',
    message: `body paragraph ${dropped + 1} ("${preview(paragraphs[dropped] ?? '')}") was dropped: its text repeats in paragraph ${keptIn + 1}`,
  }));
  return { kept, notes };
}
