// Crash safety: `integrate import` of a large file, SIGKILLed at random moments.
// Whatever the moment (starting up, parsing, inside the write transaction,
// while the commit is being written to the WAL, or to the file itself when the
// journal was empty and the import used a rollback journal), the next open
// finds a sound database that holds either the whole import or none of it.
// `npm test` kills a 2,000-entry import at 4 moments into a journal with
// entries and 3 into an empty one (at least one inside each commit); `npm run
// test:deep` a 6,000-entry one at 12+ and 9+.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/run-bin.js';
import { depth, SIZED_TIMEOUT } from '../helpers/runs.js';
import { appBin, removeAppBin, counts, integrityProblems, prng, runBinIn, sleep, spawnBin, withDb, writeImportFile, type ImportFileShape } from './support.js';

const ENTRIES = depth(2000, 6000);
const SEED = 8;
const KILLS = depth(4, 12);
const EMPTY_KILLS = depth(3, 9);

let box: ReturnType<typeof makeSandbox>;
let importFile: string;
let shape: ImportFileShape;

/** A journal the trials start from (a fresh copy each), what it holds, and how long a whole import into it takes. */
interface Start {
  file: string;
  before: ReturnType<typeof counts>;
  schema: unknown;
  fullMs: number;
}
let seeded: Start;
let empty: Start;

async function startFrom(file: string): Promise<Start> {
  const whole = box.file(`whole-${path.basename(file)}`);
  fs.copyFileSync(file, whole);
  // One import to the end: how long a whole run takes here, so the kills can fall anywhere in it.
  const r = await runBinIn(['import', importFile], box.dir, whole);
  if (r.code !== 0) throw new Error(`the uninterrupted import failed: ${r.stderr}`);
  return { file, before: withDb(file, counts), schema: withDb(file, schemaOf), fullMs: r.ms };
}

beforeAll(async () => {
  appBin(); // builds dist/ if needed and takes this file's private copy of it
  box = makeSandbox('integrate-fault-import-');
  importFile = box.file('import.json');
  shape = writeImportFile(importFile, ENTRIES, SEED);
  const base = box.file('base.db');
  for (const mood of ['4', '6']) {
    const r = await runBinIn(['checkin', '--mood', mood, '--note', `already here ${mood}`], box.dir, base);
    if (r.code !== 0) throw new Error(`seeding failed: ${r.stderr}`);
  }
  seeded = await startFrom(base);
  // A journal with its schema and nothing in it: what a first import finds.
  const blank = box.file('empty.db');
  const noEntries = box.file('none.json');
  fs.writeFileSync(noEntries, JSON.stringify({ format: 'integrate', version: 1, entries: [] }));
  const r = await runBinIn(['import', noEntries], box.dir, blank);
  if (r.code !== 0) throw new Error(`creating the empty journal failed: ${r.stderr}`);
  empty = await startFrom(blank);
}, SIZED_TIMEOUT);

afterAll(() => {
  box?.cleanup();
  removeAppBin();
});

// The import sets the search index's insert trigger aside inside its transaction: a kill must leave it in place.
const schemaOf = (d: Parameters<Parameters<typeof withDb>[1]>[0]) => d.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

const after = (before: Start['before']) => ({
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

/** Starts an import on a fresh copy of the start's journal; `when` decides the moment to kill it. */
async function trial(start: Start, n: number, when: (db: string, started: number) => Promise<string>): Promise<Trial | undefined> {
  const { before } = start;
  const db = box.file(`trial-${n}.db`);
  fs.copyFileSync(start.file, db);
  const started = performance.now();
  const { child, done } = spawnBin(['import', importFile], box.dir, db);
  let finished = false;
  void done.then(() => (finished = true));
  const how = await Promise.race([when(db, started), done.then(() => 'finished')]);
  const killedAtMs = performance.now() - started;
  const walBytes = fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : fs.existsSync(`${db}-journal`) ? fs.statSync(`${db}-journal`).size : 0;
  if (!finished) child.kill('SIGKILL');
  const result = await done;
  const killed = result.signal === 'SIGKILL';

  const state = withDb(db, (d) => ({ problems: integrityProblems(d), counts: counts(d), schema: schemaOf(d) }));
  expect(state.problems, `trial ${n} (${how} at ${killedAtMs.toFixed(0)} ms): integrity`).toEqual([]);
  expect(state.schema, `trial ${n} (${how} at ${killedAtMs.toFixed(0)} ms): schema and triggers as before`).toEqual(start.schema);
  const outcome = JSON.stringify(state.counts) === JSON.stringify(before) ? 'absent' : 'present';
  expect([before, after(before)], `trial ${n} (${how} at ${killedAtMs.toFixed(0)} ms): all or nothing`).toContainEqual(state.counts);
  if (!killed) {
    expect(result.code, `trial ${n} ran to the end: ${result.stderr}`).toBe(0);
    expect(outcome).toBe('present');
  }
  // integrate opens it as it was: the WAL back in place, whatever journal the killed import was using.
  const listed = await runBinIn(['list', '--limit', '1', '--json'], box.dir, db);
  expect(listed.code, `trial ${n}: list afterwards: ${listed.stderr}`).toBe(0);
  expect(withDb(db, (d) => String(d.pragma('journal_mode', { simple: true })))).toBe('wal');
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${db}${suffix}`, { force: true });
  return killed ? { n, how, killedAtMs, walBytes, outcome } : undefined;
}

/** Kills imports into copies of `start` at `count`+ moments, every third inside the commit (once `journalFile` has bytes). */
async function killRuns(start: Start, count: number, journalFile: '-wal' | '-journal', firstTrial: number): Promise<Trial[]> {
  const rand = prng(SEED + firstTrial);
  const kills: Trial[] = [];
  for (let n = firstTrial; kills.length < count && n < firstTrial + count * 3; n++) {
    const t = (n - firstTrial) % 3 === 2
      // Inside the commit: kill as soon as the journal has bytes (plus up to 3 ms).
      ? await trial(start, n, async (db) => {
        const extra = rand.int(0, 3);
        for (;;) {
          if (fs.existsSync(`${db}${journalFile}`) && fs.statSync(`${db}${journalFile}`).size > 0) break;
          await sleep(0.5);
        }
        if (extra) await sleep(extra);
        return `${journalFile.slice(1)} written +${extra} ms`;
      })
      // Anywhere in the run: a uniform moment in [5%, 100%] of an uninterrupted run.
      : await trial(start, n, async () => {
        const at = start.fullMs * (0.05 + 0.95 * rand.next());
        await sleep(at);
        return `after ${at.toFixed(0)} ms`;
      });
    if (t) kills.push(t);
  }
  expect(kills.length, 'processes actually killed before they finished').toBeGreaterThanOrEqual(count);
  // Both sides of the commit were hit: some kills left nothing, the test is not vacuous.
  expect(kills.some((k) => k.outcome === 'absent')).toBe(true);
  console.log(`import of ${ENTRIES} entries into ${start === empty ? 'an empty journal' : 'a journal with entries'}: ${start.fullMs.toFixed(0)} ms uninterrupted; killed ${kills.length}×: ${kills
    .map((k) => `${k.killedAtMs.toFixed(0)} ms${k.walBytes ? ` (${Math.round(k.walBytes / 1024)} KB journal)` : ''} → ${k.outcome}`).join(', ')}`);
  return kills;
}

describe('import killed with SIGKILL', () => {
  it(`leaves the whole import or none of it, and a sound database, at ${KILLS}+ random moments`, async () => {
    await killRuns(seeded, KILLS, '-wal', 0);
  }, SIZED_TIMEOUT);

  it(`into an empty journal (a rollback journal, no foreign-key lookups) the same, at ${EMPTY_KILLS}+ moments`, async () => {
    await killRuns(empty, EMPTY_KILLS, '-journal', 100);
  }, SIZED_TIMEOUT);
});
