// Migration 11: every value knows its source (the check-in series or a pack)
// and its local day, so a weekly "mood this week" no longer joins the daily
// check-in mood, on old rows (backfilled) and new ones alike.
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrations/index.js';
import { Store } from '../../src/store/index.js';
import { openMemoryDatabase } from '../../src/store/open.js';
import type { Entry } from '../../src/domain/entries.js';

const entry = (id: string, localDate: string, pack: string | null, metrics: Record<string, number>): Entry => ({
  id: `${id}0000000-0000-4000-8000-000000000000`.slice(0, 36), createdAt: `${localDate}T18:00:00.000Z`, utcOffset: 60, localDate,
  kind: pack === null ? 'checkin' : pack === 'phq9' ? 'assessment' : 'journal', pack, private: false, starred: false, text: '', metrics, practices: [], tags: [],
});

describe('migration 11 (metric source and local day)', () => {
  it('backfills a version-7 database: check-ins and the daily pack are the check-in series, other packs their own', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 7);
    const insert = db.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, pack) VALUES (?, ?, 60, ?, ?, ?)`);
    const metric = db.prepare('INSERT INTO entry_metrics (entry_id, name, value) VALUES (?, ?, ?)');
    insert.run('a', '2026-11-01T20:00:00.000Z', '2026-11-01', 'checkin', null);
    metric.run('a', 'mood', 1);
    insert.run('b', '2026-11-01T21:00:00.000Z', '2026-11-01', 'journal', 'weekly');
    metric.run('b', 'mood', 3);
    metric.run('b', 'balance', 5);
    insert.run('c', '2026-11-02T08:00:00.000Z', '2026-11-02', 'journal', 'daily');
    metric.run('c', 'mood', 6);
    insert.run('d', '2026-11-02T09:00:00.000Z', '2026-11-02', 'assessment', 'phq9');
    metric.run('d', 'phq9', 7);
    expect(migrate(db)).toBeGreaterThanOrEqual(11);
    expect(db.prepare('SELECT entry_id, name, source, local_date FROM entry_metrics ORDER BY entry_id, name').all()).toEqual([
      { entry_id: 'a', name: 'mood', source: 'checkin', local_date: '2026-11-01' },
      { entry_id: 'b', name: 'balance', source: 'weekly', local_date: '2026-11-01' },
      { entry_id: 'b', name: 'mood', source: 'weekly', local_date: '2026-11-01' },
      { entry_id: 'c', name: 'mood', source: 'checkin', local_date: '2026-11-02' },
      { entry_id: 'd', name: 'phq9', source: 'phq9', local_date: '2026-11-02' },
    ]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('new and edited entries carry their source and day; the check-in series keeps its low point', () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    store.entries.insert(entry('1', '2026-11-01', null, { mood: 1 }));
    store.entries.insert(entry('2', '2026-11-01', 'weekly', { mood: 3, balance: 5 }));
    store.entries.insert(entry('3', '2026-11-01', 'pre-session', { mood: 8 }));
    expect(store.metrics.dailyMeans('mood', '2026-11-01', '2026-11-30')).toEqual([{ date: '2026-11-01', mean: 1, count: 1 }]);
    expect(store.metrics.dailyMeans('mood', '2026-11-01', '2026-11-30', null)).toEqual([{ date: '2026-11-01', mean: 4, count: 3 }]);
    expect(store.metrics.dailyMeans('mood', '2026-11-01', '2026-11-30', 'weekly')).toEqual([{ date: '2026-11-01', mean: 3, count: 1 }]);
    expect(store.metrics.names('checkin')).toEqual(['mood']);
    expect(store.metrics.otherSources('2026-11-01', '2026-11-01').map((r) => `${r.source}:${r.name}=${r.mean}`)).toEqual(['pre-session:mood=8', 'weekly:balance=5', 'weekly:mood=3']);
    // Re-dating an entry moves its values with it.
    store.entries.update({ ...entry('1', '2026-11-05', null, { mood: 1 }) }, '2026-11-06T00:00:00.000Z');
    expect(store.metrics.dailyMeans('mood', '2026-11-01', '2026-11-30')).toEqual([{ date: '2026-11-05', mean: 1, count: 1 }]);
  });
});

describe('integrate mood and a metric only a pack records', () => {
  it('charts it from that pack; a metric check-ins record stays the check-in series', async () => {
    const { runMood } = await import('../../src/commands/mood.js');
    const { createTestCtx } = await import('../../src/context.js');
    const store = new Store(openMemoryDatabase(), ':memory:');
    store.entries.insert(entry('1', '2026-11-20', 'my-pack', { connection: 7, mood: 9 }));
    store.entries.insert(entry('2', '2026-11-20', null, { mood: 2 }));
    const ctx = createTestCtx({ store, now: new Date('2026-11-21T10:00:00Z') });
    await runMood({ metric: 'connection,mood', days: '7', json: true }, ctx);
    const json = JSON.parse(ctx.io.stdout()) as { series: Record<string, { date: string; value: number | null }[]> };
    expect(json.series.connection!.find((p) => p.date === '2026-11-20')!.value).toBe(7);
    expect(json.series.mood!.find((p) => p.date === '2026-11-20')!.value).toBe(2);
  });
});
