/**
 * Body HTML to paragraphs. The HTML is first sanitised with sanitize-html
 * against an allow-list (text structure and links only): scripts, styles,
 * event handlers, `javascript:`/`data:` URLs, frames and forms never survive.
 * Then each block element (p, h2–h6, li, blockquote, pre) becomes one
 * paragraph with its text and its sanitised HTML side by side.
 */
import sanitizeHtml from 'sanitize-html';
import { isElement, outerHtml, parseHtmlDocument, textOf, type HtmlNode } from './dom.ts';
import { escapeHtml } from '../normalise/html.ts';

const sanitiseOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'br',
    'a', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'q', 'cite', 'abbr', 'code', 'small', 'mark'],
  allowedAttributes: { a: ['href', 'title'], abbr: ['title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // Content of these is not article text: drop it with the tag rather than keep it as loose text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg', 'math',
    'nav', 'aside', 'footer', 'form', 'button', 'select', 'figure', 'h1'],
  disallowedTagsMode: 'discard',
};

/** Sanitised HTML: only text structure and http(s)/mailto links remain. */
export function sanitiseHtml(html: string): string {
  return sanitizeHtml(html, sanitiseOptions);
}

const blockTags = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre']);
const isBlock = (node: HtmlNode) => isElement(node) && blockTags.has(node.name);
const containsBlock = (node: HtmlNode): boolean =>
  isElement(node) && node.children.some((child) => isBlock(child) || containsBlock(child));

export interface HtmlParagraphs {
  paragraphs: string[];
  paragraphsHtml: string[];
}

/** Paragraph text and HTML from already-sanitised HTML. */
function collect(nodes: readonly HtmlNode[], out: HtmlParagraphs): void {
  let loose: HtmlNode[] = [];
  const flushLoose = () => {
    const text = loose.map(textOf).join('').trim();
    if (text) {
      out.paragraphs.push(text);
      out.paragraphsHtml.push(`<p>${loose.map(outerHtml).join('').trim()}</p>`);
    }
    loose = [];
  };
  for (const node of nodes) {
    if (isElement(node) && node.name === 'br') {
      flushLoose();
    } else if (isBlock(node) && !containsBlock(node)) {
      flushLoose();
      const text = textOf(node).trim();
      if (text) {
        out.paragraphs.push(text);
        out.paragraphsHtml.push(outerHtml(node));
      }
    } else if (isElement(node) && containsBlock(node)) {
      flushLoose();
      collect(node.children, out);
    } else {
      loose.push(node);
    }
  }
  flushLoose();
}

/** Sanitises body HTML and splits it into paragraphs (text and HTML). */
export function htmlToParagraphs(html: string): HtmlParagraphs {
  const out: HtmlParagraphs = { paragraphs: [], paragraphsHtml: [] };
  collect(parseHtmlDocument(sanitiseHtml(html)).children, out);
  return out;
}

/** Plain text of an HTML snippet (a ninjs description or headline given as HTML). */
export function htmlToText(html: string): string {
  return htmlToParagraphs(html).paragraphs.join('\n\n');
}

/** Paragraph HTML for text that had none. */
export const textParagraphHtml = (text: string) => `<p>${escapeHtml(text)}</p>`;
