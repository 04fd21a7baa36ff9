import type { Article } from '../model/article.js';
import type { ArticleStore, ClusterIndex } from '../ports.js';
import { storyTimeOf } from '../model/article-rules.js';
import {
  articleFingerprint,
  decodeFingerprint,
  encodeFingerprint,
  sameStory,
  SAME_STORY,
  simBandKeys,
  type Fingerprint,
} from '../normalize/duplicates.js';

/**
 * Gives every new article a clusterId: that of the first stored (or earlier in this batch) article that is the
 * same story — the Reuters original and its syndicated copies — found through the MinHash band index within the
 * time window; its own id when there is none. Articles that already have a cluster keep it. The band entries of
 * the new articles are written before the articles themselves: they are idempotent, so a crash in between costs
 * nothing, whereas the reverse order could leave a stored article that later copies can never find.
 */
export async function assignClusters(
  changed: Article[],
  deps: { clusters: ClusterIndex; articles: Pick<ArticleStore, 'get'> },
): Promise<Article[]> {
  const batch: Array<{ article: Article; fp: Fingerprint; sortTime?: string }> = [];
  const entries: Parameters<ClusterIndex['putClusterBands']>[0] = [];
  const out: Article[] = [];
  for (const article of changed) {
    if (article.clusterId) {
      out.push(article);
      continue;
    }
    const fp = articleFingerprint(article);
    const bandKeys = simBandKeys(fp);
    const sortTime = storyTimeOf(article);
    let clusterId: string | undefined;
    const inBatch = batch.find((b) => sameStory(fp, b.fp, { publishedA: sortTime, publishedB: b.sortTime }));
    if (inBatch) clusterId = inBatch.article.clusterId;
    if (!clusterId && bandKeys.length > 0 && sortTime) {
      const since = new Date(Date.parse(sortTime) - SAME_STORY.windowHours * 3_600_000).toISOString();
      const candidates = await deps.clusters.findClusterCandidates(bandKeys, since);
      for (const candidate of candidates) {
        if (candidate.id === article.id || !candidate.fingerprint) continue;
        const other = decodeFingerprint(candidate.fingerprint);
        if (!other || !sameStory(fp, other, { publishedA: sortTime, publishedB: candidate.sortTime })) continue;
        // The candidate's own cluster (it may have joined an older story); its id when it was never stored.
        clusterId = (await deps.articles.get(candidate.id))?.clusterId ?? candidate.id;
        break;
      }
    }
    const clustered: Article = { ...article, clusterId: clusterId ?? article.id };
    out.push(clustered);
    batch.push({ article: clustered, fp, sortTime });
    if (bandKeys.length > 0 && sortTime) {
      entries.push({ id: article.id, partnerId: article.partnerId, sortTime, bandKeys, fingerprint: encodeFingerprint(fp) });
    }
  }
  if (entries.length > 0) await deps.clusters.putClusterBands(entries);
  return out;
}
