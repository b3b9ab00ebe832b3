/**
 * Feed settings from the environment the stack (and the local runtime) sets:
 * `FEEDS_BASE_URL` (public base of the feeds), `PUBLIC_BASE_URL` (the API, for
 * article links), optional `WEBSUB_HUB_URL`, `FEED_ITEM_LIMIT` and the feed
 * pictures `FEED_ICON_URL`, `FEED_FAVICON_URL`, `FEED_LOGO_URL` (defaults: brand.ts). A missing
 * or malformed value stops the function at start with a message naming it,
 * rather than publishing feeds full of broken links.
 */
import { env as names } from '../../infra/definitions.ts';
import { defaultBrand } from '../core/feeds/brand.ts';
import { shippedConceptLabel } from '../core/tagging/concept-labels.ts';
import { DEFAULT_ITEM_LIMIT, defaultIdAuthority, type FeedSettings } from '../core/feeds/view.ts';

export const SITE_TITLE = 'Syndicate';

function absoluteUrl(name: string, value: string | undefined): string {
  if (!value) throw new Error(`environment variable ${name} is not set`);
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return value;
  } catch {
    // reported below
  }
  throw new Error(`environment variable ${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
}

export function feedSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): FeedSettings {
  const feedsBaseUrl = absoluteUrl(names.feedsBaseUrl, env[names.feedsBaseUrl]);
  const publicBaseUrl = absoluteUrl(names.publicBaseUrl, env[names.publicBaseUrl]);
  const hub = env[names.websubHubUrl];
  const brandUrl = (name: string) => (env[name] ? absoluteUrl(name, env[name]) : undefined);
  const defaults = defaultBrand(feedsBaseUrl);
  const brand = {
    iconUrl: brandUrl(names.feedIconUrl) ?? defaults.iconUrl,
    faviconUrl: brandUrl(names.feedFaviconUrl) ?? defaults.faviconUrl,
    logoUrl: brandUrl(names.feedLogoUrl) ?? defaults.logoUrl,
  };
  const limitText = env[names.feedItemLimit];
  const itemLimit = limitText ? Number(limitText) : DEFAULT_ITEM_LIMIT;
  if (!Number.isInteger(itemLimit) || itemLimit < 1 || itemLimit > 1000) {
    throw new Error(`environment variable ${names.feedItemLimit} must be an integer from 1 to 1000, got ${JSON.stringify(limitText)}`);
  }
  return {
    feedsBaseUrl,
    publicBaseUrl,
    siteTitle: SITE_TITLE,
    idAuthority: env[names.feedLegacyIdAuthority] || defaultIdAuthority(feedsBaseUrl),
    conceptLabel: shippedConceptLabel,
    itemLimit,
    brand,
    ...(hub ? { hubUrl: absoluteUrl(names.websubHubUrl, hub) } : {}),
  };
}
