/**
 * The few DOM helpers the HTML readers need, over htmlparser2's tree. Types are
 * derived from htmlparser2's own exports so the core depends on one package.
 * sanitize-html require()s the same package; the Lambda bundles alias both to
 * one build (infra/constructs/bundling.ts) so the parser is bundled once.
 */
import { DomUtils, parseDocument } from 'htmlparser2';

export type HtmlDocument = ReturnType<typeof parseDocument>;
export type HtmlNode = HtmlDocument['children'][number];
export type HtmlElement = Parameters<typeof DomUtils.getAttributeValue>[0];

export function parseHtmlDocument(html: string): HtmlDocument {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

export const isElement = (node: HtmlNode): node is HtmlElement => DomUtils.isTag(node);

export function attribute(element: HtmlElement, name: string): string | undefined {
  return DomUtils.getAttributeValue(element, name);
}

/** Every element under `root` (document order) that satisfies `test`. */
export function findAll(root: HtmlNode | HtmlDocument, test: (element: HtmlElement) => boolean): HtmlElement[] {
  return DomUtils.findAll(test, 'children' in root ? root.children : []);
}

export function findFirst(root: HtmlNode | HtmlDocument, test: (element: HtmlElement) => boolean): HtmlElement | undefined {
  return DomUtils.findOne(test, 'children' in root ? root.children : []) ?? undefined;
}

/** Text of a node with `<br>` read as a space, so "line<br>line" does not glue two words. */
export function textOf(node: HtmlNode): string {
  if (DomUtils.isText(node)) return node.data;
  if (!isElement(node)) return '';
  if (node.name === 'br') return ' ';
  if (node.name === 'script' || node.name === 'style' || node.name === 'template') return '';
  return node.children.map(textOf).join('');
}

/**
 * Serialised HTML with only the XML-safe escapes: the serialiser writes `&nbsp;`,
 * which XML (feeds, XHTML content) does not define, so it becomes `&#160;`.
 */
function serialise(nodes: HtmlNode | HtmlNode[]): string {
  return DomUtils.getOuterHTML(nodes, { encodeEntities: 'utf8' }).replace(/&nbsp;/g, '&#160;');
}

export function outerHtml(node: HtmlNode): string {
  return serialise(node);
}

export function innerHtml(node: HtmlNode | HtmlDocument): string {
  return 'children' in node ? serialise(node.children) : '';
}

export function hasClass(element: HtmlElement, pattern: RegExp): boolean {
  return pattern.test(attribute(element, 'class') ?? '') || pattern.test(attribute(element, 'id') ?? '');
}

export const removeNode = (node: HtmlNode) => DomUtils.removeElement(node);
