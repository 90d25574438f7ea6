import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // argon2 hashing and real database servers make some tests slower than a unit test.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
