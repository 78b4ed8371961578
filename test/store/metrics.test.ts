import { describe, expect, it } from 'vitest';
import { runMood, type MoodJson } from '../../src/commands/mood.js';
import { runStats, type StatsJson } from '../../src/commands/stats.js';
import { createTestCtx } from '../../src/context.js';
import { addDays } from '../../src/domain/time.js';
import { Store } from '../../src/store/index.js';
import { openMemoryDatabase } from '../../src/store/open.js';
import { entryOn } from '../commands/mood-fixture.js';
import { depth, timeLimit } from '../helpers/runs.js';

describe('MetricsRepository', () => {
  it('aggregates per local day in SQL: mean and count per metric, within the range', () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    entryOn(store, '2026-11-01', { mood: 4, anxiety: 6 });
    entryOn(store, '2026-11-01', { mood: 7 });
    entryOn(store, '2026-11-03', { mood: 5 }, { practices: ['nature', 'meditation'] });
    entryOn(store, '2026-11-04', {}, { practices: ['nature'] });
    entryOn(store, '2026-10-31', { mood: 1, connection: 3 }, { practices: ['art'] });
    expect(store.metrics.dailyMeans('mood', '2026-11-01', '2026-11-30')).toEqual([
      { date: '2026-11-01', mean: 5.5, count: 2 },
      { date: '2026-11-03', mean: 5, count: 1 },
    ]);
    expect(store.metrics.dailyMeans('anxiety', '2026-11-02', '2026-11-30')).toEqual([]);
    expect(store.metrics.names()).toEqual(['mood', 'anxiety', 'connection']);
    expect(store.metrics.entryCountsByDay('2026-11-01', '2026-11-03')).toEqual([
      { date: '2026-11-01', count: 2 },
      { date: '2026-11-03', count: 1 },
    ]);
    expect(store.metrics.entryCountsByDay()).toHaveLength(4);
    expect(store.metrics.entryDays()).toEqual(store.metrics.entryCountsByDay().map((d) => d.date));
    expect(store.metrics.practiceCounts('2026-11-01')).toEqual([
      { practice: 'nature', count: 2 },
      { practice: 'meditation', count: 1 },
    ]);
    expect(store.metrics.practiceCounts('2026-10-01', '2026-10-31')).toEqual([{ practice: 'art', count: 1 }]);
  });

  it('names every metric once, with a seek per name rather than a read of every value; by source too', () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    expect(store.metrics.names()).toEqual([]);
    for (let day = 1; day <= 28; day++) {
      const date = `2026-11-${String(day).padStart(2, '0')}`;
      entryOn(store, date, { mood: day % 11, sleep: 7, 'zz-last': 1, 'a-first': 2, ...(day % 7 === 0 ? { focus: 3 } : {}) });
    }
    const weekly = { ...entryOn(store, '2026-11-29', {}), id: '0000dddd-0000-4000-8000-000000000000', pack: 'weekly', kind: 'journal', metrics: { balance: 4, mood: 5 } };
    store.entries.insert(weekly);
    const distinct = (where = '', ...params: string[]) => store.db.prepare<string[], { name: string }>(`SELECT DISTINCT name FROM entry_metrics ${where}`).all(...params).map((r) => r.name).sort();
    expect([...store.metrics.names()].sort()).toEqual(distinct());
    expect([...store.metrics.names('checkin')].sort()).toEqual(distinct('WHERE source = ?', 'checkin'));
    expect(store.metrics.names('weekly')).toEqual(['mood', 'balance']);
    expect(store.metrics.names('nothing-recorded')).toEqual([]);
    const plan = store.db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${(store.metrics as unknown as { namesStmt: { source: string } }).namesStmt.source}`).all().map((r) => r.detail);
    expect(plan.some((d) => /^SCAN entry_metrics\b/.test(d))).toBe(false);
  });

  // A hundred years of daily check-ins in npm run test:deep; ten years (still far
  // wider than any chart, so the same thinning path) in npm test.
  const DAYS = depth(3_650, 36_500);
  it(`stays fast with ${DAYS.toLocaleString('en')} entries (daily check-ins)`, async () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    const insert = store.db.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind) VALUES (?, ?, 60, ?, 'checkin')`);
    const metric = store.db.prepare('INSERT INTO entry_metrics (entry_id, name, value, local_date) VALUES (?, ?, ?, ?)');
    const practice = store.db.prepare('INSERT INTO entry_practices (entry_id, practice) VALUES (?, ?)');
    const first = addDays('2026-11-21', -(DAYS - 1)); // the last entry is today
    store.db.transaction(() => {
      for (let i = 0; i < DAYS; i++) {
        const day = addDays(first, i);
        const id = `e${i}`;
        insert.run(id, `${day}T20:00:00.000Z`, day);
        metric.run(id, 'mood', i % 11, day);
        metric.run(id, 'anxiety', 10 - (i % 11), day);
        metric.run(id, 'sleep', 6 + (i % 3), day);
        if (i % 2) practice.run(id, 'meditation');
      }
    })();
    const ctx = createTestCtx({ store, columns: 100 });

    const started = performance.now();
    await runMood({ days: String(DAYS), metric: 'mood,anxiety,sleep' }, ctx);
    const moodMs = performance.now() - started;
    expect(ctx.io.stdout()).toContain('only the last');

    const json = createTestCtx({ store });
    const jsonStarted = performance.now();
    await runMood({ days: String(DAYS), json: true }, json);
    const jsonMs = performance.now() - jsonStarted;
    expect((JSON.parse(json.io.stdout()) as MoodJson).series.mood).toHaveLength(DAYS);

    const stats = createTestCtx({ store });
    const statsStarted = performance.now();
    await runStats({ json: true }, stats);
    const statsMs = performance.now() - statsStarted;
    expect((JSON.parse(stats.io.stdout()) as StatsJson).streaks).toMatchObject({ current: DAYS, longest: DAYS });

    // Generous bounds for slow CI machines (stretched further when the machine is loaded); typical figures are a tenth of these.
    expect(moodMs).toBeLessThan(timeLimit(3000));
    expect(jsonMs).toBeLessThan(timeLimit(3000));
    expect(statsMs).toBeLessThan(timeLimit(2000));
    console.log(`${DAYS} entries: mood (3 charts) ${moodMs.toFixed(0)} ms, mood --json ${jsonMs.toFixed(0)} ms, stats ${statsMs.toFixed(0)} ms`);
  });
});
