/** Plain-text summaries and reading figures derived from the normalised text. */

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

/** The standfirst when there is one, else the first paragraph, cut for feeds. */
export function summarise(standfirst: string | undefined, paragraphs: readonly string[]): string {
  return cutAtWord(standfirst || paragraphs[0] || '');
}

const hasAsciiWordChar = /[A-Za-z0-9]/;
const hasWordChar = /[\p{L}\p{N}]/u;

/** Whitespace-separated tokens holding a letter or digit: "American-led", "6,500" and "fighters’" are one word each, a lone dash none. */
export function countWords(texts: readonly string[]): number {
  let words = 0;
  for (const text of texts) {
    for (const token of text.split(/\s+/)) {
      if (hasAsciiWordChar.test(token) || hasWordChar.test(token)) words++;
    }
  }
  return words;
}

export function readingTimeMinutes(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
