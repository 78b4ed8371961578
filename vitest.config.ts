import { defineConfig } from 'vitest/config';

// Two kinds of test file, run side by side (docs/development.md):
// - in-process (test/unit, test/store, test/commands): pure functions and
//   commands on a fake ctx, in worker threads (cheaper to start than forks).
// - processes (test/e2e, test/fault, any new folder, and *.fork.test.ts):
//   files that spawn the built bin or signal their own process, in forked
//   workers (a thread cannot chdir, and a signal would reach vitest itself).
// Neither pool isolates its files: a worker keeps its module graph from file
// to file, so src/ is imported once per worker, not once per file (that was
// two thirds of the suite's CPU time). So a test file must leave no global
// state behind: restore process.env and the working folder, close what it
// opens, remove its listeners.
// Two workers on two cores: while one file waits for the processes it spawned,
// the other keeps a core busy. Time limits allow for a loaded shared machine.
const IN_PROCESS = 'test/{unit,store,commands}/**/*.test.ts';
// In-process tests that signal their own process.
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
    // Isolation is decided per pool for the whole run: a project's own `isolate` does not reach it.
    poolOptions: { threads: { isolate: false }, forks: { isolate: false } },
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: { name: 'in-process', include: [IN_PROCESS], exclude: [OWN_PROCESS], pool: 'threads' },
      },
      {
        extends: true,
        test: { name: 'processes', include: ['test/!(unit|store|commands)/**/*.test.ts', OWN_PROCESS] },
      },
    ],
  },
});
