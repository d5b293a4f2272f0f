import { defineConfig } from 'vitest/config';

// Browser tests: the built app served by `vite preview`, driven by playwright-core in Debian chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
