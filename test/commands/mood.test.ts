import { describe, expect, it } from 'vitest';
import { runCheckin } from '../../src/commands/checkin.js';
import { runMood, type MoodJson } from '../../src/commands/mood.js';
import { UsageError } from '../../src/errors.js';
import type { Store } from '../../src/store/index.js';
import { entryOn, failure, noDatabaseCtx, sessionOn, world } from './mood-fixture.js';
import { main } from '../../src/main.js';

const S1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const S2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const S3 = 'aaaaaaaa-0000-4000-8000-000000000003';

/** Two weeks of mood (and anxiety) with gaps, the 14 days before, and sessions on 1 Oct, 14 Nov and 20 Nov. */
function fixture(store: Store): void {
  const mood = [5, 4, null, 6, 7, null, 6, 8, 7, null, null, 6, 7, 8]; // 2026-11-08 .. 2026-11-21
  mood.forEach((m, i) => {
    if (m !== null) entryOn(store, `2026-11-${String(8 + i).padStart(2, '0')}`, { mood: m, anxiety: 10 - m });
  });
  entryOn(store, '2026-11-08', { mood: 6 }); // a second check-in that day: the day's mean is 5.5
  [3, 4, 4, 5].forEach((m, i) => entryOn(store, `2026-10-${28 + i}`, { mood: m })); // the previous period
  sessionOn(store, '2026-10-01', S1);
  sessionOn(store, '2026-11-14', S2);
  sessionOn(store, '2026-11-20', S3);
}

describe('integrate mood (text)', () => {
  it('charts the daily means with gaps, sessions on the date axis, a sparkline, statistics and before/after', async () => {
    const { ctx, store } = world();
    fixture(store);
    await runMood({ days: '14' }, ctx);
    expect(ctx.io.stderr()).toBe('');
    const lines = ctx.io.stdout().split('\n');
    for (const line of lines) expect(line.length).toBeLessThan(60);
    expect(lines).toEqual([
      'Mood (0 = worst, 10 = best) · daily means · 2026-11-08 to',
      '2026-11-21',
      '10 ┤',
      ' 9 ┤',
      ' 8 ┤                     ╭──╮              ╭──',
      ' 7 ┤            ╭──      │  ╰──         ╭──╯',
      ' 6 ┤╶──╮     ╶──╯     ╶──╯           ╶──╯',
      ' 5 ┤   │',
      ' 4 ┤   ╰──',
      ' 3 ┤',
      ' 2 ┤',
      ' 1 ┤',
      ' 0 ┤',
      '   └──────────────────▲─────────────────▲─────',
      '    2026-11-08   2026-11-14         2026-11-21',
      '    ▲ session 2 (2026-11-14)   ▲ session 3 (2026-11-20)',
      '▅▄ ▅▆ ▅▇▆  ▅▆▇  min 4 · mean 6.5 · max 8 (10 of 14 days)',
      // Wrapped to the 60 columns.
      // Fewer than 5 days with data on a side: no comparison, and the n says why.
      '7-day mean now 7.2 · previous 14 days: too few to compare',
      '    n=4 and n=10, 5 needed each',
      // Session 2's days after stop before session 3 (2026-11-20).
      'Before → after each session (up to 7 days a side, stopping',
      'at the next session):',
      '  session 2 (2026-11-14)  not enough data (n=4)',
      '      → not enough data (n=3)',
      '  session 3 (2026-11-20)  not enough data (n=3)',
      '      → not enough data (n=1)',
      '',
    ]);
  });

  it('draws one chart per metric, and says so when a metric has no values in the range', async () => {
    const { ctx, store } = world({ columns: 80 });
    fixture(store);
    await runMood({ days: '14', metric: 'anxiety, mood,energy' }, ctx);
    const out = ctx.io.stdout();
    const headers = out.split('\n').filter((l) => / · daily means · /.test(l));
    expect(headers).toEqual([
      'Anxiety (0 = none, 10 = extreme) · daily means · 2026-11-08 to 2026-11-21',
      'Mood (0 = worst, 10 = best) · daily means · 2026-11-08 to 2026-11-21',
    ]);
    expect(out).toContain('Energy: no values between 2026-11-08 and 2026-11-21.');
    // Anxiety was only recorded with the first of the two check-ins on the 8th: 10 − 5.
    expect(out).toContain('min 2 · mean 3.6 · max 6 (10 of 14 days)');
    // Several metrics: shorter charts (0–10 in steps of 2).
    expect(out).toContain(' 8 ┤');
    expect(out).not.toContain(' 9 ┤');
  });

  it('charts a metric a prompt pack recorded, on its own data range', async () => {
    const { ctx, store } = world();
    entryOn(store, '2026-11-19', { closeness: 2 });
    entryOn(store, '2026-11-21', { closeness: 5 });
    await runMood({ days: '3', metric: 'closeness' }, ctx);
    const lines = ctx.io.stdout().split('\n');
    expect(lines[0]).toBe('closeness · daily means · 2026-11-19 to 2026-11-21');
    // 2 to 5, widened to 4 units; each day is 3 columns wide at this width.
    expect(lines.slice(1, 6)).toEqual(['6 ┤', '5 ┤      ╶──', '4 ┤', '3 ┤', '2 ┤╶──']);
  });

  it('aggregates to weekly means when the days do not fit, and says so', async () => {
    const { ctx, store } = world({ columns: 80 });
    for (let d = 0; d < 120; d += 2) entryOn(store, new Date(Date.UTC(2026, 7, 1 + d)).toISOString().slice(0, 10), { mood: 5 + (d % 3) });
    await runMood({ days: '100' }, ctx);
    const [first, second] = ctx.io.stdout().split('\n');
    expect(`${first} ${second}`).toContain('weekly means');
    expect(`${first} ${second}`).toContain('(100 days do not fit in 80 columns, so each point is a week\'s mean)');
  });

  it('puts a check-in at 23:30 local time on that day, and one at 00:30 on the next (Berlin)', async () => {
    const { ctx, again } = world();
    await runCheckin({ mood: '3', date: '2026-11-19 23:30' }, again());
    await runCheckin({ mood: '9', date: '2026-11-20 00:30' }, again());
    await runMood({ days: '3', json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout()) as MoodJson;
    expect(json.series.mood).toEqual([
      { date: '2026-11-19', value: 3, count: 1 },
      { date: '2026-11-20', value: 9, count: 1 },
      { date: '2026-11-21', value: null, count: 0 },
    ]);
  });

  it('prints no escape codes without colour, and colours the line and markers with it', async () => {
    const plain = world();
    fixture(plain.store);
    await runMood({ days: '14' }, plain.ctx);
    expect(plain.ctx.io.stdout()).not.toMatch(/\u001b/);

    const coloured = world({ color: true });
    fixture(coloured.store);
    await runMood({ days: '14' }, coloured.ctx);
    expect(coloured.ctx.io.stdout()).toMatch(/\u001b\[3\dm/);
    expect(coloured.ctx.io.stdout().replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.ctx.io.stdout());
  });

  it('sanitises metric names from the database before printing them', async () => {
    const { ctx, store } = world();
    entryOn(store, '2026-11-21', { 'evil\u001b]0;pwned\u0007name': 4 });
    const err = await failure(runMood({ metric: 'nope' }, ctx));
    expect(err.message).not.toMatch(/\u001b|\u0007/);
    expect(err.message).toContain('evilname');
  });
});

describe('integrate mood --json', () => {
  it('has exactly the documented shape', async () => {
    const { ctx, store } = world();
    fixture(store);
    await runMood({ days: '3', metric: 'mood,anxiety', json: true }, ctx);
    expect(ctx.io.stderr()).toBe('');
    expect(JSON.parse(ctx.io.stdout())).toEqual({
      range: { from: '2026-11-19', to: '2026-11-21' },
      series: {
        mood: [
          { date: '2026-11-19', value: 6, count: 1 },
          { date: '2026-11-20', value: 7, count: 1 },
          { date: '2026-11-21', value: 8, count: 1 },
        ],
        anxiety: [
          { date: '2026-11-19', value: 4, count: 1 },
          { date: '2026-11-20', value: 3, count: 1 },
          { date: '2026-11-21', value: 2, count: 1 },
        ],
      },
      sessions: [{ id: S3, number: 3, date: '2026-11-20' }],
      stats: {
        // rolling7: 2026-11-15..21 = 8, 7, 6, 7, 8; previousMean: 2026-11-16..18 = 7 (two gaps).
        mood: { min: 6, mean: 7, max: 8, rolling7: 7.2, previousMean: 7 },
        anxiety: { min: 2, mean: 3, max: 4, rolling7: 2.8, previousMean: 3 },
      },
    });
  });

  it('keeps gaps as null, rounds means to 2 decimals, and prints the shape even when empty', async () => {
    const { ctx, store } = world();
    entryOn(store, '2026-11-21', { mood: 5 });
    entryOn(store, '2026-11-21', { mood: 6 });
    entryOn(store, '2026-11-21', { mood: 6 });
    await runMood({ days: '2', json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout()) as MoodJson;
    expect(json.series.mood).toEqual([
      { date: '2026-11-20', value: null, count: 0 },
      { date: '2026-11-21', value: 5.67, count: 3 },
    ]);

    const empty = world();
    await runMood({ json: true }, empty.ctx);
    const none = JSON.parse(empty.ctx.io.stdout()) as MoodJson;
    expect(none.range).toEqual({ from: '2026-10-23', to: '2026-11-21' });
    expect(none.series.mood).toHaveLength(30);
    expect(none.series.mood!.every((p) => p.value === null && p.count === 0)).toBe(true);
    expect(none.stats.mood).toEqual({ min: null, mean: null, max: null, rolling7: null, previousMean: null });
    expect(none.sessions).toEqual([]);
  });
});

describe('integrate mood: ranges, empty data and mistakes', () => {
  it('says plainly when the range has no values, with the hint to check in', async () => {
    const { ctx } = world();
    await runMood({}, ctx);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toBe('No mood values between 2026-10-23 and 2026-11-21. Record how you are today with: integrate checkin\n');
  });

  it('points to older entries when there are some', async () => {
    const { ctx, store } = world();
    entryOn(store, '2026-08-02', { mood: 6 });
    await runMood({ days: '7' }, ctx);
    expect(ctx.io.stderr()).toBe(
      'No mood values between 2026-11-15 and 2026-11-21. Your latest entry is from 2026-08-02; try --since 2026-08-02. Record how you are today with: integrate checkin\n',
    );
  });

  it('behaves as empty without a database and creates nothing', async () => {
    const none = noDatabaseCtx();
    await runMood({}, none.ctx);
    expect(none.ctx.io.stderr()).toContain('No mood values between 2026-10-23 and 2026-11-21.');
    await runMood({ json: true, metric: 'sleep' }, none.ctx);
    expect((JSON.parse(none.ctx.io.stdout()) as MoodJson).series.sleep).toHaveLength(30);
    expect(none.created()).toBe(false);
  });

  it('rejects an unknown metric, listing the metrics that exist', async () => {
    const { ctx, store } = world();
    entryOn(store, '2026-11-21', { connection: 3 });
    const err = await failure(runMood({ metric: 'mood,happiness' }, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('Unknown metric "happiness". Metrics you can chart: mood, anxiety, energy, sleep, connection.');
    expect(await failure(runMood({ metric: ' , ' }, ctx))).toBeInstanceOf(UsageError);
  });

  it('takes --since/--until as whole local days and --days up to --until', async () => {
    const { ctx, store, again } = world();
    fixture(store);
    await runMood({ since: '2026-11-19', until: '2026-11-20', json: true }, ctx);
    expect((JSON.parse(ctx.io.stdout()) as MoodJson).range).toEqual({ from: '2026-11-19', to: '2026-11-20' });
    const other = again();
    await runMood({ days: '7', until: '2026-11-14', json: true }, other);
    expect((JSON.parse(other.io.stdout()) as MoodJson).range).toEqual({ from: '2026-11-08', to: '2026-11-14' });
  });

  it('refuses --days with --since, a bad --days, and a range that starts after it ends', async () => {
    const { ctx, again } = world();
    const both = again();
    expect(await main(['node', 'integrate', 'mood', '--days', '7', '--since', '2026-11-01'], both)).toBe(2);
    expect(both.io.stderr()).toBe("integrate: option '--days <n>' cannot be used with option '--since <when>'. See integrate mood --help.\n");
    expect(await failure(runMood({ days: '0' }, ctx))).toBeInstanceOf(UsageError);
    expect(await failure(runMood({ since: '2026-12-24' }, ctx))).toBeInstanceOf(UsageError);
    expect(await failure(runMood({ since: '2026-11-20', until: '2026-11-10' }, ctx))).toBeInstanceOf(UsageError);
  });
});
