/**
 * Character-level cleaning shared by every stage. Each function is idempotent:
 * applying it to its own output changes nothing, which is what lets a stored
 * article be fed back through the pipeline (a correction, a ninjs round trip)
 * without drifting.
 */

/**
 * Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF,
 * lone surrogates) plus those it discourages and feed validators warn about
 * (DEL and the C1 controls). U+FEFF is a BOM at the start and an invisible
 * no-break space elsewhere: neither carries text.
 */
const unwantedChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF]|\p{Cs}/gu;

/**
 * The same set without the `u` flag: surrogates match as code units, so valid
 * pairs match too. A cheap pre-check that skips the costlier Unicode-aware
 * replace for the usual text, which has none of these.
 */
const mayHaveUnwantedChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Removes characters that cannot appear in XML (feeds, ninjs-as-XML consumers) or carry no text. */
export function removeUnwantedChars(text: string): string {
  return mayHaveUnwantedChars.test(text) ? text.replace(unwantedChars, '') : text;
}

/** BOM, CRLF/CR line ends, forbidden characters, then NFC (after removal, so removal cannot un-compose). */
export function cleanCharacters(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return removeUnwantedChars(lf).normalize('NFC');
}

/** Whitespace other than a plain space, or a space followed by more whitespace. */
const uncollapsedWhitespace = /[^\S ]| \s/;

/**
 * True when `text` has no whitespace but single inner spaces, so collapsing would change nothing.
 * A regex test is about twice as fast as a character loop here, and both far cheaper than the replace.
 */
function isCollapsed(text: string): boolean {
  return text[0] !== ' ' && text[text.length - 1] !== ' ' && !uncollapsedWhitespace.test(text);
}

/** Whitespace runs (including line breaks and no-break spaces) become one space; ends trimmed. */
export function collapseWhitespace(text: string): string {
  return isCollapsed(text) ? text : text.replace(/\s+/g, ' ').trim();
}

/** One line of display text: clean characters, collapsed whitespace, typography kept. */
export function cleanLine(text: string): string {
  return collapseWhitespace(cleanCharacters(text));
}

/** Opening and closing double quotes a quoted paragraph may use, typographic or typewriter. */
const openingQuotes = '“"„«‟';
const closingQuotes = '”"»“';

/** True when the whole paragraph is one quotation: it opens with a quote mark and closes with one. */
export function isWhollyQuoted(paragraph: string): boolean {
  if (paragraph.length < 3) return false;
  const first = paragraph[0] ?? '';
  const last = paragraph[paragraph.length - 1] ?? '';
  if (!openingQuotes.includes(first) || !closingQuotes.includes(last)) return false;
  // A closing quote in the middle means two quotations or a quote with attribution, not one quoted paragraph.
  const inner = paragraph.slice(1, -1);
  return !/[”»]/.test(inner) && !(first === '"' && inner.includes('"'));
}

/**
 * Characters that show nothing: whitespace, format characters (zero-width
 * space and joiners, bidi marks, soft hyphen), combining marks with no base,
 * and the blank letters (Hangul fillers, braille blank) spam uses to look non-empty.
 */
const invisible = /[\s\p{Cf}\p{Cc}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** True when `text` has at least one character a reader can see. */
export function hasVisibleText(text: string): boolean {
  return text.replace(invisible, '').length > 0;
}

/**
 * A wholly quoted paragraph without its outer quote marks. In the text format
 * the marks say "this is the standfirst"; a summary shown on its own (feeds,
 * webhooks) would read them as a quotation.
 */
export function withoutQuoteMarks(paragraph: string): string {
  return isWhollyQuoted(paragraph) ? paragraph.slice(1, -1).trim() : paragraph;
}
