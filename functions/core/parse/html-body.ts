/**
 * Body HTML to paragraphs. Images are settled first (html-images.ts: absolute
 * https URLs or removed with a note). The HTML is then sanitised with
 * sanitize-html against an allow-list (text structure, links and images):
 * scripts, styles, event handlers, `javascript:`/`data:` URLs, frames and
 * forms never survive. Then each block element (p, h2–h6, li, blockquote, pre)
 * becomes one paragraph with its text and its sanitised HTML side by side.
 * A figure or an image standing alone is not a paragraph (its caption is not
 * body text): its HTML rides with the next paragraph's, or the last one's.
 */
import sanitizeHtml from 'sanitize-html';
import type { Media, NormalisationNote } from '../article/schema.ts';
import { innerHtml, isElement, outerHtml, parseHtmlDocument, textOf, type HtmlNode } from './dom.ts';
import { settleBodyImages } from './html-images.ts';
import { escapeHtml } from '../normalise/html.ts';

const sanitiseOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'br',
    'a', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'q', 'cite', 'abbr', 'code', 'small', 'mark',
    'figure', 'figcaption', 'img'],
  allowedAttributes: { a: ['href', 'title'], abbr: ['title'], img: ['src', 'alt', 'width', 'height'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // Content of these is not article text: drop it with the tag rather than keep it as loose text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg', 'math',
    'nav', 'aside', 'footer', 'form', 'button', 'select', 'h1'],
  disallowedTagsMode: 'discard',
  // An image whose src the scheme check removed (or a relative one: images are made absolute before this) shows nothing.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^https:\/\//i.test(frame.attribs.src ?? ''),
};

const linkScheme = /^\s*([a-z][a-z0-9+.-]*):/i;

/**
 * Sanitised HTML: only text structure, http(s) links and https images remain. Only http(s) URLs leave
 * the system, so a link with any other scheme (mailto:, tel:, javascript: …) keeps its text but loses
 * its target, and says so in one note.
 */
export function sanitiseHtml(html: string, notes?: NormalisationNote[]): string {
  const dropped = new Set<string>();
  const sanitised = sanitizeHtml(html, {
    ...sanitiseOptions,
    transformTags: {
      a: (tagName, attribs) => {
        const scheme = linkScheme.exec(attribs.href ?? '')?.[1]?.toLowerCase();
        if (!scheme || scheme === 'http' || scheme === 'https') return { tagName, attribs };
        dropped.add(scheme);
        const { href: _dropped, ...rest } = attribs;
        return { tagName, attribs: rest };
      },
    },
  });
  if (dropped.size > 0) {
    const schemes = [...dropped].slice(0, 5).map((scheme) => `${scheme}:`).join(', ');
    notes?.push({ code: 'link_dropped', message: `links with a scheme other than http(s) (${schemes}) keep their text but lost their target` });
  }
  return sanitised;
}

const blockTags = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre']);
const isBlock = (node: HtmlNode) => isElement(node) && blockTags.has(node.name);
const containsBlock = (node: HtmlNode): boolean =>
  isElement(node) && node.children.some((child) => isBlock(child) || containsBlock(child));

export interface HtmlParagraphs {
  paragraphs: string[];
  paragraphsHtml: string[];
}

/** Where body HTML came from: the page its relative image URLs resolve against, and where to report refused images. */
export interface BodyContext {
  base?: string | undefined;
  notes?: NormalisationNote[];
}

const hasImage = (node: HtmlNode): boolean => isElement(node) && (node.name === 'img' || node.children.some(hasImage));
const isImage = (node: HtmlNode) => isElement(node) && (node.name === 'img' || (node.name === 'figure' && hasImage(node)));
/** A figure with no image left (a refused one, or a pull-quote or chart in figure clothing) is page furniture: dropped as before. */
const isBareFigure = (node: HtmlNode) => isElement(node) && node.name === 'figure' && !hasImage(node);
/** A figure, an image, or a block holding only images: shown, but not a paragraph of text. */
const isMediaBlock = (node: HtmlNode): boolean =>
  isImage(node) || (isElement(node) && node.children.some(isMediaBlock) && !textOf(node).trim());

interface Collector extends HtmlParagraphs {
  /** Media HTML waiting for the paragraph it will precede. */
  pending: string[];
}

function push(out: Collector, text: string, html: string): void {
  out.paragraphs.push(text);
  out.paragraphsHtml.push(out.pending.length ? `${out.pending.join('')}${html}` : html);
  out.pending = [];
}

/** Paragraph text and HTML from already-sanitised HTML. */
function collect(nodes: readonly HtmlNode[], out: Collector): void {
  let loose: HtmlNode[] = [];
  const flushLoose = () => {
    const text = loose.map(textOf).join('').trim();
    if (text) push(out, text, `<p>${loose.map(outerHtml).join('').trim()}</p>`);
    else out.pending.push(...loose.filter(isMediaBlock).map(outerHtml));
    loose = [];
  };
  for (const node of nodes) {
    if (isBareFigure(node)) continue;
    if (isElement(node) && node.name === 'br') {
      flushLoose();
    } else if (isMediaBlock(node)) {
      flushLoose();
      out.pending.push(outerHtml(node));
    } else if (isBlock(node) && !containsBlock(node)) {
      flushLoose();
      const text = textOf(node).trim();
      if (text) push(out, text, outerHtml(node));
    } else if (isElement(node) && containsBlock(node)) {
      flushLoose();
      collect(node.children, out);
    } else {
      loose.push(node);
    }
  }
  flushLoose();
}

/** Sanitises body HTML and splits it into paragraphs (text and HTML), and returns the images it kept. */
export function htmlToParagraphs(html: string, context: BodyContext = {}): HtmlParagraphs & { media: Media[] } {
  let media: Media[] = [];
  let prepared = html;
  if (/<img\b/i.test(html)) {
    const doc = parseHtmlDocument(html);
    media = settleBodyImages(doc, context.base, context.notes ?? []);
    prepared = innerHtml(doc);
  }
  const out: Collector = { paragraphs: [], paragraphsHtml: [], pending: [] };
  collect(parseHtmlDocument(sanitiseHtml(prepared, context.notes)).children, out);
  const last = out.paragraphsHtml.length - 1;
  if (out.pending.length && last >= 0) out.paragraphsHtml[last] += out.pending.join('');
  return { paragraphs: out.paragraphs, paragraphsHtml: out.paragraphsHtml, media };
}

/** Plain text of an HTML snippet (a ninjs description or headline given as HTML). */
export function htmlToText(html: string): string {
  return htmlToParagraphs(html).paragraphs.join('\n\n');
}

/** Paragraph HTML for text that had none. */
export const textParagraphHtml = (text: string) => `<p>${escapeHtml(text)}</p>`;
