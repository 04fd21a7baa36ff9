/**
 * Counts the calls of every `render*` export of the modules a test file mocks through `counted`, so that a test
 * can tell a 304 that rendered from one that did not:
 *   vi.mock(import('../../shared/render/rss.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));
 */
export const renders = { count: 0 };

export function counted<T>(mod: T): T {
  return Object.fromEntries(
    Object.entries(mod as Record<string, unknown>).map(([name, fn]) =>
      name.startsWith('render') && typeof fn === 'function' ? [name, (...args: unknown[]) => (renders.count++, fn(...args))] : [name, fn],
    ),
  ) as T;
}
