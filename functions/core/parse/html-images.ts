/**
 * Images in body HTML, settled before sanitising:
 * 1. each `<img>` gets its real address: `src`, else a lazy-loading
 *    `data-src`, else the widest `srcset` candidate (its own or its
 *    `<picture>`'s `<source>`s); the other candidates become renditions;
 * 2. its enclosing `<figure>`'s `<figcaption>` gives caption and credit (a
 *    `credit`/`copyright`/`source`-classed part of it, else nothing);
 * 3. the media policy (functions/core/media/accept.ts) accepts or refuses it;
 * 4. an accepted image keeps only an absolute https `src`, `alt`, `width` and
 *    `height`; a refused one is removed, with its figure when nothing is left.
 * The sanitiser then re-checks what is left (img: https only, those four attributes).
 */
import type { Media, NormalisationNote } from '../article/schema.ts';
import { acceptImage, positiveInt, type RenditionCandidate } from '../media/accept.ts';
import { cleanLine } from '../normalise/text.ts';
import { attribute, findAll, findFirst, hasClass, removeNode, textOf, type HtmlDocument, type HtmlElement } from './dom.ts';

const creditClass = /\b(?:credit|copyright|source|photographer|byline|attribution)\b/i;
const lazySources = ['data-src', 'data-lazy-src', 'data-original'];

/** `srcset` candidates: `a.jpg 640w, b.jpg 1280w` or `a.jpg 1x, b.jpg 2x`. */
function srcsetCandidates(srcset: string | undefined, mediaType: string | undefined): RenditionCandidate[] {
  if (!srcset) return [];
  return srcset.split(/,\s+/).flatMap((part) => {
    const [url, descriptor] = part.trim().split(/\s+/);
    if (!url) return [];
    const width = descriptor && /^\d+w$/i.test(descriptor) ? Number.parseInt(descriptor, 10) : undefined;
    return [{ url, ...(width ? { width, name: `w${width}` } : { name: descriptor ?? '1x' }), mediaType }];
  });
}

function closest(element: HtmlElement, name: string): HtmlElement | undefined {
  for (let node = element.parent; node; node = node.parent) {
    if ('name' in node && node.name === name) return node as HtmlElement;
  }
  return undefined;
}

function captionOf(figure: HtmlElement | undefined): { caption?: string; credit?: string } {
  const figcaption = figure && findFirst(figure, (e) => e.name === 'figcaption');
  if (!figcaption) return {};
  const creditElement = findFirst(figcaption, (e) => hasClass(e, creditClass));
  const credit = creditElement ? cleanLine(textOf(creditElement)) : '';
  const whole = cleanLine(textOf(figcaption));
  const caption = credit && whole.endsWith(credit) ? cleanLine(whole.slice(0, -credit.length)) : whole;
  return { ...(caption ? { caption } : {}), ...(credit ? { credit: credit.replace(/^(?:photo|image|picture)\s*:\s*/i, '') } : {}) };
}

function sourceOf(img: HtmlElement): { url: string | undefined; renditions: RenditionCandidate[] } {
  const picture = closest(img, 'picture');
  const sources = picture ? findAll(picture, (e) => e.name === 'source') : [];
  const renditions = [
    ...srcsetCandidates(attribute(img, 'srcset'), undefined),
    ...sources.flatMap((s) => srcsetCandidates(attribute(s, 'srcset'), attribute(s, 'type'))),
  ];
  const src = attribute(img, 'src')?.trim();
  const lazy = lazySources.map((name) => attribute(img, name)?.trim()).find((v) => !!v);
  if (src && !(lazy && /^data:/i.test(src))) return { url: src, renditions };
  if (lazy) return { url: lazy, renditions };
  const widest = [...renditions].sort((a, b) => (positiveInt(b.width) ?? 0) - (positiveInt(a.width) ?? 0))[0];
  return { url: widest?.url ?? src, renditions };
}

/**
 * Settles every image in `doc` in place (see the module comment) and returns
 * the accepted ones as inline media, in document order.
 */
export function settleBodyImages(doc: HtmlDocument | HtmlElement, base: string | undefined, notes: NormalisationNote[]): Media[] {
  const media: Media[] = [];
  const captioned = new Set<HtmlElement>();
  for (const [i, img] of findAll(doc, (e) => e.name === 'img').entries()) {
    const { url, renditions } = sourceOf(img);
    const figure = closest(img, 'figure');
    const caption = figure && !captioned.has(figure) ? captionOf(figure) : {};
    const width = attribute(img, 'width') ?? renditions.find((r) => r.url === url)?.width;
    const accepted = acceptImage(
      { where: `body image ${i + 1}`, role: 'inline', url, width, height: attribute(img, 'height'), alt: attribute(img, 'alt'), ...caption, renditions: renditions.filter((r) => r.url !== url) },
      base,
      notes,
    );
    if (!accepted) {
      removeNode(img);
      if (figure && !findFirst(figure, (e) => e.name === 'img')) removeNode(figure);
      continue;
    }
    if (figure) captioned.add(figure);
    media.push(accepted);
    img.attribs = {
      src: accepted.url,
      ...(accepted.alt !== undefined ? { alt: accepted.alt } : {}),
      ...(accepted.width ? { width: String(accepted.width) } : {}),
      ...(accepted.height ? { height: String(accepted.height) } : {}),
    };
  }
  return media;
}
