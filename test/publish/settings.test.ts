import { describe, expect, it } from 'vitest';
import { feedSettingsFromEnv } from '../../functions/publish/settings.ts';

const base = { FEEDS_BASE_URL: 'https://feeds.example.com', PUBLIC_BASE_URL: 'https://api.example.com' };

describe('feed settings from the environment', () => {
  it('reads the bases, derives the id authority and defaults to 50 items without a hub', () => {
    const { conceptLabel, ...settings } = feedSettingsFromEnv(base);
    expect(conceptLabel?.('syria')).toBe('Syria');
    expect(settings).toEqual({
      feedsBaseUrl: 'https://feeds.example.com',
      publicBaseUrl: 'https://api.example.com',
      siteTitle: 'Syndicate',
      idAuthority: 'feeds.example.com,2025',
      itemLimit: 50,
      brand: {
        iconUrl: 'https://feeds.example.com/pages/assets/feed-icon-512.png',
        faviconUrl: 'https://feeds.example.com/pages/assets/feed-icon-64.png',
        logoUrl: 'https://feeds.example.com/pages/assets/feed-logo.png',
      },
    });
  });

  it('takes the feed pictures from the deploy settings when set', () => {
    expect(feedSettingsFromEnv({ ...base, FEED_ICON_URL: 'https://cdn.example.com/i.png', FEED_LOGO_URL: 'https://cdn.example.com/l.png' }).brand).toEqual({
      iconUrl: 'https://cdn.example.com/i.png',
      faviconUrl: 'https://feeds.example.com/pages/assets/feed-icon-64.png',
      logoUrl: 'https://cdn.example.com/l.png',
    });
    expect(() => feedSettingsFromEnv({ ...base, FEED_FAVICON_URL: 'icon.png' })).toThrow(/FEED_FAVICON_URL must be an absolute/);
  });

  it('takes the hub and the item limit when set', () => {
    expect(feedSettingsFromEnv({ ...base, WEBSUB_HUB_URL: 'https://hub.example.com/', FEED_ITEM_LIMIT: '20' })).toMatchObject({
      hubUrl: 'https://hub.example.com/',
      itemLimit: 20,
    });
  });

  it('names the variable that is missing or malformed', () => {
    expect(() => feedSettingsFromEnv({ PUBLIC_BASE_URL: base.PUBLIC_BASE_URL })).toThrow(/FEEDS_BASE_URL is not set/);
    expect(() => feedSettingsFromEnv({ ...base, PUBLIC_BASE_URL: '/api' })).toThrow(/PUBLIC_BASE_URL must be an absolute/);
    expect(() => feedSettingsFromEnv({ ...base, FEED_ITEM_LIMIT: 'many' })).toThrow(/FEED_ITEM_LIMIT must be an integer/);
    expect(() => feedSettingsFromEnv({ ...base, WEBSUB_HUB_URL: 'ftp://hub' })).toThrow(/WEBSUB_HUB_URL/);
  });
});
