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

/** The characters `\s` matches, by code unit. */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** True when `text` has no whitespace but single inner spaces: a scan is about twice as fast as the regex replace. */
function isCollapsed(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) {
      if (i === 0 || i === last || isWhitespace(text.charCodeAt(i + 1))) return false;
    } else if (code < 32 || (code > 127 && isWhitespace(code))) {
      return false;
    }
  }
  return true;
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
