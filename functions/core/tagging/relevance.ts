/**
 * How central a tag is to its article: a figure from 0 to 1 that partners can
 * filter on (`minRelevance`) and that ranks the concepts a story is about above
 * the ones it merely names. Built from what a sub-editor looks at first:
 *
 *   direct  = 0.35·H + 0.15·S + 0.30·M + 0.20·E
 *   implied = 0.8 · (the strongest direct tag that implies it) + 0.1 · (further tags that imply it)
 *   relevance = max(direct, implied), rounded to two decimals
 *
 * - H = 1 when a mention is in the headline (the story is named after it);
 * - S = 1 when a mention is in the standfirst, or, for copy without one, in
 *   the lead paragraph (wire copy puts in its first paragraph what a standfirst says);
 * - M = min(1, (mentions − 1) / 3): a concept named once scores 0, named four
 *   times or more scores 1 (a concept the story is about keeps coming back);
 * - E = 1 − firstOffset / text length: how early the first mention comes.
 *
 * An implied concept (a parent, or a concept a child implies) is as central as
 * the child that brings it, damped: a story about Raqqa is a story in Syria,
 * but less squarely than it is about Raqqa; each further child adds a little
 * (Raqqa, Tabqa and Deir ez-Zor together make a Syria story). A concept both named and implied
 * takes the larger figure. Weights were set on the adversarial set's
 * `aboutness` labels and checked on the independent set (`npm run eval:tags`).
 */

/** Where one concept is named in the tagged text. */
export interface MentionStats {
  mentions: number;
  firstOffset: number;
  inHeadline: boolean;
  inLead: boolean;
}

/** Character ranges of the tagged text (see `taggedText`). */
export interface TextLayout {
  headlineEnd: number;
  /** End of the standfirst, or of the first body paragraph when there is no standfirst. */
  leadStart: number;
  leadEnd: number;
  length: number;
}

export const WEIGHTS = { headline: 0.35, lead: 0.15, repetition: 0.3, earliness: 0.2 } as const;
export const IMPLIED_DAMPING = 0.8;
/** Each further child that implies the concept: several towns of one country make a story about the country. */
export const BREADTH = 0.1;
/** Mentions beyond the first that make repetition count in full. */
const REPETITION_SATURATION = 3;

export function directRelevance(stats: MentionStats, layout: TextLayout): number {
  const repetition = Math.min(1, Math.max(0, stats.mentions - 1) / REPETITION_SATURATION);
  const earliness = layout.length <= 0 ? 0 : 1 - Math.min(1, Math.max(0, stats.firstOffset) / layout.length);
  const score =
    WEIGHTS.headline * (stats.inHeadline ? 1 : 0) +
    WEIGHTS.lead * (stats.inLead ? 1 : 0) +
    WEIGHTS.repetition * repetition +
    WEIGHTS.earliness * earliness;
  return round(score);
}

/** From the direct relevance of every tag that implies the concept. */
export function impliedRelevance(children: readonly number[]): number {
  if (children.length === 0) return 0;
  return round(IMPLIED_DAMPING * Math.max(...children) + BREADTH * (children.length - 1));
}

/** Where the lead sits in the tagged text: the standfirst, else the first paragraph. */
export function layoutOf(text: { headline: string; standfirst?: string | undefined; paragraphs: readonly string[] }): TextLayout {
  const headlineEnd = text.headline.length;
  const leadStart = headlineEnd + 2;
  const lead = text.standfirst ? text.standfirst : (text.paragraphs.find((p) => p.length > 0) ?? '');
  let length = headlineEnd;
  if (text.standfirst) length += 2 + text.standfirst.length;
  for (const p of text.paragraphs) if (p) length += 2 + p.length;
  return { headlineEnd, leadStart, leadEnd: leadStart + lead.length, length };
}

const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;
