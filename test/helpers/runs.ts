// How hard a test pushes. `npm test` (and CI) must stay under 90 s on two
// cores, so it runs every guarantee once in a light, representative form;
// `npm run test:deep` (INTEGRATE_DEEP=1) runs the heavyweight versions: every
// SIGKILL moment, the full concurrency volume, package install, tmux, chromium,
// and every property test at its full run count. A new test that spawns many
// processes or needs a tool beyond Node belongs behind `deep`, with a light
// version in the everyday suite wherever the guarantee would otherwise be lost.
// docs/development.md lists what each level covers.
import os from 'node:os';

/** True under `npm run test:deep` (INTEGRATE_DEEP=1). */
export const DEEP = process.env.INTEGRATE_DEEP === '1';

/** Appended to the title of a test that only `npm run test:deep` runs, so a skipped test says why. */
export const DEEP_ONLY = ' [deep: runs with npm run test:deep (INTEGRATE_DEEP=1)]';

/** `everyday` in `npm test`, `deep` in `npm run test:deep`. */
export function depth<T>(everyday: T, deep: T): T {
  return DEEP ? deep : everyday;
}

function propertyRunsOverride(): number | undefined {
  const raw = process.env.INTEGRATE_PROPERTY_RUNS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`INTEGRATE_PROPERTY_RUNS must be a whole number of runs (1 or more), not "${raw}"`);
  return n;
}

/**
 * How many cases a property test tries. The number written in a test is its
 * deep count, run by `npm run test:deep`; the everyday suite tries at most
 * `everyday` of them (100 unless a run is costly, like a whole import).
 * INTEGRATE_PROPERTY_RUNS=N sets every property test to N runs (more to hunt
 * for a rare case, fewer for a quick loop).
 */
export function runs(deep: number, everyday = 100): number {
  const override = propertyRunsOverride();
  if (override !== undefined) return override;
  return DEEP ? deep : Math.min(deep, everyday);
}

/**
 * A time limit for a performance assertion, stretched by how loaded the
 * machine is: on a calm machine the limit is as written; with other work
 * queued for the cores (load average above the core count) it grows in
 * proportion, so a busy CI box fails a test for being slow, not for being busy.
 */
export function timeLimit(ms: number): number {
  const [load1] = os.loadavg();
  return ms * Math.max(1, (load1 ?? 0) / os.availableParallelism());
}

/** The time limit of a test (or hook) sized by depth(): its deep version may run for minutes on a loaded machine. */
export const SIZED_TIMEOUT = depth(120_000, 600_000);
