import { defineConfig } from 'vitest/config';

// In CI a JSON report is written too, so that .ci/run can print its closing "N passed, N failed" line.
const reporters = process.env.CI ? ['default', ['json', { outputFile: 'test/.artifacts/vitest-unit.json' }]] : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local and s3rver for the whole run; each test file makes its own table and bucket.
    globalSetup: ['test/support/local-aws-setup.ts'],
    exclude: ['test/conformance/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: reporters as never,
  },
});
