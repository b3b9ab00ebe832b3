/**
 * `npm run screenshots`: runs the console's browser test (which photographs
 * every screen it visits into the git-ignored `.screenshots/`), then copies
 * the two that the README shows into `docs/console/`, where they are
 * committed. Regenerate them after changing how a screen looks.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.ts';
import { screenshotsDir } from './browser.ts';

/** Screenshot in .screenshots/ → file name in docs/console/. */
export const readmeScreenshots: Record<string, string> = {
  'deliveries-failing': 'deliveries.png',
  // The page without a secret on it: a committed picture should not carry anything that looks like one.
  subscription: 'subscription.png',
};

const run = spawnSync('npx', ['vitest', 'run', 'test/console/console.test.ts'], { cwd: repoRoot, stdio: 'inherit' });
if (run.status !== 0) {
  console.error('screenshots: the console browser test failed; docs/console/ left as it was');
  process.exit(run.status ?? 1);
}
const target = join(repoRoot, 'docs', 'console');
mkdirSync(target, { recursive: true });
for (const [name, file] of Object.entries(readmeScreenshots)) {
  const source = join(screenshotsDir, `${name}.png`);
  if (!existsSync(source)) {
    console.error(`screenshots: ${source} was not written (was the browser test skipped?)`);
    process.exit(1);
  }
  copyFileSync(source, join(target, file));
  console.log(`screenshots: docs/console/${file}`);
}
