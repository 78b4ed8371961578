import { defineConfig } from 'vitest/config';

// Two kinds of test file, run side by side (docs/development.md):
// - in-process (test/unit, test/store, test/commands): pure functions and
//   commands on a fake ctx. They share one module graph per worker
//   (isolate: false), which halves their cost: importing src/ again for each
//   of 50 files was a third of the suite. A test here must leave no global
//   state behind (restore process.env, close what it opens).
// - everything else (test/e2e, test/fault, any new folder): files that spawn
//   the built bin, each in a fresh worker of its own.
// Two workers on two cores: while one file waits for the processes it spawned,
// the other keeps a core busy. Time limits allow for a loaded shared machine.
const IN_PROCESS = 'test/{unit,store,commands}/**/*.test.ts';

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: { name: 'in-process', include: [IN_PROCESS], isolate: false },
      },
      {
        extends: true,
        test: { name: 'processes', include: ['test/**/*.test.ts'], exclude: [IN_PROCESS] },
      },
    ],
  },
});
