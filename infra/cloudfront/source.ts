/**
 * The CloudFront Functions' sources (plain cloudfront-js-2.0 files beside this
 * module), read by the stack that deploys them and by the local feed server
 * that runs the same code.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type CloudFrontFunctionName = 'feed-encoding' | 'page-status' | 'websub-link';

export function cloudFrontFunctionSource(name: CloudFrontFunctionName): string {
  return readFileSync(join(dirname(fileURLToPath(import.meta.url)), `${name}.js`), 'utf8');
}
