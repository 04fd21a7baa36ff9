const MEMOS: Array<Map<string, unknown>> = [];

/** Empties every render memo (the benchmark calls it before each timed render, so no iteration reuses another's work). */
export function clearRenderMemos(): void {
  for (const m of MEMOS) m.clear();
}

/** Registers a render-time cache with clearRenderMemos. */
export function registerMemo(cache: Map<string, unknown>): void {
  MEMOS.push(cache);
}

/**
 * A bounded memo for pure functions of long strings (article bodies). The same body goes into many feeds (all,
 * partner, category, language; three formats) that are polled again and again, and escaping a 3 KB body costs
 * more than everything else in its item. Keyed by content, so equal bodies read fresh from the store hit too.
 */
export function memoLong(fn: (text: string) => string, limit = 1000, minLength = 512): (text: string) => string {
  const cache = new Map<string, string>();
  registerMemo(cache);
  return (text) => {
    if (text.length < minLength) return fn(text);
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const out = fn(text);
    // Oldest first out: Map keeps insertion order.
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(text, out);
    return out;
  };
}
