import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // Only a guard against a hang: tests wait for conditions, and with both cores busy a test
    // that spawns the bin a few times takes minutes. Longer than test/helpers/patience.ts's
    // HANG_MS, so that a hung wait fails with its own message first.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
