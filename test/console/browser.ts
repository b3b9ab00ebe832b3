/**
 * What every console browser test needs beside Chromium itself: signing in as
 * a user would (by keyboard), checking a screen with axe-core, and keeping a
 * screenshot of it in the git-ignored `.screenshots/` folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '../support/shared.ts';

export const screenshotsDir = join(repoRoot, '.screenshots');

/** Opens the console in a new tab (a fresh sessionStorage) and signs in with `key`, using the keyboard only. */
export async function signIn(page: Page, apiUrl: string, key: string, screen = ''): Promise<void> {
  await page.goto(`${apiUrl}/console${screen}`);
  await page.getByLabel('API key').focus();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.getByTestId('role').waitFor();
}

/** Moves to a screen by its URL, as a bookmark or a link would, and waits for its heading. */
export async function open(page: Page, apiUrl: string, hash: string): Promise<void> {
  await page.goto(`${apiUrl}/console${hash}`);
  await page.locator('h1').first().waitFor();
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const findings: AxeFinding[] = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  expect(findings, `axe on ${screen}`).toEqual([]);
}

export async function screenshot(page: Page, name: string, dir = screenshotsDir): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Checks a screen both ways the tests care about, and keeps its picture. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}
