import { readFileSync } from 'node:fs';
import { parseFeed } from '../../shared/index.js';
import type { Article } from '../../shared/model/article.js';

const SAMPLE = new URL('../../infra/local/sample-feeds/kontan.xml', import.meta.url);

/**
 * The seed article (KONTAN's copy of a Reuters story) as the pipeline stores it: the local stack's KONTAN sample
 * feed read and normalized, so it carries the photo and both "Baca Juga" links with their URLs.
 */
export function seedArticle(): Article {
  const [article] = parseFeed(readFileSync(SAMPLE), { partnerId: 'kontan', defaultLanguage: 'id' });
  if (article?.source !== 'Reuters') throw new Error('the KONTAN sample feed no longer starts with the seed article');
  return article;
}
