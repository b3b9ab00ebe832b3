import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Tests talk to real local services and real HTTP servers: two cores, so keep forks modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
