import { describe, expect, it, vi } from 'vitest';
import { makeCorpus } from './articles.js';

async function etagOf(url: string): Promise<string> {
  const { harness } = await import('./harness.js');
  return (await harness(makeCorpus(5)).get(url)).headers.etag!;
}

describe('feed ETags across deploys', () => {
  it('changes every feed ETag when a renderer changes its output, even for a format not asked for', async () => {
    const before = await etagOf('/feeds/all.rss');
    vi.resetModules();
    expect(await etagOf('/feeds/all.rss')).toBe(before);
    vi.resetModules();
    // A new deploy whose Atom renderer writes one more byte: the RSS bytes are the same, the tag space is not.
    vi.doMock(import('../../shared/render/atom.js'), async (load) => {
      const mod = await load();
      return { ...mod, renderAtom: (doc: Parameters<typeof mod.renderAtom>[0]) => `${mod.renderAtom(doc)}\n` };
    });
    expect(await etagOf('/feeds/all.rss')).not.toBe(before);
  });
});
