import { defineConfig } from 'vitest/config';

// Tests share one embedded PGlite (or the PostgreSQL server named by TEST_DATABASE_URL);
// each test file gets its own fresh database schema, see test/support/db.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
