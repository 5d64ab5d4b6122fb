import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    // Imports ../shared/data once into test-output/ for every real-data test file.
    globalSetup: ['./tests/setup/global.ts'],
    testTimeout: 120_000,
    // Every JSON answer an API or browser test receives is checked against contract/ (http/route.ts).
    env: { ATLAS_CHECK_RESPONSES: '1' },
    hookTimeout: 300_000,
    // Real-data tests share one imported store per file; keep files in separate processes.
    pool: 'forks',
    fileParallelism: false,
  },
});
