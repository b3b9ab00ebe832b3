/**
 * Feed settings from the environment the stack (and the local runtime) sets:
 * `FEEDS_BASE_URL` (public base of the feeds), `PUBLIC_BASE_URL` (the API, for
 * article links), optional `WEBSUB_HUB_URL` and `FEED_ITEM_LIMIT`. A missing
 * or malformed value stops the function at start with a message naming it,
 * rather than publishing feeds full of broken links.
 */
import { env as names } from '../../infra/definitions.ts';
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
  const limitText = env[names.feedItemLimit];
  const itemLimit = limitText ? Number(limitText) : DEFAULT_ITEM_LIMIT;
  if (!Number.isInteger(itemLimit) || itemLimit < 1 || itemLimit > 1000) {
    throw new Error(`environment variable ${names.feedItemLimit} must be an integer from 1 to 1000, got ${JSON.stringify(limitText)}`);
  }
  return {
    feedsBaseUrl,
    publicBaseUrl,
    siteTitle: SITE_TITLE,
    idAuthority: defaultIdAuthority(feedsBaseUrl),
    itemLimit,
    ...(hub ? { hubUrl: absoluteUrl(names.websubHubUrl, hub) } : {}),
  };
}
