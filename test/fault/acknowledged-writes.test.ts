// Acknowledged writes survive: check-ins run one after another on one
// database while a killer SIGKILLs each at a random moment. Every check-in
// whose process exited 0 ("Saved check-in …") before the kill is in the
// database afterwards, whole (its metrics and note), and the database is sound.
// `npm test` runs 8 check-ins (more until at least one was killed and one
// finished); `npm run test:deep` 30.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/run-bin.js';
import { depth, SIZED_TIMEOUT } from '../helpers/runs.js';
import { appBin, removeAppBin, integrityProblems, prng, runBinIn, sleep, spawnBin, withDb } from './support.js';

const RUNS = depth(8, 30);
const SEED = 21;

let box: ReturnType<typeof makeSandbox>;
let db: string;
let typicalMs: number;

beforeAll(async () => {
  appBin(); // builds dist/ if needed and takes this file's private copy of it
  box = makeSandbox('integrate-fault-ack-');
  db = box.file('ack.db');
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await runBinIn(['checkin', '--mood', '5', '--note', '-'], box.dir, db, `warm-up ${i}`);
    if (r.code !== 0) throw new Error(`warm-up failed: ${r.stderr}`);
    times.push(r.ms);
  }
  typicalMs = Math.max(...times);
}, SIZED_TIMEOUT);

afterAll(() => {
  box?.cleanup();
  removeAppBin();
});

describe('check-ins killed at random', () => {
  it('keep every check-in that was acknowledged (exit 0) before the kill', async () => {
    const rand = prng(SEED);
    const acknowledged: { note: string; mood: number }[] = [];
    let killed = 0;
    // Past RUNS only while one side is still missing: the test is never vacuous.
    for (let i = 0; i < RUNS || ((killed === 0 || acknowledged.length === 0) && i < RUNS * 4); i++) {
      const note = `ack-${SEED}-${i}`;
      const mood = 2 + (i % 8); // 0 and 1 would add the crisis resources to stderr
      const { child, done } = spawnBin(['checkin', '--mood', String(mood), '--note', '-'], box.dir, db, note);
      // Up to 1.3× a typical run: most are killed somewhere inside, some finish first.
      const at = typicalMs * 1.3 * rand.next();
      const outcome = await Promise.race([done, sleep(at).then(() => undefined)]);
      if (!outcome) child.kill('SIGKILL');
      const result = await done;
      if (result.code === 0) {
        expect(result.stderr).toMatch(/^Saved check-in [0-9a-f]{8} \(mood \d+\)\.\n$/);
        acknowledged.push({ note, mood });
      } else {
        expect(result.signal, `run ${i} neither finished nor was killed: ${result.stderr}`).toBe('SIGKILL');
        killed++;
      }
    }
    expect(killed, 'some runs were killed').toBeGreaterThan(0);
    expect(acknowledged.length, 'some runs finished').toBeGreaterThan(0);

    withDb(db, (d) => {
      expect(integrityProblems(d)).toEqual([]);
      const find = d.prepare<[string], { id: string; mood: number | null }>(
        `SELECT e.id, (SELECT value FROM entry_metrics m WHERE m.entry_id = e.id AND m.name = 'mood') AS mood FROM entries e WHERE e.text = ?`,
      );
      for (const { note, mood } of acknowledged) {
        const rows = find.all(note);
        expect(rows, `acknowledged check-in "${note}"`).toHaveLength(1);
        expect(rows[0]!.mood).toBe(mood);
      }
      // Killed ones are all there or not there: never an entry without its metric.
      const orphans = d.prepare(`SELECT COUNT(*) AS n FROM entries e WHERE e.text LIKE 'ack-%' AND NOT EXISTS (SELECT 1 FROM entry_metrics m WHERE m.entry_id = e.id)`).get() as { n: number };
      expect(orphans.n).toBe(0);
    });
    console.log(`${acknowledged.length + killed} check-ins: ${acknowledged.length} acknowledged and kept, ${killed} killed (typical run ${typicalMs.toFixed(0)} ms)`);
  }, SIZED_TIMEOUT);
});
