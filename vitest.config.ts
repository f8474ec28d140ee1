import {defineConfig} from 'vitest/config';

// Tests print real PDFs in a real Chromium: generous timeouts, and no more workers than the 2 cores.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true
  }
});
