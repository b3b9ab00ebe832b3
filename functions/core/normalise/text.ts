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

/** Removes characters that cannot appear in XML (feeds, ninjs-as-XML consumers) or carry no text. */
export function removeUnwantedChars(text: string): string {
  return text.replace(unwantedChars, '');
}

/** BOM, CRLF/CR line ends, forbidden characters, then NFC (after removal, so removal cannot un-compose). */
export function cleanCharacters(text: string): string {
  return removeUnwantedChars(text.replace(/\r\n?/g, '\n')).normalize('NFC');
}

/** Whitespace runs (including line breaks and no-break spaces) become one space; ends trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
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
