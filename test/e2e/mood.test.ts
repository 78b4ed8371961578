// End-to-end: `integrate mood` and `integrate stats` from the built bin (the
// chart chunk and asciichart are loaded lazily there), no TTY, temp database.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin, runInBundle } from '../helpers/run-bin.js';

let box: ReturnType<typeof makeSandbox>;
// Through the built main() in one process for the file (runInBundle); spawnRun is the real bin.
const run = (args: string[], db: string, env: Record<string, string | undefined> = {}) =>
  runInBundle(args, box.dir, { env: { INTEGRATE_DB: db, ...env } });
const spawnRun = (args: string[], db: string, env: Record<string, string | undefined> = {}) =>
  runBin(args, box.dir, { env: { INTEGRATE_DB: db, ...env } });

beforeAll(() => {
  ensureBuilt();
  box = makeSandbox('integrate-e2e-mood-');
});

afterAll(() => box.cleanup());

describe('integrate mood and stats (built bin)', () => {
  it('draws a plain chart when piped, with --json for scripts, and stats', async () => {
    const db = box.file('mood.db');
    for (const [when, mood] of [['3 days ago 21:00', '4'], ['2 days ago 21:00', '6'], ['yesterday 21:00', '7']]) {
      const saved = await run(['checkin', '--date', when!, '--mood', mood!, '--practice', 'nature'], db);
      expect(saved.code, saved.stderr).toBe(0);
    }
    expect((await run(['session', 'add', '--date', '2 days ago 10:00', '--route', 'im'], db)).code).toBe(0);

    const chart = await spawnRun(['mood', '--days', '7'], db, { COLUMNS: '70' });
    expect(chart.stderr).toBe('');
    expect(chart.code).toBe(0);
    expect(chart.stdout).not.toMatch(/\u001b/); // not a TTY: no colour
    const lines = chart.stdout.split('\n');
    expect(lines[0]).toMatch(/^Mood \(0 = worst, 10 = best\) · daily means · \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
    expect(lines).toContain('10 ┤');
    expect(chart.stdout).toMatch(/└─*▲─*\n/);
    expect(chart.stdout).toContain('▲ session 1 (');
    expect(chart.stdout).toContain('min 4 · mean 5.7 · max 7 (3 of 7 days)');
    for (const line of lines) expect(line.length).toBeLessThan(70);

    const json = await run(['mood', '--days', '7', '--metric', 'mood', '--json'], db);
    const parsed = JSON.parse(json.stdout) as { series: { mood: { value: number | null }[] }; sessions: unknown[]; stats: { mood: { mean: number } } };
    expect(Object.keys(parsed)).toEqual(['range', 'series', 'sessions', 'stats']);
    expect(parsed.series.mood.map((p) => p.value)).toEqual([null, null, null, 4, 6, 7, null]);
    expect(parsed.sessions).toHaveLength(1);
    expect(parsed.stats.mood.mean).toBe(5.67);

    const stats = await run(['stats'], db);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain('  Current streak  3 days\n');
    expect(stats.stdout).toContain('  nature  3\n');
  });

  it('bad input exits 2 with one line; no database means nothing shown and no file created', async () => {
    const db = box.file('mood.db');
    const unknown = await run(['mood', '--metric', 'hapiness'], db);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('integrate: Unknown metric "hapiness". Metrics you can chart: mood, anxiety, energy, sleep, connection.\n');

    const missing = box.file('nothing-here.db');
    const mood = await run(['mood'], missing);
    expect(mood.code).toBe(0);
    expect(mood.stdout).toBe('');
    expect(mood.stderr).toMatch(/^No mood values between .+ Record how you are today with: integrate checkin\n$/);
    expect((await run(['stats', '--json'], missing)).code).toBe(0);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
