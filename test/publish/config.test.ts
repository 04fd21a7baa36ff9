import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { publishConfigFrom } from '../../shared/publish/publish.js';

describe('publish config', () => {
  it('takes the base URL without a trailing slash, the hub and the cache age from the environment', () => {
    const config = publishConfigFrom(
      loadConfig({ PUBLIC_BASE_URL: 'https://feeds.example.org/', WEBSUB_HUB_URL: 'https://hub.example.org/', CACHE_MAX_AGE_SECONDS: '90' }),
    );
    expect(config).toMatchObject({
      publicBaseUrl: 'https://feeds.example.org',
      hubUrl: 'https://hub.example.org/',
      cacheMaxAgeSeconds: 90,
      idAuthority: 'feeds.example.org',
    });
  });

  it('keeps tag: ids on a fixed authority when no public URL is set, so they do not change with the Host', () => {
    const config = publishConfigFrom(loadConfig({}));
    expect(config.idAuthority).toBe('wirefeed.local');
    expect(config.cacheMaxAgeSeconds).toBe(60);
    expect(config.publicBaseUrl).toBeUndefined();
  });
});
