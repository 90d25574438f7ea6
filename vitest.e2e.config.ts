import { defineConfig } from 'vitest/config';

/** Browser tests against the built app (`npm run build` first); kept apart from the fast suite. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
