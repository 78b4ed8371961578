// End-to-end: `integrate assess phq9 --answers -` from the built bin, no TTY,
// temp database: the score and its reading, the difficulty answer, a same-day
// retake refused without a flag, then replaced, and --date for an earlier one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin, runInBundle } from '../helpers/run-bin.js';

let box: ReturnType<typeof makeSandbox>;
// Through the built main() in one process for the file (runInBundle); spawnRun is the real bin.
const run = (args: string[], db: string, input?: string) => runInBundle(args, box.dir, { env: { INTEGRATE_DB: db }, input });
const spawnRun = (args: string[], db: string, input?: string) => runBin(args, box.dir, { env: { INTEGRATE_DB: db }, input });

beforeAll(() => {
  ensureBuilt();
  box = makeSandbox('integrate-e2e-assess-');
});

afterAll(() => box.cleanup());

const PHQ9 = (values: number[], extra: Record<string, number> = {}) =>
  JSON.stringify({ ...Object.fromEntries(values.map((v, i) => [`item${i + 1}`, v])), ...extra });

describe('integrate assess phq9 --answers - (built bin)', () => {
  it('scores from stdin, shows the difficulty answer and the source; a same-day retake needs --replace or --keep-both', { timeout: 60_000 }, async () => {
    const db = box.file('assess.db');
    const earlier = await spawnRun(['assess', 'phq9', '--answers', '-', '--date', '3 days ago 15:00'], db, PHQ9([2, 2, 2, 2, 1, 1, 1, 1, 0]));
    expect(earlier.code, earlier.stderr).toBe(0);
    expect(earlier.stdout).toMatch(/^PHQ-9: 12 of 27 — moderate$/m);

    const first = await run(['assess', 'phq9', '--answers', '-'], db, PHQ9([1, 1, 1, 1, 1, 1, 1, 1, 0], { difficulty: 1 }));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^PHQ-9: 8 of 27 — mild$/m);
    expect(first.stdout).toMatch(/^Down 4 since \d{4}-\d{2}-\d{2} \(12 → 8\): about the same \(within usual variation\); for PHQ-9 a change of 5 or more counts as reliable\.$/m);
    expect(first.stdout).toContain('get along with other people? Somewhat difficult (recorded; not part of the score)');
    expect(first.stdout).toMatch(/^Source: Kroenke K, Spitzer RL, Williams JBW\./m);
    expect(first.stdout).not.toMatch(/\u001b/);

    const again = await run(['assess', 'phq9', '--answers', '-'], db, PHQ9([0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^integrate: You already have a PHQ-9 on .*Add --replace to replace it or --keep-both to keep both\. Nothing was saved\./);

    const replaced = await run(['assess', 'phq9', '--answers', '-', '--replace', '--json'], db, PHQ9([0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(replaced.code, replaced.stderr).toBe(0);
    const json = JSON.parse(replaced.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ instrument: 'phq9', score: 0, band: 'minimal', change: -12, unscored: [] });
    expect(json.replaced).toEqual(expect.any(String));
    expect(json.changeReading).toEqual({ delta: -12, direction: 'better', reliable: true, threshold: 5 });

    const history = await run(['assess', 'history', 'phq9', '--json'], db);
    expect((JSON.parse(history.stdout) as { phq9: { score: number }[] }).phq9.map((r) => r.score)).toEqual([12, 0]);
  });
});
