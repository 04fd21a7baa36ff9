/**
 * wirefeed as the bench's wirefeed contenders run it: an esbuild bundle of the project's code, as the Lambda
 * functions and any compiled build run it, when the parse section built one (WIREFEED_BENCH_MODULE), else the
 * TypeScript source through tsx. The peers run as their packages ship (plain JavaScript); tsx's transform names
 * every function as it is created (esbuild's keepNames), an extra call on each closure that no shipped build of
 * wirefeed makes and that cost parseFeed ~10% here.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

export type WirefeedModule = typeof import('./wirefeed-entry.js');

const ENTRY = fileURLToPath(new URL('./wirefeed-entry.ts', import.meta.url));
export const WIREFEED_MODULE_ENV = 'WIREFEED_BENCH_MODULE';

/**
 * Bundles the bench's view of wirefeed into `workDir` and returns the bundle's path. esbuild is loaded here, not
 * at the top, so that the parse workers, which import this module for `wirefeedModule` alone, do not load it.
 */
export async function buildWirefeedModule(workDir: string): Promise<string> {
  const outfile = join(workDir, 'wirefeed-bench.mjs');
  const { build } = await import('esbuild');
  await build({ entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning', banner: { js: "import { createRequire as __wfRequire } from 'node:module'; const require = __wfRequire(import.meta.url);" } });
  return outfile;
}

/** The bundle named by WIREFEED_BENCH_MODULE, or the source. */
export async function wirefeedModule(env: NodeJS.ProcessEnv = process.env): Promise<WirefeedModule> {
  const bundle = env[WIREFEED_MODULE_ENV];
  return (bundle ? await import(pathToFileURL(bundle).href) : await import('./wirefeed-entry.js')) as WirefeedModule;
}
