/** Plain-text summaries and reading figures derived from the normalised text. */
import { withoutQuoteMarks } from './text.ts';

const MAX_SUMMARY_CHARS = 280;
/** Typical adult silent-reading speed for non-fiction. */
const WORDS_PER_MINUTE = 230;

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function cutAtWord(text: string, max: number = MAX_SUMMARY_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace > max / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** The standfirst (without the quote marks that mark one) when there is one, else the first paragraph, cut for feeds. */
export function summarise(standfirst: string | undefined, paragraphs: readonly string[]): string {
  return cutAtWord(standfirst ? withoutQuoteMarks(standfirst) : paragraphs[0] || '');
}

const wordChar = /[\p{L}\p{N}]/u;
const whitespace = /\s/;

function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return wordChar.test(text[i]!);
}

/**
 * Whitespace-separated tokens holding a letter or digit: "American-led", "6,500"
 * and "fighters’" are one word each, a lone dash none. A character scan: this
 * runs on every article and regex splitting was a visible share of the pipeline.
 */
export function countWords(texts: readonly string[]): number {
  let words = 0;
  for (const text of texts) {
    let counted = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 32 || (code > 127 || code < 32 ? whitespace.test(text[i]!) : false)) counted = false;
      else if (!counted && isWordChar(text, i)) {
        words++;
        counted = true;
      }
    }
  }
  return words;
}

export function readingTimeMinutes(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
