// Many integrate runs writing one database at the same moment: every write
// lands exactly once and nobody sees SQLITE_BUSY (busy_timeout and IMMEDIATE
// transactions queue them), whether the database already exists or the
// processes race to create it. The volume runs in threads (each run its own
// connection, as a process has: SQLite queues them the same way); separate
// processes check the same across OS file locks. `npm test` runs a light
// volume (4 threads x 10, 2 processes x 4, 4 creators); `npm run test:deep`
// the full one (8 threads x 25, 4 processes x 5, 8 creators).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { makeSandbox } from '../helpers/run-bin.js';
import { depth, SIZED_TIMEOUT } from '../helpers/runs.js';
import { appBin, removeAppBin, integrityProblems, runBinIn, threads, withDb, type Finished } from './support.js';

const WORKERS = depth(4, 8);
const EACH = depth(10, 25);
const PROCESSES = depth(2, 4);
const PROCESS_EACH = depth(4, 5);
const CREATORS = depth(4, 8);
const SAVED = /^Saved check-in [0-9a-f]{8} \(mood \d+\)\.\n$/;

let box: ReturnType<typeof makeSandbox>;

beforeAll(() => {
  appBin(); // builds dist/ if needed and takes this file's private copy of it
  box = makeSandbox('integrate-fault-concurrency-');
});

afterAll(() => {
  box?.cleanup();
  removeAppBin();
});

function expectClean(results: Finished[], pattern: RegExp): void {
  const bad = results.filter((r) => r.code !== 0 || !pattern.test(r.stderr) || r.stdout !== '');
  expect(bad.map((r) => `exit ${r.code}: ${r.stderr}`)).toEqual([]);
}

describe('concurrent check-ins', () => {
  function expectEachOnce(db: string, prefix: string, expected: number, total: number): void {
    withDb(db, (d) => {
      expect(integrityProblems(d)).toEqual([]);
      const rows = d.prepare(`SELECT text, COUNT(*) AS n FROM entries WHERE text LIKE ? GROUP BY text`).all(`${prefix} %`) as { text: string; n: number }[];
      expect(rows).toHaveLength(expected);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect((d.prepare('SELECT COUNT(*) AS n FROM entries').get() as { n: number }).n).toBe(total);
      expect((d.prepare(`SELECT COUNT(*) AS n FROM entry_metrics WHERE name = 'mood'`).get() as { n: number }).n).toBe(total);
    });
  }

  it(`${WORKERS} threads × ${EACH} check-ins at once: exactly ${WORKERS * EACH} entries, nothing but "Saved" on stderr`, async () => {
    const db = box.file('busy.db');
    const created = await runBinIn(['list'], box.dir, db); // read-only: creates nothing
    expect(created.code).toBe(0);
    const first = await runBinIn(['checkin', '--mood', '5', '--note', 'first'], box.dir, db);
    expect(first.code).toBe(0);

    const pool = threads(WORKERS, box.dir, db);
    try {
      const results = await Promise.all(Array.from({ length: WORKERS }, (_, w) => Array.from({ length: EACH }, (_, i) =>
        pool.run(w, ['checkin', '--mood', String(2 + ((w + i) % 8)), '--note', `worker ${w} check-in ${i}`]))).flat());
      expectClean(results, SAVED);
    } finally {
      await pool.close();
    }
    expectEachOnce(db, 'worker', WORKERS * EACH, WORKERS * EACH + 1);
  }, SIZED_TIMEOUT);

  it(`${PROCESSES} processes × ${PROCESS_EACH} check-ins at once (notes on stdin): each lands once`, async () => {
    const db = box.file('processes.db');
    const results: Finished[] = [];
    await Promise.all(Array.from({ length: PROCESSES }, async (_, w) => {
      for (let i = 0; i < PROCESS_EACH; i++) {
        results.push(await runBinIn(['checkin', '--mood', String(2 + ((w + i) % 8)), '--note', '-'], box.dir, db, `process ${w} check-in ${i}`));
      }
    }));
    expectClean(results, SAVED);
    expectEachOnce(db, 'process', PROCESSES * PROCESS_EACH, PROCESSES * PROCESS_EACH);
  }, SIZED_TIMEOUT);

  it(`${CREATORS} processes creating the same new database at once: one schema, every check-in saved`, async () => {
    const db = path.join(box.dir, 'race', 'new.db'); // the folder does not exist yet either
    const results = await Promise.all(Array.from({ length: CREATORS }, (_, w) =>
      runBinIn(['checkin', '--mood', String(2 + w), '--note', `creator ${w}`], box.dir, db)));
    expectClean(results, SAVED);
    withDb(db, (d) => {
      expect(integrityProblems(d)).toEqual([]);
      expect(String(d.pragma('journal_mode', { simple: true })).toLowerCase()).toBe('wal');
      expect((d.prepare(`SELECT COUNT(*) AS n FROM entries WHERE text LIKE 'creator %'`).get() as { n: number }).n).toBe(CREATORS);
    });
  }, SIZED_TIMEOUT);
});

describe('checkin --daily under concurrency', () => {
  it('4 runs at once (threads) for the same day leave exactly one check-in, holding every note and value', async () => {
    const db = box.file('daily.db');
    // The database exists before the race: what is raced here is the daily merge.
    // (Creating a database under a race is the test above; a creation race under
    // a loaded machine could keep the losers waiting longer than busy_timeout.)
    const seed = await runBinIn(['checkin', '--mood', '5', '--date', '2026-01-01 09:00', '--note', 'seed'], box.dir, db);
    expect(seed.code, seed.stderr).toBe(0);
    // Several days, each raced by 4 runs: the race is decided anew each time.
    const days = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'].slice(0, depth(3, 5));
    const pool = threads(4, box.dir, db);
    onTestFinished(() => pool.close());
    for (const day of days) {
      const results = await Promise.all([0, 1, 2, 3].map((p) =>
        pool.run(p, ['checkin', '--daily', '--date', day, `--${['mood', 'anxiety', 'energy', 'sleep'][p]}`, String(3 + p), '--tag', `p${p}`, '--note', `${day} from process ${p}`])));
      expectClean(results, /^(Saved check-in [0-9a-f]{8}|Updated the check-in for \d{4}-\d{2}-\d{2}) \([^)]*\)\.\n$/);
      expect(results.filter((r) => r.stderr.startsWith('Saved')).length, `${day}: one process inserted, the others merged`).toBe(1);
    }
    withDb(db, (d) => {
      expect(integrityProblems(d)).toEqual([]);
      for (const day of days) {
        const rows = d.prepare(`SELECT id, text FROM entries WHERE local_date = ? AND kind = 'checkin'`).all(day) as { id: string; text: string }[];
        expect(rows, day).toHaveLength(1);
        for (const p of [0, 1, 2, 3]) expect(rows[0]!.text).toContain(`${day} from process ${p}`);
        const metrics = d.prepare('SELECT name, value FROM entry_metrics WHERE entry_id = ? ORDER BY name').all(rows[0]!.id);
        expect(metrics).toEqual([{ name: 'anxiety', value: 4 }, { name: 'energy', value: 5 }, { name: 'mood', value: 3 }, { name: 'sleep', value: 6 }]);
        const tags = d.prepare('SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY tag').all(rows[0]!.id);
        expect(tags).toEqual([{ tag: 'p0' }, { tag: 'p1' }, { tag: 'p2' }, { tag: 'p3' }]);
      }
    });
  }, SIZED_TIMEOUT);
});
