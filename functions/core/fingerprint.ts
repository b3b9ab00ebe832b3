/**
 * The fingerprint says "this is the same article": SHA-256 over the folded
 * headline, standfirst and body, so a resend with different whitespace, quote
 * or dash styles, line ends or a BOM is recognised, while any change of wording
 * gives a new fingerprint. node:crypto is computation, not I/O, so it belongs
 * in the pure core.
 */
import { createHash } from 'node:crypto';
import type { TaggableText } from './tagging/types.ts';
import { foldText } from './normalise/fold.ts';

/** The text the fingerprint hashes: the article's parts folded and joined by single spaces. */
export function fingerprintInput(article: TaggableText): string {
  return foldText([article.headline, article.standfirst ?? '', ...article.paragraphs].join(' '));
}

/** SHA-256 (lower-case hex) of the folded article. */
export function fingerprintOf(article: TaggableText): string {
  return createHash('sha256').update(fingerprintInput(article), 'utf8').digest('hex');
}
