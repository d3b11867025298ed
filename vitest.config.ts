import { defineConfig } from 'vitest/config';
import { scaled } from './test/helpers/slow.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // generous on a loaded machine: tests wait on conditions, so a deadline costs nothing when met
    testTimeout: scaled(60_000),
    hookTimeout: scaled(60_000),
    // e2e files spawn many processes; two cores do not gain from more workers
    maxWorkers: 2,
  },
});
