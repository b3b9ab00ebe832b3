/**
 * The articles a measured run publishes: the reference article (read from the shared folder, never
 * copied into the project) with a numbered paragraph added, so every one is a distinct creation
 * (no duplicate answered from the fingerprint lock), with the tags and size of a real report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = process.env.SYNDICATE_SHARED_DIR ?? join(root, '..', 'shared');

export function referenceText(): string {
  const seed = join(sharedDir, 'seed', 'opslens-raqqa.txt');
  if (!existsSync(seed)) throw new Error(`the reference article is not at ${seed}: set SYNDICATE_SHARED_DIR to the shared folder`);
  return readFileSync(seed, 'utf8').trimEnd();
}

export const numberedArticle = (text: string, n: number, run: string): string =>
  `${text}\n\nMeasured run ${run}, article number ${n}: this paragraph keeps each article distinct.\n`;
