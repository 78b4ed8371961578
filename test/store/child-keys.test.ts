// Migration 13: an entry's metrics, tags, practices and answers are unique per
// entry by UNIQUE indexes of their own instead of the tables' PRIMARY KEYs, so
// an import into an empty journal can build those keys once at the end. Rows,
// row ids and every rule about them stay as they were.
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrations/index.js';
import { Store } from '../../src/store/index.js';
import { openMemoryDatabase } from '../../src/store/open.js';
import type { Entry } from '../../src/domain/entries.js';

const CHILD_TABLES = ['entry_metrics', 'entry_tags', 'entry_practices', 'entry_answers'] as const;

function rows(db: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(CHILD_TABLES.map((t) => [t, db.prepare(`SELECT rowid AS rid, * FROM ${t} ORDER BY rowid`).all()]));
}

describe('migration 13 (child keys)', () => {
  it('keeps every row with its row id, and each key stays unique (INSERT OR IGNORE still ignores a repeat)', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 12);
    const entry = db.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, pack) VALUES (?, ?, 60, ?, ?, ?)`);
    entry.run('b', '2026-11-01T20:00:00.000Z', '2026-11-01', 'checkin', null);
    entry.run('a', '2026-11-02T20:00:00.000Z', '2026-11-02', 'journal', 'daily');
    // Row ids with gaps, as deletes leave them.
    db.exec(`
      INSERT INTO entry_metrics (rowid, entry_id, name, value, source, local_date) VALUES (5, 'b', 'mood', 3, 'checkin', '2026-11-01'), (9, 'a', 'mood', 6, 'checkin', '2026-11-02'), (12, 'b', 'sleep', 7.5, 'checkin', '2026-11-01');
      INSERT INTO entry_tags (rowid, entry_id, tag) VALUES (3, 'b', 'work'), (4, 'a', 'family');
      INSERT INTO entry_practices (rowid, entry_id, practice) VALUES (7, 'a', 'walk');
      INSERT INTO entry_answers (rowid, entry_id, position, question_id, type, prompt, value, insight, discuss, role)
        VALUES (2, 'a', 0, 'q1', 'text', 'What stayed?', '"the light"', 1, 0, NULL), (8, 'a', 1, 'q2', 'scale', 'How much?', '6', 0, 1, 'decision');
    `);
    const before = rows(db);
    expect(migrate(db)).toBe(13);
    expect(rows(db)).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const indexes = db.prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('entry_metrics', 'entry_tags', 'entry_practices', 'entry_answers') ORDER BY name`,
    ).all();
    expect(indexes.map((i) => i.name)).toEqual([
      'entry_answers_discuss', 'entry_answers_insight', 'entry_answers_key', 'entry_metrics_key', 'entry_metrics_series',
      'entry_practices_key', 'entry_practices_practice', 'entry_tags_key', 'entry_tags_tag',
    ]);
    expect(indexes.filter((i) => /^CREATE UNIQUE/.test(i.sql)).map((i) => i.sql)).toEqual([
      'CREATE UNIQUE INDEX entry_answers_key ON entry_answers (entry_id, question_id)',
      'CREATE UNIQUE INDEX entry_metrics_key ON entry_metrics (entry_id, name)',
      'CREATE UNIQUE INDEX entry_practices_key ON entry_practices (entry_id, practice)',
      'CREATE UNIQUE INDEX entry_tags_key ON entry_tags (entry_id, tag)',
    ]);
    expect(() => db.exec(`INSERT INTO entry_metrics (entry_id, name, value) VALUES ('b', 'mood', 9)`)).toThrow(/UNIQUE constraint failed: entry_metrics.entry_id, entry_metrics.name/);
    expect(() => db.exec(`INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value) VALUES ('a', 5, 'q1', 'text', 'p', '""')`)).toThrow(/UNIQUE/);
    db.exec(`INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES ('b', 'work')`);
    expect(db.prepare(`SELECT count(*) AS n FROM entry_tags WHERE entry_id = 'b'`).get()).toEqual({ n: 1 });
    // The references still cascade.
    db.exec(`DELETE FROM entries WHERE id = 'a'`);
    expect(Object.values(rows(db)).map((r) => r.length)).toEqual([2, 1, 0, 0]);
    db.close();
  });

  it('runs past a planted trigger or view that names one of the tables (doctor then reports them), and leaves rows whose entry is gone', () => {
    const db = new Database(':memory:');
    migrate(db, 12);
    db.pragma('foreign_keys = OFF');
    db.exec(`
      INSERT INTO entries (id, created_at, utc_offset, local_date, kind) VALUES ('a', '2026-11-02T20:00:00.000Z', 60, '2026-11-02', 'checkin');
      INSERT INTO entry_metrics (entry_id, name, value) VALUES ('a', 'mood', 4);
      INSERT INTO entry_tags (entry_id, tag) VALUES ('a', 'calm'), ('gone', 'orphan');
      INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value) VALUES ('gone', 0, 'q', 'text', 'P?', '"x"');
      CREATE TRIGGER mood_bump AFTER INSERT ON entries BEGIN UPDATE entry_metrics SET value = 10 WHERE entry_id = new.id; END;
      CREATE VIEW peek AS SELECT * FROM entry_tags;
    `);
    // Written as another tool would, with foreign keys off; on for the migration, as every open has them.
    db.pragma('foreign_keys = ON');
    expect(migrate(db)).toBe(13);
    expect(db.prepare(`SELECT entry_id, tag FROM entry_tags`).all()).toEqual([{ entry_id: 'a', tag: 'calm' }]);
    expect(db.prepare(`SELECT count(*) AS n FROM entry_answers`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view') AND name IN ('mood_bump', 'peek') ORDER BY name`).all())
      .toEqual([{ name: 'mood_bump' }, { name: 'peek' }]);
    expect(db.prepare(`SELECT * FROM peek`).all()).toEqual([{ entry_id: 'a', tag: 'calm' }]);
    expect(db.pragma('legacy_alter_table', { simple: true })).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('a key lookup reads the unique index, as it read the primary key', () => {
    const db = openMemoryDatabase();
    const plan = (sql: string) => db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((r) => r.detail).join('; ');
    expect(plan(`SELECT value FROM entry_metrics WHERE entry_id = 'x' AND name = 'mood'`)).toMatch(/USING INDEX entry_metrics_key/);
    expect(plan(`SELECT tag FROM entry_tags WHERE entry_id = 'x'`)).toMatch(/USING COVERING INDEX entry_tags_key/);
    expect(plan(`SELECT practice FROM entry_practices WHERE entry_id = 'x'`)).toMatch(/USING COVERING INDEX entry_practices_key/);
    expect(plan(`SELECT value FROM entry_answers WHERE entry_id = 'x'`)).toMatch(/USING INDEX entry_answers_(key|discuss|insight)/);
    db.close();
  });

  it('an entry written with a repeated tag or practice stores each once', () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    const e: Entry = {
      id: '0000cccc-0000-4000-8000-000000000000', createdAt: '2026-11-03T08:00:00.000Z', utcOffset: 0, localDate: '2026-11-03', kind: 'checkin', pack: null,
      private: false, starred: false, text: '', metrics: { mood: 5 }, practices: ['walk', 'walk'], tags: ['calm', 'work', 'calm'],
    };
    store.entries.insertBatch([{ entry: e }]);
    expect(store.entries.get(e.id)).toMatchObject({ tags: ['calm', 'work'], practices: ['walk'] });
    store.close();
  });
});
