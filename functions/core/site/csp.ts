/**
 * The public pages' response headers, defined once: the local feed server sends
 * them and the CloudFront response-headers policy is built from them.
 *
 * The Content-Security-Policy allows nothing by default. The stylesheet is
 * allowed by its hash; images from any https host (a lead image lives on the
 * publisher's servers) and from our own origin. No script runs at all: the
 * JSON-LD block is a data block (`type="application/ld+json"`), which browsers
 * never execute and CSP does not govern, so `script-src` stays `'none'`.
 */
import { SITE_CSS_HASH } from './style.ts';

export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${SITE_CSS_HASH}`,
  "img-src 'self' https:",
  "script-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_CONTENT_TYPE = 'text/html; charset=utf-8';

/** Headers every page is served with, in lower case. */
export const pageSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': PAGE_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};
