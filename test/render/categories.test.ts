import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../shared/render/atom.js';
import { renderJsonFeed } from '../../shared/render/jsonfeed.js';
import { renderRss } from '../../shared/render/rss.js';
import { makeArticle } from '../publish/articles.js';
import { feedDocument } from './document.js';

const article = makeArticle({ id: 'a1', categories: ['world', 'tech', 'World'], categoryLabels: { world: 'World News' } });
const doc = feedDocument([article]);

describe('renderers: categories', () => {
  it('gives Atom the stable term and the display label, each category once whatever its case', () => {
    const xml = renderAtom(doc);
    expect(xml).toContain('<category term="world" label="World News"/>');
    expect(xml).toContain('<category term="tech"/>');
    expect(xml.match(/<category /g)).toHaveLength(2);
  });

  it('shows the display label in RSS, where a category has only its text', () => {
    const xml = renderRss(doc);
    expect(xml.match(/<category>[^<]*<\/category>/g)).toEqual(['<category>World News</category>', '<category>tech</category>']);
  });

  it('shows the display label as the JSON Feed tag', () => {
    expect(JSON.parse(renderJsonFeed(doc)).items[0].tags).toEqual(['World News', 'tech']);
  });
});
