/**
 * The folded form of text: what is left when every cosmetic difference is
 * taken out (case, quote and dash styles, whitespace, line ends, BOM,
 * invisible format characters, compatibility forms such as `…` or full-width
 * letters). Two texts that fold equal say the same thing; the fingerprint and
 * the repeated-paragraph check both compare folded forms.
 */
import { collapseWhitespace, removeUnwantedChars } from './text.ts';

const quotes = /['"`´‘’‚‛“”„‟′″‹›«»]/g;
const dashes = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D-]/g;
const invisible = /\p{Cf}/gu;
/** Pre-check (no `u` flag, so cheap) for the format characters text actually contains, and any astral ones. */
const mayHaveInvisible = /[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\uD800-\uDFFF]/;

/** NFKC also composes, so no separate NFC step; `\s+` takes care of CR and LF. */
export function foldText(text: string): string {
  const visible = mayHaveInvisible.test(text) ? text.replace(invisible, '') : text;
  const folded = collapseWhitespace(removeUnwantedChars(visible).normalize('NFKC').toLowerCase().replace(quotes, "'").replace(dashes, '-'));
  return folded.includes(' -') || folded.includes('- ') ? folded.replace(/ ?- ?/g, '-') : folded;
}
