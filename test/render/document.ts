import type { Article } from '../../shared/model/article.js';
import type { FeedDocument } from '../../shared/render/feed-document.js';

/** A feed document as the publish use case builds it, for renderer tests. */
export function feedDocument(articles: Article[], overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    id: 'tag:news.example.com,2024:feed:/feeds/all',
    title: 'wirefeed: all articles',
    description: 'Wire articles from wirefeed partners: all articles.',
    selfUrl: 'https://news.example.com/feeds/all.rss',
    homeUrl: 'https://news.example.com/',
    articles,
    idPrefix: 'tag:news.example.com,2024:',
    articleBaseUrl: 'https://news.example.com/articles/',
    partnerFeedBaseUrl: 'https://news.example.com/feeds/partners/',
    ...overrides,
  };
}
