import type { Article } from '../model/article.js';
import type { ArticleStore, ClusterCandidate, ClusterIndex } from '../ports.js';
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
import { withFields } from '../model/objects.js';

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
  const lookups = prefetchCandidates(changed, deps.clusters);
  const batch: Array<{ article: Article; fp: Fingerprint; sortTime?: string }> = [];
  const entries: Parameters<ClusterIndex['putClusterBands']>[0] = [];
  const out: Article[] = [];
  for (const article of changed) {
    if (article.clusterId) {
      out.push(article);
      continue;
    }
    const { fp, bandKeys, lookup } = lookups.get(article.id) ?? prepare(article);
    const sortTime = storyTimeOf(article);
    let clusterId: string | undefined;
    const inBatch = batch.find((b) => sameStory(fp, b.fp, { publishedA: sortTime, publishedB: b.sortTime }));
    if (inBatch) clusterId = inBatch.article.clusterId;
    if (!clusterId && lookup) {
      const candidates = await lookup;
      for (const candidate of candidates) {
        if (candidate.id === article.id || !candidate.fingerprint) continue;
        const other = decodeFingerprint(candidate.fingerprint);
        if (!other || !sameStory(fp, other, { publishedA: sortTime, publishedB: candidate.sortTime })) continue;
        // The candidate's own cluster (it may have joined an older story); its id when it was never stored.
        clusterId = (await deps.articles.get(candidate.id))?.clusterId ?? candidate.id;
        break;
      }
    }
    const clustered: Article = withFields(article, { clusterId: clusterId ?? article.id });
    out.push(clustered);
    batch.push({ article: clustered, fp, sortTime });
    if (bandKeys.length > 0 && sortTime) {
      entries.push({ id: article.id, partnerId: article.partnerId, sortTime, bandKeys, fingerprint: encodeFingerprint(fp) });
    }
  }
  if (entries.length > 0) await deps.clusters.putClusterBands(entries);
  return out;
}

/** Band-index lookups in flight at once while a batch is clustered (each is one Query per band). */
const LOOKUP_CONCURRENCY = 4;

interface Prepared {
  fp: Fingerprint;
  bandKeys: string[];
  /** The band-index lookup, when the article has bands and a time to look back from. */
  lookup?: Promise<ClusterCandidate[]>;
}

function prepare(article: Article): Prepared {
  const fp = articleFingerprint(article);
  return { fp, bandKeys: simBandKeys(fp) };
}

/**
 * Fingerprints every article without a cluster and starts its band-index lookup, a few at a time, so that a big
 * batch does not wait for one round trip per article in turn. The decisions stay in batch order (the index is
 * only written after them), so the outcome is the same as looking up one article after the other.
 */
function prefetchCandidates(changed: Article[], clusters: ClusterIndex): Map<string, Prepared> {
  const prepared = new Map<string, Prepared>();
  const started: Array<Promise<unknown>> = [];
  for (const article of changed) {
    if (article.clusterId || prepared.has(article.id)) continue;
    const entry = prepare(article);
    prepared.set(article.id, entry);
    const sortTime = storyTimeOf(article);
    if (entry.bandKeys.length === 0 || !sortTime) continue;
    const since = new Date(Date.parse(sortTime) - SAME_STORY.windowHours * 3_600_000).toISOString();
    // Lookup n starts once lookup n - LOOKUP_CONCURRENCY has settled; its failure surfaces where it is awaited.
    const turn = started.length >= LOOKUP_CONCURRENCY ? started[started.length - LOOKUP_CONCURRENCY]! : Promise.resolve();
    const lookup = turn.then(() => clusters.findClusterCandidates(entry.bandKeys, since));
    // The handler also keeps a failed lookup that is never awaited (article matched within the batch) handled.
    started.push(lookup.catch(() => undefined));
    entry.lookup = lookup;
  }
  return prepared;
}
