/**
 * `npm run eval:dups`: how well near-duplicate detection finds re-syndicated
 * copies, on a labelled corpus built from our own articles (the samples in
 * events/articles and the adversarial and independent tagging sets; never the
 * shared evaluation sentences or the reference article).
 *
 * 1. Every base article is a cluster of its own. Each gets copies made by
 *    realistic edits, two or three at once, from a seeded generator: a changed
 *    headline, another publisher, a changed or added dateline, paragraphs
 *    swapped, a paragraph or a last sentence trimmed, a line added (an update
 *    note, a credit, an extra sentence of our own).
 * 2. Hard negatives come free: the sets hold many stories on the same city,
 *    group or operation by different authors (two Thanksgiving dinners in
 *    Erbil, two Manbij stand-offs, two AQI histories, two Dillon briefings).
 *    They, and their copies, must stay apart.
 * 3. Everything is ingested in a shuffled order through the real core (shingles,
 *    MinHash, LSH buckets, `judgeNearDuplicate`) with the buckets kept in memory.
 * 4. A linked article is right when it points at an article of its own cluster;
 *    every copy that is not the first of its cluster to arrive should be linked.
 *    Prints precision and recall at the shipped threshold (want ≥ 0.95 both), a
 *    sweep of other thresholds, and how many candidates the buckets returned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeNearDuplicate, NEAR_DUPLICATE_THRESHOLD, type Candidate } from '#core/near-duplicates/lsh.ts';
import { nearDuplicateKeys } from '#core/near-duplicates/index.ts';
import { normalise } from '#core/normalise/normalise.ts';
import { parseArticle } from '#core/parse/index.ts';
import { decodeSignature, estimatedSimilarity } from '#core/near-duplicates/minhash.ts';
import { random } from '#core/tagging/synthetic.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const REQUIRED = 0.95;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Story {
  cluster: number;
  id: string;
  publisher: string;
  headline: string;
  standfirst?: string | undefined;
  paragraphs: string[];
}

function baseStories(): Story[] {
  const files = [
    ...readdirSync(join(repoRoot, 'events', 'articles')).map((f) => join(repoRoot, 'events', 'articles', f)),
    ...['adversarial', 'independent'].flatMap((set) => {
      const dir = join(repoRoot, 'test', 'core', 'tagging', set, 'articles');
      return readdirSync(dir).map((f) => join(dir, f));
    }),
  ].sort();
  return files.map((file, cluster) => {
    const article = normalise(parseArticle(readFileSync(file, 'utf8')));
    return { cluster, id: `c${cluster}-0`, publisher: article.publisherName ?? 'unknown', headline: article.headline, standfirst: article.standfirst, paragraphs: [...article.paragraphs] };
  });
}

const PUBLISHERS = ['Harbour Wire', 'Northern Courier', 'The Daily Ledger', 'Capital Newsroom'];
const DATELINES = ['BEIRUT', 'AMMAN', 'ISTANBUL', 'WASHINGTON', 'LONDON', 'ERBIL'];
const ADDED_LINES = [
  'This story has been updated with comment from officials.',
  'Additional reporting by our correspondent in the region.',
  'An earlier version of this article misstated the date of the meeting.',
  'The ministry did not respond to a request for comment on Sunday evening.',
  'Officials said more details would be released later in the week.',
];

type Edit = (story: Story, next: () => number) => Story;
const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)] as T;
const withParagraphs = (story: Story, paragraphs: string[]): Story => ({ ...story, paragraphs: paragraphs.length > 0 ? paragraphs : story.paragraphs });

const EDITS: Record<string, Edit> = {
  'changed headline': (s, next) => ({ ...s, headline: `${pick(['Update:', 'Analysis:', 'Report:'], next)} ${s.headline.split(' ').slice(0, -1).join(' ')}` }),
  'other publisher': (s, next) => ({ ...s, publisher: pick(PUBLISHERS, next) }),
  'changed dateline': (s, next) => {
    const [first = '', ...rest] = s.paragraphs;
    const bare = first.replace(/^[A-Z][A-Z ,.]+(?:\([^)]*\))?\s*[—–-]\s*/, '');
    return withParagraphs(s, [`${pick(DATELINES, next)} (${pick(PUBLISHERS, next)}) — ${bare}`, ...rest]);
  },
  'reordered paragraphs': (s, next) => {
    if (s.paragraphs.length < 2) return s;
    const paragraphs = [...s.paragraphs];
    const i = Math.floor(next() * (paragraphs.length - 1));
    [paragraphs[i], paragraphs[i + 1]] = [paragraphs[i + 1] as string, paragraphs[i] as string];
    return withParagraphs(s, paragraphs);
  },
  'trimmed paragraph': (s, next) => {
    if (s.paragraphs.length >= 4 && next() < 0.5) return withParagraphs(s, s.paragraphs.slice(0, -1));
    const paragraphs = [...s.paragraphs];
    const i = Math.floor(next() * paragraphs.length);
    const sentences = (paragraphs[i] as string).split(/(?<=[.!?]”?)\s+/);
    if (sentences.length > 1) paragraphs[i] = sentences.slice(0, -1).join(' ');
    return withParagraphs(s, paragraphs);
  },
  'added line': (s, next) => withParagraphs(s, [...s.paragraphs, pick(ADDED_LINES, next)]),
};

function copiesOf(base: Story, next: () => number, count: number): Story[] {
  const names = Object.keys(EDITS);
  const copies: Story[] = [];
  for (let n = 1; n <= count; n += 1) {
    let story = { ...base, id: `c${base.cluster}-${n}` };
    const edits = 2 + Math.floor(next() * 2);
    for (let e = 0; e < edits; e += 1) story = (EDITS[pick(names, next)] as Edit)(story, next);
    copies.push(story);
  }
  return copies;
}

interface Outcome {
  story: Story;
  linkedTo?: Story | undefined;
  similarity?: number | undefined;
}

function ingestAll(stories: readonly Story[], threshold: number): { outcomes: Outcome[]; candidatesRead: number } {
  const buckets = new Map<string, Candidate[]>();
  const byId = new Map(stories.map((s) => [s.id, s]));
  const outcomes: Outcome[] = [];
  let candidatesRead = 0;
  for (const story of stories) {
    const keys = nearDuplicateKeys(story);
    if (keys === undefined) {
      outcomes.push({ story });
      continue;
    }
    const candidates = keys.buckets.flatMap((key) => buckets.get(key) ?? []);
    candidatesRead += candidates.length;
    const verdict = judgeNearDuplicate(keys.signature, candidates, story.id, threshold);
    outcomes.push({ story, linkedTo: verdict ? byId.get(verdict.nearDuplicateOf) : undefined, similarity: verdict?.similarity });
    const entry: Candidate = { articleId: story.id, clusterRoot: verdict?.nearDuplicateOf ?? story.id, signature: keys.encoded };
    for (const key of keys.buckets) {
      const list = buckets.get(key);
      if (list === undefined) buckets.set(key, [entry]);
      else list.push(entry);
    }
  }
  return { outcomes, candidatesRead };
}

function score(outcomes: readonly Outcome[]) {
  const seenClusters = new Set<number>();
  let shouldLink = 0;
  let linkedRight = 0;
  let linked = 0;
  const wrong: string[] = [];
  const missed: string[] = [];
  for (const { story, linkedTo, similarity } of outcomes) {
    const expected = seenClusters.has(story.cluster);
    seenClusters.add(story.cluster);
    if (expected) shouldLink += 1;
    if (linkedTo === undefined) {
      if (expected) missed.push(story.id);
      continue;
    }
    linked += 1;
    if (linkedTo.cluster === story.cluster) linkedRight += 1;
    else wrong.push(`${story.id} (${story.headline.slice(0, 40)}) → ${linkedTo.id} (${linkedTo.headline.slice(0, 40)}) at ${similarity}`);
  }
  const precision = linked === 0 ? 1 : linkedRight / linked;
  const recall = shouldLink === 0 ? 1 : linkedRight / shouldLink;
  return { precision, recall, linked, shouldLink, wrong, missed };
}

const next = random(20_26);
const bases = baseStories();
const corpus = bases.flatMap((base) => [base, ...copiesOf(base, next, 2)]);
// Arrival order shuffled, so a copy may come before its original: the first to arrive is the cluster's root.
for (let i = corpus.length - 1; i > 0; i -= 1) {
  const j = Math.floor(next() * (i + 1));
  [corpus[i], corpus[j]] = [corpus[j] as Story, corpus[i] as Story];
}

/** Pairs of different stories that name the same place, group or operation: the hard negatives, and how close they come. */
function hardNegatives(stories: readonly Story[]): { pairs: number; closest: number; closestPair: string } {
  const tagger = createTagger();
  const named = stories.map((s) => new Set(tagger.tag(s).filter((t) => !t.implied && t.type !== 'publisher').map((t) => t.id)));
  const signatures = stories.map((s) => {
    const keys = nearDuplicateKeys(s);
    return keys === undefined ? undefined : decodeSignature(keys.encoded);
  });
  let pairs = 0;
  let closest = 0;
  let closestPair = '';
  for (let i = 0; i < stories.length; i += 1) {
    for (let j = i + 1; j < stories.length; j += 1) {
      if (![...(named[i] as Set<string>)].some((id) => named[j]?.has(id))) continue;
      pairs += 1;
      const a = signatures[i];
      const b = signatures[j];
      const similarity = a && b ? estimatedSimilarity(a, b) : 0;
      if (similarity > closest) {
        closest = similarity;
        closestPair = `${stories[i]?.headline.slice(0, 40)} / ${stories[j]?.headline.slice(0, 40)}`;
      }
    }
  }
  return { pairs, closest, closestPair };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`corpus: ${bases.length} base stories, ${corpus.length - bases.length} edited copies, ${corpus.length} articles in all`);
const negatives = hardNegatives(bases);
console.log(
  `hard negatives: ${negatives.pairs} pairs of different stories naming the same concept; the closest pair scores ${negatives.closest.toFixed(2)}` +
    ` (${negatives.closestPair})`,
);
for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  const { precision, recall } = score(ingestAll(corpus, threshold).outcomes);
  console.log(`  threshold ${threshold.toFixed(2)}: precision ${pct(precision)}, recall ${pct(recall)}`);
}
const { outcomes, candidatesRead } = ingestAll(corpus, NEAR_DUPLICATE_THRESHOLD);
const result = score(outcomes);
for (const line of result.wrong) console.log(`  wrongly linked: ${line}`);
for (const id of result.missed) console.log(`  missed: ${id}`);
console.log(
  `at the shipped threshold ${NEAR_DUPLICATE_THRESHOLD}: precision ${pct(result.precision)}, recall ${pct(result.recall)}` +
    ` (${result.linked} linked, ${result.shouldLink} should be); ${(candidatesRead / corpus.length).toFixed(2)} candidates read per article; need ${pct(REQUIRED)} both`,
);
process.exitCode = result.precision >= REQUIRED && result.recall >= REQUIRED ? 0 : 1;
