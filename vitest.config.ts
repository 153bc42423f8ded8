import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // CLI tests spawn the built bin; give slow CI machines room without hiding hangs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
