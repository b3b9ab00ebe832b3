/**
 * The reference text format:
 *
 *     Publisher
 *
 *     Headline
 *
 *     “Optional standfirst: one wholly quoted paragraph.”
 *
 *     Body paragraph…
 *
 * Blocks are separated by blank lines (lines holding only whitespace count as
 * blank); lines inside a block are joined. Three shapes, told apart by the
 * first block alone: a publisher line (when it names a publisher we know, see
 * ./publisher-line.ts), then headline and body; headline and body; a headline
 * only (refused: no body). What is not a known publisher is the headline.
 */
import { ArticleRefused } from '../article/errors.ts';
import { fieldLimits } from '../article/limits.ts';
import type { ParsedArticle } from '../article/schema.ts';
import { cleanLine, isWhollyQuoted } from '../normalise/text.ts';
import { isTaxonomyPublisher, mayBePublisherLine, type PublisherLineTest } from './publisher-line.ts';

interface Block {
  text: string;
  lines: number;
}

/** Blank-line separated blocks, each joined into one line of cleaned text. */
export function splitBlocks(text: string): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n/)
    .map((raw) => ({ text: cleanLine(raw), lines: raw.trim().split('\n').length }))
    .filter((block) => block.text);
}

/** The first line of a text when it could be a publisher line: what the API looks up among registered publishers. */
export function publisherLineCandidate(text: string): string | undefined {
  // The first block is all that matters, and a publisher line is short: a prefix is enough to find it.
  const block = splitBlocks(text.slice(0, 4096))[0];
  return block && mayBePublisherLine(block.text, block.lines) ? block.text : undefined;
}

export interface TextOptions {
  /** Which first lines name a publisher; by default, the taxonomy's publishers only. */
  isPublisherLine?: PublisherLineTest;
}

export function parseText(text: string, options: TextOptions = {}): ParsedArticle {
  const blocks = splitBlocks(text);
  if (blocks.length === 0) throw new ArticleRefused('empty_body', 'empty body');

  const isPublisherLine = options.isPublisherLine ?? isTaxonomyPublisher;
  const first = blocks[0]!;
  const hasPublisher = blocks.length >= 2 && mayBePublisherLine(first.text, first.lines) && isPublisherLine(first.text);
  const texts = blocks.map((block) => block.text);
  const publisherName = hasPublisher ? texts.shift() : undefined;
  const [headline, ...rest] = texts;
  if (!headline || headline.length > fieldLimits.headline.chars) {
    throw new ArticleRefused(
      'no_headline',
      `no headline found: the text format puts the publisher on the first line, a blank line, then a one-line headline${
        headline ? ` (found a ${headline.length}-character block instead)` : ''
      }`,
    );
  }
  if (rest.length === 0) throw new ArticleRefused('no_body', 'no body paragraphs found after the headline');

  const standfirst = rest.length > 1 && isWhollyQuoted(rest[0]!) ? rest.shift() : undefined;
  return {
    format: 'text',
    ...(publisherName ? { publisherName } : {}),
    headline,
    ...(standfirst ? { standfirst } : {}),
    paragraphs: rest,
  };
}
