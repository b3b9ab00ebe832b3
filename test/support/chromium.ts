/**
 * Real headless Chromium for browser tests: Debian's `chromium` (installed by
 * .ci/run), driven by playwright-core, never a downloaded browser. Each launch
 * gets a fresh profile folder, removed on close, and every request that does
 * not go to loopback is aborted, so a page can never reach an outside host.
 *
 * Tests call `chromiumMissing` first and skip with its message where the
 * browser cannot be installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. */
export const chromiumMissing: string | undefined = existsSync(chromiumPath)
  ? undefined
  : `Chromium not found at ${chromiumPath} (install Debian's chromium package, as .ci/run does, or set CHROMIUM_PATH): browser tests skipped`;

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

const loopback = (url: string): boolean => {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
    return ['127.0.0.1', '[::1]', 'localhost'].includes(hostname);
  } catch {
    return false;
  }
};

/**
 * One browser with a fresh profile; `viewport` defaults to a desktop size.
 * `ignoreHTTPSErrors` lets a test serve https from loopback with a throwaway
 * self-signed certificate (images must be https).
 */
export async function launchChromium(options: { viewport?: { width: number; height: number }; ignoreHTTPSErrors?: boolean } = {}): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'syndicate-chromium-'));
  // --user-data-dir is the persistent context's folder: playwright passes it to Chromium.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    timeout: 60_000,
  });
  await context.route('**/*', (route) => (loopback(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
