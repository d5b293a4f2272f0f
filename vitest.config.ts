import { defineConfig } from 'vitest/config';

// Unit, verification and fuzz tests: plain Node, no browser.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
