import { defineConfig } from 'vitest/config';
import { scaled } from './test/helpers/slow.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // generous on a loaded machine: tests wait on conditions, so a deadline costs nothing when met.
    // A test's own waits are scaled to the load when they start; this is only the backstop, and
    // the load at start-up says little about the load ten minutes later.
    testTimeout: Math.max(scaled(60_000), 300_000),
    hookTimeout: Math.max(scaled(60_000), 300_000),
    // e2e files spawn many processes; two cores do not gain from more workers
    maxWorkers: 2,
  },
});
