/**
 * How a rewritten package copy the bundles alias to (lean-entities.ts) comes into place:
 * written to a staging folder beside the target, then renamed, so parallel synths (test workers) never
 * see half a copy; copies of other versions or rewrites are removed as stale.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * `target` if `readyFile` (relative to it) exists; otherwise `write(staging)` fills a fresh staging
 * folder that is renamed to `target`. `stale` matches the folder names of older copies of the same package.
 */
export function placeCopy(target: string, readyFile: string, stale: RegExp, write: (staging: string) => void): string {
  if (existsSync(join(target, readyFile))) return target;
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.${process.pid}.${Date.now()}`;
  write(staging);
  try {
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, readyFile))) throw error; // another worker's rename won the race otherwise
  }
  // Another worker's staging copy has a suffix, so it never matches `stale` and stays.
  for (const name of readdirSync(dirname(target))) {
    if (stale.test(name) && name !== basename(target)) rmSync(join(dirname(target), name), { recursive: true, force: true });
  }
  return target;
}
