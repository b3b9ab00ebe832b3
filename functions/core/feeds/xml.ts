/**
 * The one place feed text becomes XML. Every string that reaches a feed passes
 * through here, so a hostile headline cannot break a document:
 *
 * - characters XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE, U+FFFF)
 *   and lone UTF-16 surrogates are removed, because no escape can carry them
 *   (`&#1;` is itself not well-formed in XML 1.0);
 * - C1 controls (U+007F–U+009F) are removed too: XML 1.0 only "discourages"
 *   them, but they are never meaningful in news text and readers choke on them;
 * - `&`, `<` and `>` are escaped in text (escaping every `>` also defuses `]]>`),
 *   and CR too (parsers would turn a literal one into LF); quotes plus
 *   tab/LF/CR in attributes (so attribute-value normalisation cannot fold them
 *   into spaces).
 *
 * Emoji (valid surrogate pairs) and right-to-left text pass through untouched.
 */

const forbidden =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** One cheap scan without lookarounds; only text that has a control character or any surrogate (emoji) pays for `forbidden`. */
const suspicious = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
const textSpecials = /[&<>\r]/;
const textSpecialsAll = /[&<>\r]/g;
const attributeSpecials = /[&<>"'\t\n\r]/;
const attributeSpecialsAll = /[&<>"'\t\n\r]/g;

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const entityFor = (c: string) => entities[c] ?? c;

/** The text with every character XML 1.0 cannot carry removed. Also used for JSON Feed strings. */
export function xmlSafe(text: string): string {
  return suspicious.test(text) ? text.replace(forbidden, '') : text;
}

/** Character data for an element's content. */
export function escapeText(text: string): string {
  const safe = xmlSafe(text);
  return textSpecials.test(safe) ? safe.replace(textSpecialsAll, entityFor) : safe;
}

/** A value for a double-quoted attribute. */
export function escapeAttribute(text: string): string {
  const safe = xmlSafe(text);
  return attributeSpecials.test(safe) ? safe.replace(attributeSpecialsAll, entityFor) : safe;
}

export type Attributes = Readonly<Record<string, string | undefined>>;

function attributeList(attributes: Attributes | undefined): string {
  if (!attributes) return '';
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out += ` ${name}="${escapeAttribute(value)}"`;
  }
  return out;
}

/** `<name attrs>text</name>`, with the text escaped. */
export function textElement(name: string, text: string, attributes?: Attributes): string {
  return `<${name}${attributeList(attributes)}>${escapeText(text)}</${name}>`;
}

/** `<name attrs/>`. */
export function emptyElement(name: string, attributes: Attributes): string {
  return `<${name}${attributeList(attributes)}/>`;
}
