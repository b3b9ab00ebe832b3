/**
 * The CloudFront Functions' sources (plain cloudfront-js-2.0 files beside this
 * module), read by the stack that deploys them and by the local feed server
 * that runs the same code.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type CloudFrontFunctionName = 'feed-response' | 'page-status';

export function cloudFrontFunctionSource(name: CloudFrontFunctionName): string {
  return readFileSync(join(dirname(fileURLToPath(import.meta.url)), `${name}.js`), 'utf8');
}

const hubSlot = 'var HUB_URL = null;';

/** The feeds' viewer-response function, advertising `hubUrl` (WebSub) when given: an https URL, checked at synth time. */
export function feedResponseFunctionCode(hubUrl?: string): string {
  const source = cloudFrontFunctionSource('feed-response');
  if (hubUrl === undefined) return source;
  const url = new URL(hubUrl); // refuses a malformed hub at synth time, not at the edge
  if (url.protocol !== 'https:') throw new Error(`websubHub must be an https URL, got ${hubUrl}`);
  if (!source.includes(hubSlot)) throw new Error('feed-response.js lost its HUB_URL slot');
  return source.replace(hubSlot, `var HUB_URL = ${JSON.stringify(url.href)};`);
}
