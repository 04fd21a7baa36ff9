import { describe, expect, it } from 'vitest';
import { HTML_POLICY_FINGERPRINT } from '../../shared/model/html-policy.js';
import { canonicalArticle } from '../../shared/publish/articles.js';
import { feedEtag } from '../../shared/publish/feed-etag.js';
import { renderJsonFeed } from '../../shared/render/jsonfeed.js';
import { feedDocument } from '../render/document.js';
import { makeArticle } from './articles.js';

// A body outside the allowlist check (an entity in a value): published as stored only when marked.
const bodyHtml = '<p><img src="https://img.test/a.jpg" alt="a &quot;b&quot;" />Caption</p>';

describe('the body policy mark on the publishing side', () => {
  it('is left out of the public article JSON, which stays as it was', () => {
    const marked = makeArticle({ id: 'm1', bodyHtml, bodyPolicy: HTML_POLICY_FINGERPRINT });
    const { bodyPolicy: _mark, ...unmarked } = marked;
    expect(canonicalArticle(marked)).not.toHaveProperty('bodyPolicy');
    expect(JSON.stringify(canonicalArticle(marked))).toBe(JSON.stringify(canonicalArticle(unmarked)));
  });

  it('changes the feed ETag when the mark changes, as it changes the bytes', () => {
    const marked = makeArticle({ id: 'm1', bodyHtml, bodyPolicy: HTML_POLICY_FINGERPRINT });
    const { bodyPolicy: _mark, ...unmarked } = marked;
    const body = (doc: ReturnType<typeof feedDocument>) => JSON.parse(renderJsonFeed(doc)).items[0].content_html;
    expect(body(feedDocument([marked]))).toBe(bodyHtml);
    expect(body(feedDocument([unmarked]))).toBe('<p>Caption</p>');
    expect(feedEtag('json', feedDocument([marked]))).not.toBe(feedEtag('json', feedDocument([unmarked])));
  });
});
