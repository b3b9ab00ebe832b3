/**
 * The articles a measured run publishes: a mix of real reports rather than one text repeated, so the
 * feeds an article touches, and how much two articles of one batch share, are those of real copy.
 * The mix is the tagging evaluation's dev set (twelve short reports by four publishers) and the
 * reference article (one long report with many tags), all read from the shared folder at run time,
 * never copied into the project.
 *
 * A text published twice would be refused as a duplicate (fingerprint lock), so each use gets a numbered
 * paragraph of its own. From its second use on, ingest files it as a near-duplicate of the first: the
 * run measures ingest on each text's first use only (`firstUse`), and publishing on all of them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = () => process.env.SYNDICATE_SHARED_DIR ?? join(root, '..', 'shared');

export interface MixText {
  /** File name in the shared folder, for the run's report. */
  name: string;
  text: string;
}

const read = (path: string): string => {
  if (!existsSync(path)) throw new Error(`${path} is not there: set SYNDICATE_SHARED_DIR to the shared folder`);
  return readFileSync(path, 'utf8').trimEnd();
};

/** The reference article, then the dev set in file order. */
export function articleMix(): MixText[] {
  const devDir = join(sharedDir(), 'eval', 'dev');
  const dev = existsSync(devDir) ? readdirSync(devDir).filter((f) => f.endsWith('.txt')).sort() : [];
  if (dev.length === 0) throw new Error(`no dev articles under ${devDir}: set SYNDICATE_SHARED_DIR to the shared folder`);
  return [
    { name: 'seed/opslens-raqqa.txt', text: read(join(sharedDir(), 'seed', 'opslens-raqqa.txt')) },
    ...dev.map((f) => ({ name: `eval/dev/${f}`, text: read(join(devDir, f)) })),
  ];
}

export const numberedArticle = (text: string, n: number, run: string): string =>
  `${text}\n\nMeasured run ${run}, article number ${n}: this paragraph keeps each article distinct.\n`;

/**
 * Which text each of `count` articles uses: every text once first (in a shuffled order), then texts
 * drawn at random, so a batch is a random handful of the mix. Seeded, so two runs publish the same sequence.
 */
export function mixSequence(mixSize: number, count: number, seed = 15): number[] {
  let state = seed >>> 0;
  const next = () => {
    // xorshift32: small, seedable, good enough to pick articles.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const first = Array.from({ length: mixSize }, (_, i) => i);
  for (let i = first.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [first[i], first[j]] = [first[j]!, first[i]!];
  }
  const out = first.slice(0, count);
  while (out.length < count) out.push(Math.floor(next() * mixSize));
  return out;
}
