import { defineConfig } from 'vitest/config';

// In CI a JSON report is written too, so that .ci/run can print its closing "N passed, N failed" line.
const reporters = process.env.CI ? ['default', ['json', { outputFile: 'test/.artifacts/vitest-unit.json' }]] : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/conformance/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: reporters as never,
  },
});
