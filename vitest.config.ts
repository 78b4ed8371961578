import { defineConfig } from 'vitest/config';

// Two kinds of test file, run side by side (docs/development.md):
// - in-process (test/unit, test/store, test/commands): pure functions and
//   commands on a fake ctx. They run in worker threads (a forked worker per
//   file cost three times as much) sharing one module graph per worker
//   (isolate: false): importing src/ again for each of 50 files was a third
//   of the suite. A test here must leave no global state behind (restore
//   process.env, close what it opens) and cannot process.chdir().
// - everything else (test/e2e, test/fault, any new folder): files that spawn
//   the built bin, each in a fresh worker of its own.
// Two workers on two cores: while one file waits for the processes it spawned,
// the other keeps a core busy. Time limits allow for a loaded shared machine.
const IN_PROCESS = 'test/{unit,store,commands}/**/*.test.ts';
// In-process tests that signal their own process: a forked worker each.
const OWN_PROCESS = 'test/**/*.fork.test.ts';

// Local days are Berlin days in every test (UTC+1 in winter). Set here, in the
// process that starts the workers: a worker thread shares its process's time
// zone and cannot change it (test/setup.ts sets it again for forked workers).
process.env.TZ = 'Europe/Berlin';

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
        test: { name: 'in-process', include: [IN_PROCESS], exclude: [OWN_PROCESS], isolate: false, pool: 'threads' },
      },
      {
        extends: true,
        test: { name: 'processes', include: ['test/!(unit|store|commands)/**/*.test.ts', OWN_PROCESS] },
      },
    ],
  },
});
