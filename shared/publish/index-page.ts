import { newestInstant } from '../render/feed-document.js';
import { CONTENT_TYPES, EXTENSIONS, FORMAT_NAMES, partnerList, type PublishDeps } from './deps.js';
import type { Representation } from './http.js';
import { HTML_HEADERS } from './layout.js';
import { languageName } from './language-names.js';
import { renderIndexPage, type FeedLink } from './pages.js';
import { partnerStatuses } from './partner-status.js';
import { categoryKey, categoryLabel, isPublic } from '../model/article-rules.js';

/** How many recent articles the index page looks at to list languages and categories. */
const INDEX_SAMPLE = 200;
const INDEX_MAX_CATEGORIES = 30;

/** `/`: every feed with subscribe links; languages and categories from partners and recent articles. */
export async function indexPage(deps: PublishDeps, base: string): Promise<Representation> {
  const partners = (await partnerList(deps)) ?? [];
  const now = deps.clock.now().getTime();
  const recent = (await deps.store.latest({ limit: INDEX_SAMPLE, includeHidden: false })).articles.filter((a) => isPublic(a, now));
  const languages = new Set<string>();
  for (const p of partners) if (p.defaultLanguage !== undefined) languages.add(p.defaultLanguage.toLowerCase());
  // One entry per categoryKey (`World` and `world` are one category): linked as the newest article spells it,
  // shown by the first display label any of its articles gives.
  const categoryCounts = new Map<string, { term: string; label: string; count: number }>();
  for (const a of recent) {
    if (a.language !== undefined && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(a.language)) languages.add(a.language.toLowerCase());
    for (const c of a.categories) {
      const entry = categoryCounts.get(categoryKey(c));
      if (entry) {
        entry.count++;
        if (entry.label === entry.term && a.categoryLabels?.[c] !== undefined) entry.label = categoryLabel(a, c);
      } else categoryCounts.set(categoryKey(c), { term: c, label: categoryLabel(a, c), count: 1 });
    }
  }
  const categories = [...categoryCounts.entries()]
    .filter(([key]) => key.length <= 100)
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, INDEX_MAX_CATEGORIES)
    .map(([, c]) => c)
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const statuses = await partnerStatuses(deps, partners);
  // Counts and dates come from the same recent sample: exact while it holds every article, else labelled so.
  const tally = (match: (a: (typeof recent)[number]) => boolean) => {
    const matching = recent.filter(match);
    return { count: matching.length, lastUpdated: newestInstant(matching) };
  };
  const link = (group: string, title: string, scopePath: string, match: (a: (typeof recent)[number]) => boolean, extra: Partial<FeedLink> = {}): FeedLink => ({
    group,
    title,
    ...tally(match),
    ...extra,
    formats: (['rss', 'atom', 'json'] as const).map((f) => ({
      name: FORMAT_NAMES[f],
      type: CONTENT_TYPES[f].split(';')[0]!,
      url: `${base}${scopePath}${EXTENSIONS[f]}`,
    })),
    pageUrl: `${base}${scopePath}.html`,
  });
  const feeds: FeedLink[] = [link('Everything', 'All articles', '/feeds/all', () => true)];
  for (const p of [...partners].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!p.enabled) continue;
    feeds.push(link('Partners', p.name, `/feeds/partners/${p.id}`, (a) => a.partnerId === p.id, { timeZone: p.timeZone, status: statuses.get(p.id) }));
  }
  for (const l of [...languages].sort()) {
    const inLanguage = (a: (typeof recent)[number]) => a.language !== undefined && (a.language.toLowerCase() === l || a.language.toLowerCase().startsWith(`${l}-`));
    feeds.push(link('Languages', languageName(l), `/feeds/languages/${l}`, inLanguage, { titleLang: l }));
  }
  for (const c of categories) {
    const key = categoryKey(c.term);
    feeds.push(link('Categories', c.label, `/feeds/categories/${encodeURIComponent(c.term)}`, (a) => a.categories.some((x) => categoryKey(x) === key)));
  }
  const sampleNote = recent.length >= INDEX_SAMPLE ? `Counts and dates are from the newest ${INDEX_SAMPLE} articles.` : undefined;
  return {
    contentType: CONTENT_TYPES.html,
    body: renderIndexPage({ title: deps.config.siteTitle, homeUrl: `${base}/`, feeds, sampleNote }),
    // The page shows each partner's live status, which changes with no write: its ETag alone validates it.
    lastModified: 0,
    headers: { ...HTML_HEADERS },
  };
}
