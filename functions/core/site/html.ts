/**
 * HTML output helpers. Pages reuse the feeds' escaping (functions/core/feeds/xml.ts):
 * its rules (forbidden characters removed; `&`, `<`, `>` escaped in text; quotes,
 * tabs and line ends too in attributes) are exactly what HTML needs as well, so a
 * publisher's headline reaches a page and a feed the same way. Every attribute
 * is double-quoted.
 */
import { escapeAttribute, escapeText } from '../feeds/xml.ts';

export { escapeAttribute, escapeText };

export type HtmlAttributes = Readonly<Record<string, string | number | undefined>>;

function attributeList(attributes: HtmlAttributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out += ` ${name}="${escapeAttribute(String(value))}"`;
  }
  return out;
}

/** `<name attrs>escaped text</name>`. */
export function element(name: string, text: string, attributes: HtmlAttributes = {}): string {
  return `<${name}${attributeList(attributes)}>${escapeText(text)}</${name}>`;
}

/** `<name attrs>` for void elements (`meta`, `link`, `img`). */
export function voidElement(name: string, attributes: HtmlAttributes): string {
  return `<${name}${attributeList(attributes)}>`;
}

/** `<a href>escaped text</a>`. */
export const link = (href: string, text: string, attributes: HtmlAttributes = {}) => element('a', text, { href, ...attributes });
