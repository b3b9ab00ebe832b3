/** Plain-text bodies (our JSON, ninjs text/plain) to paragraphs: blank lines separate paragraphs. */
import { cleanLine } from '../normalise/text.ts';

export function plainTextParagraphs(text: string): string[] {
  const normalised = text.replace(/\r\n?/g, '\n');
  const blocks = normalised.split(/\n[^\S\n]*\n/);
  // One block with line breaks in it: a body written one paragraph per line.
  const paragraphs = blocks.length === 1 ? normalised.split('\n') : blocks;
  return paragraphs.map(cleanLine).filter(Boolean);
}
