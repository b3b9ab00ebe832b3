/**
 * The folded form of text: what is left when every cosmetic difference is
 * taken out (case, quote and dash styles, whitespace, line ends, BOM,
 * invisible format characters, compatibility forms such as `…` or full-width
 * letters). Two texts that fold equal say the same thing; the fingerprint and
 * the repeated-paragraph check both compare folded forms.
 */
import { cleanCharacters } from './text.ts';

const quotes = /['"`´‘’‚‛“”„‟′″‹›«»]/g;
const dashes = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D-]/g;
const invisible = /\p{Cf}/gu;

export function foldText(text: string): string {
  return cleanCharacters(text)
    .normalize('NFKC')
    .replace(invisible, '')
    .toLowerCase()
    .replace(quotes, "'")
    .replace(dashes, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ?- ?/g, '-')
    .trim();
}
