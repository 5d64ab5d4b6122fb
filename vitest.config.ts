import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Real-data tests share one imported store per file; keep files in separate processes.
    pool: 'forks',
    fileParallelism: false,
  },
});
