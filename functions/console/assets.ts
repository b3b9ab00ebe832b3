/**
 * The console's built files (infra/console-bundle.ts), read once per
 * container from a folder: on Lambda the one beside the bundle, locally the
 * one the runtime built at start. Only plain file names in that folder can be
 * served, so no request path reaches anything else.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env as names } from '#infra/definitions.ts';

export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const plainFileName = (name: string): boolean => /^[a-z0-9][a-z0-9.-]{0,63}$/.test(name) && !name.includes('..');

export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    const contentType = contentTypes[extname(name)];
    if (!contentType || !plainFileName(name)) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  return assets;
}

/** `CONSOLE_ASSETS_DIR` when set (the local runtime), else `console/` beside this module's bundle. */
export function assetsDir(environment: NodeJS.ProcessEnv = process.env): string {
  return environment[names.consoleAssetsDir] || join(dirname(fileURLToPath(import.meta.url)), 'console');
}
