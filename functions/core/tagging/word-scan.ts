/**
 * The word scanner behind `tokenize`: finds exactly the spans the pattern
 * `(?:\p{Lu}\.){2,}|[\p{L}\p{N}\p{M}]+(?:['’ʼ`´][\p{L}\p{M}]+)*` (flags `gu`)
 * finds, leftmost first, but by walking character classes from a table
 * instead of running a Unicode regex once per word, which dominated tagging.
 */

const LETTER = 1;
const NUMBER = 2;
const MARK = 4;
const UPPER = 8;
const KNOWN = 16;

const IS_LETTER = /\p{L}/u;
const IS_NUMBER = /\p{N}/u;
const IS_MARK = /\p{M}/u;
const IS_UPPER = /\p{Lu}/u;

/** Character classes of the Basic Multilingual Plane, filled in as characters are first seen. */
const bmpClasses = new Uint8Array(0x10000);

function classify(char: string): number {
  return (
    KNOWN |
    (IS_LETTER.test(char) ? LETTER : 0) |
    (IS_NUMBER.test(char) ? NUMBER : 0) |
    (IS_MARK.test(char) ? MARK : 0) |
    (IS_UPPER.test(char) ? UPPER : 0)
  );
}

/** Classes of the code point at `at` (whose first UTF-16 unit is `unit`). */
function classesAt(text: string, at: number, unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const low = text.charCodeAt(at + 1);
    // A lone surrogate matches nothing, just as in a `u` regex.
    return low >= 0xdc00 && low <= 0xdfff ? classify(String.fromCodePoint(text.codePointAt(at) as number)) : KNOWN;
  }
  let classes = bmpClasses[unit] as number;
  if (classes === 0) {
    classes = unit >= 0xdc00 && unit <= 0xdfff ? KNOWN : classify(String.fromCharCode(unit));
    bmpClasses[unit] = classes;
  }
  return classes;
}

/** UTF-16 length of the code point starting at `at`. */
function widthAt(text: string, at: number, unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const low = text.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 1;
}

function isApostrophe(unit: number): boolean {
  // ' ` ´ ’ ʼ
  return unit === 0x27 || unit === 0x60 || unit === 0xb4 || unit === 0x2019 || unit === 0x2bc;
}

const FULL_STOP = 0x2e;

/** End of `(?:\p{Lu}\.){2,}` at `at`, or -1. */
function dottedAbbreviationEnd(text: string, at: number): number {
  let pairs = 0;
  let cursor = at;
  while (cursor < text.length) {
    const unit = text.charCodeAt(cursor);
    if ((classesAt(text, cursor, unit) & UPPER) === 0) break;
    const width = widthAt(text, cursor, unit);
    if (text.charCodeAt(cursor + width) !== FULL_STOP) break;
    cursor += width + 1;
    pairs++;
  }
  return pairs >= 2 ? cursor : -1;
}

/** End of a run of code points having any of `wanted` classes, from `at`. */
function runEnd(text: string, at: number, wanted: number): number {
  let cursor = at;
  while (cursor < text.length) {
    const unit = text.charCodeAt(cursor);
    if ((classesAt(text, cursor, unit) & wanted) === 0) break;
    cursor += widthAt(text, cursor, unit);
  }
  return cursor;
}

/**
 * Calls `found(start, end)` for every word of `text`, in order.
 */
export function scanWords(text: string, found: (start: number, end: number) => void): void {
  let at = 0;
  while (at < text.length) {
    const unit = text.charCodeAt(at);
    const classes = classesAt(text, at, unit);
    if ((classes & (LETTER | NUMBER | MARK)) === 0) {
      at += widthAt(text, at, unit);
      continue;
    }
    const dotted = (classes & UPPER) !== 0 ? dottedAbbreviationEnd(text, at) : -1;
    if (dotted !== -1) {
      found(at, dotted);
      at = dotted;
      continue;
    }
    let end = runEnd(text, at, LETTER | NUMBER | MARK);
    while (end < text.length && isApostrophe(text.charCodeAt(end))) {
      const afterApostrophe = runEnd(text, end + 1, LETTER | MARK);
      if (afterApostrophe === end + 1) break;
      end = afterApostrophe;
    }
    found(at, end);
    at = end;
  }
}
