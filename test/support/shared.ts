import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, independent of the directory vitest was started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The read-only `shared/` folder that sits beside the clone (CI puts it there too).
 * `SYNDICATE_SHARED_DIR` overrides it for unusual layouts.
 */
export const sharedDir = process.env.SYNDICATE_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  const path = join(sharedDir, ...parts);
  if (!existsSync(path)) {
    throw new Error(`shared file ${path} is missing: tests expect ../shared beside the repository`);
  }
  return path;
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), 'utf8');
}

export function readSharedJson<T>(...parts: string[]): T {
  return JSON.parse(readShared(...parts)) as T;
}

/** The reference article exactly as published. */
export const referenceArticlePath = (): string => sharedPath('seed', 'opslens-raqqa.txt');
export const readReferenceArticle = (): string => readShared('seed', 'opslens-raqqa.txt');
