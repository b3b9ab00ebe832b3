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
 * blank); lines inside a block are joined. The publisher line is recognised
 * only when it is one short line followed by at least a headline and a body,
 * so plain "headline, blank line, body" text is read too.
 */
import { ArticleRefused } from '../article/errors.ts';
import type { ParsedArticle } from '../article/schema.ts';
import { cleanLine, isWhollyQuoted } from '../normalise/text.ts';

const MAX_PUBLISHER_CHARS = 100;
const MAX_HEADLINE_CHARS = 300;

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

function isPublisherLine(block: Block): boolean {
  return block.lines === 1 && block.text.length <= MAX_PUBLISHER_CHARS && !/[.!?]["”’]?$/.test(block.text);
}

export function parseText(text: string): ParsedArticle {
  const blocks = splitBlocks(text);
  if (blocks.length === 0) throw new ArticleRefused('empty_body', 'empty body');

  const hasPublisher = blocks.length >= 3 && isPublisherLine(blocks[0]!);
  const texts = blocks.map((block) => block.text);
  const publisherName = hasPublisher ? texts.shift() : undefined;
  const [headline, ...rest] = texts;
  if (!headline || headline.length > MAX_HEADLINE_CHARS) {
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
