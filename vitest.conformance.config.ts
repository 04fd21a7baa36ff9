import { defineConfig } from 'vitest/config';

const reporters = process.env.CI
  ? ['default', ['json', { outputFile: 'test/.artifacts/vitest-conformance.json' }]]
  : ['default'];

/** The conformance suite: our output checked by independent readers (feedparser, newsboat, xmllint, Chromium). */
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: reporters as never,
  },
});
