// Crash safety: `integrate import` of a large file, SIGKILLed at random moments.
// Whatever the moment (starting up, parsing, inside the write transaction,
// while the commit is being written to the WAL), the next open finds a sound
// database that holds either the whole import or none of it. `npm test` kills
// a 2,000-entry import at 4 moments (at least one inside the commit); `npm run
// test:deep` a 6,000-entry one at 12+.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/run-bin.js';
import { depth, SIZED_TIMEOUT } from '../helpers/runs.js';
import { appBin, removeAppBin, counts, integrityProblems, prng, runBinIn, sleep, spawnBin, withDb, writeImportFile, type ImportFileShape } from './support.js';

const ENTRIES = depth(2000, 6000);
const SEED = 8;
const KILLS = depth(4, 12);

let box: ReturnType<typeof makeSandbox>;
let base: string;
let importFile: string;
let shape: ImportFileShape;
let before: ReturnType<typeof counts>;
let fullMs: number;

beforeAll(async () => {
  appBin(); // builds dist/ if needed and takes this file's private copy of it
  box = makeSandbox('integrate-fault-import-');
  base = box.file('base.db');
  importFile = box.file('import.json');
  shape = writeImportFile(importFile, ENTRIES, SEED);
  for (const mood of ['4', '6']) {
    const r = await runBinIn(['checkin', '--mood', mood, '--note', `already here ${mood}`], box.dir, base);
    if (r.code !== 0) throw new Error(`seeding failed: ${r.stderr}`);
  }
  before = withDb(base, counts);
  baseSchema = withDb(base, schemaOf);
  // One import to the end: how long a whole run takes here, so the kills can fall anywhere in it.
  const whole = box.file('whole.db');
  fs.copyFileSync(base, whole);
  const r = await runBinIn(['import', importFile], box.dir, whole);
  if (r.code !== 0) throw new Error(`the uninterrupted import failed: ${r.stderr}`);
  fullMs = r.ms;
}, SIZED_TIMEOUT);

afterAll(() => {
  box?.cleanup();
  removeAppBin();
});

// The import sets the search index's insert trigger aside inside its transaction: a kill must leave it in place.
let baseSchema: unknown;
const schemaOf = (d: Parameters<Parameters<typeof withDb>[1]>[0]) => d.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

const after = () => ({
  entries: before.entries + shape.entries,
  metrics: before.metrics + shape.metrics,
  tags: before.tags + shape.tags,
  practices: before.practices + shape.practices,
  sessions: before.sessions + shape.sessions,
  intentions: before.intentions + shape.intentions,
  indexed: before.indexed + shape.entries,
});

interface Trial {
  n: number;
  how: string;
  killedAtMs: number;
  walBytes: number;
  outcome: 'absent' | 'present';
}

/** Starts an import on a fresh copy of the base database; `when` decides the moment to kill it. */
async function trial(n: number, when: (db: string, started: number) => Promise<string>): Promise<Trial | undefined> {
  const db = box.file(`trial-${n}.db`);
  fs.copyFileSync(base, db);
  const started = performance.now();
  const { child, done } = spawnBin(['import', importFile], box.dir, db);
  let finished = false;
  void done.then(() => (finished = true));
  const how = await Promise.race([when(db, started), done.then(() => 'finished')]);
  const killedAtMs = performance.now() - started;
  const walBytes = fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0;
  if (!finished) child.kill('SIGKILL');
  const result = await done;
  const killed = result.signal === 'SIGKILL';

  const state = withDb(db, (d) => ({ problems: integrityProblems(d), counts: counts(d), schema: schemaOf(d) }));
  expect(state.problems, `trial ${n} (${how} at ${killedAtMs.toFixed(0)} ms): integrity`).toEqual([]);
  expect(state.schema, `trial ${n} (${how} at ${killedAtMs.toFixed(0)} ms): schema and triggers as before`).toEqual(baseSchema);
  const outcome = JSON.stringify(state.counts) === JSON.stringify(before) ? 'absent' : 'present';
  expect([before, after()], `trial ${n} (${how} at ${killedAtMs.toFixed(0)} ms): all or nothing`).toContainEqual(state.counts);
  if (!killed) {
    expect(result.code, `trial ${n} ran to the end: ${result.stderr}`).toBe(0);
    expect(outcome).toBe('present');
  }
  fs.rmSync(db, { force: true });
  fs.rmSync(`${db}-wal`, { force: true });
  fs.rmSync(`${db}-shm`, { force: true });
  return killed ? { n, how, killedAtMs, walBytes, outcome } : undefined;
}

describe('import killed with SIGKILL', () => {
  it(`leaves the whole import or none of it, and a sound database, at ${KILLS}+ random moments`, async () => {
    const rand = prng(SEED);
    const kills: Trial[] = [];
    for (let n = 0; kills.length < KILLS && n < KILLS * 3; n++) {
      const t = n % 3 === 2
        // Inside the commit: kill as soon as the WAL has frames (plus up to 3 ms).
        ? await trial(n, async (db) => {
          const extra = rand.int(0, 3);
          for (;;) {
            if (fs.existsSync(`${db}-wal`) && fs.statSync(`${db}-wal`).size > 0) break;
            await sleep(0.5);
          }
          if (extra) await sleep(extra);
          return `WAL written +${extra} ms`;
        })
        // Anywhere in the run: a uniform moment in [5%, 100%] of an uninterrupted run.
        : await trial(n, async () => {
          const at = fullMs * (0.05 + 0.95 * rand.next());
          await sleep(at);
          return `after ${at.toFixed(0)} ms`;
        });
      if (t) kills.push(t);
    }
    expect(kills.length, 'processes actually killed before they finished').toBeGreaterThanOrEqual(KILLS);
    // Both sides of the commit were hit: some kills left nothing, the test is not vacuous.
    expect(kills.some((k) => k.outcome === 'absent')).toBe(true);
    console.log(`import of ${ENTRIES} entries: ${fullMs.toFixed(0)} ms uninterrupted; killed ${kills.length}×: ${kills
      .map((k) => `${k.killedAtMs.toFixed(0)} ms${k.walBytes ? ` (WAL ${Math.round(k.walBytes / 1024)} KB)` : ''} → ${k.outcome}`).join(', ')}`);
  }, SIZED_TIMEOUT);
});
