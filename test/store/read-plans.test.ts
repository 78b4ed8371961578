// The performance work in the store (bench/) must not change a single result:
// - dailyMeans' two plans (from the days, from the metric) both return what
//   the original single query returned, for every kind of range;
// - search returns exactly what the original query (a UNION of every entry,
//   session and intention) returned, order and ties included, with and
//   without filters, for any limit;
// - migration 6 only adds indexes, and the summary's queries use them;
// - databases opened from files keep temporary data in memory.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/entries.js';
import { addDays } from '../../src/domain/time.js';
import { Store } from '../../src/store/index.js';
import { migrate } from '../../src/store/migrations/index.js';
import { openDatabase, openMemoryDatabase } from '../../src/store/open.js';
import { idPrefixSql } from '../../src/store/id-prefix.js';
import type { SearchFilter } from '../../src/store/search.js';

/** The queries as they were before the rewrite: the reference. */
const ORIGINAL_DAILY = `SELECT e.local_date AS date, AVG(m.value) AS mean, COUNT(*) AS count
  FROM entry_metrics m JOIN entries e ON e.id = m.entry_id
  WHERE m.name = ? AND e.local_date BETWEEN ? AND ?
  GROUP BY e.local_date ORDER BY e.local_date`;

function originalSearch(db: Database.Database, query: string, filter: SearchFilter) {
  const where: string[] = ['search_fts MATCH ?'];
  const params: unknown[] = [query];
  if (filter.since) { where.push('t.created_at >= ?'); params.push(filter.since); }
  if (filter.until) { where.push('t.created_at < ?'); params.push(filter.until); }
  if (filter.kind) { where.push(`(CASE WHEN f.kind = 'entry' THEN e.kind ELSE f.kind END) = ?`); params.push(filter.kind); }
  if (filter.tag) { where.push(`f.kind = 'entry' AND EXISTS (SELECT 1 FROM entry_tags g WHERE g.entry_id = f.ref AND g.tag = ?)`); params.push(filter.tag); }
  params.push(filter.limit);
  return db.prepare(`
    SELECT f.kind, f.ref, f.body AS snippet, bm25(search_fts) AS rank,
           t.created_at, t.utc_offset, t.local_date, e.kind AS entry_kind, COALESCE(e.private, 0) AS private
    FROM search_fts f
    LEFT JOIN entries e ON f.kind = 'entry' AND e.id = f.ref
    JOIN (
      SELECT 'entry' AS kind, id, created_at, utc_offset, local_date FROM entries
      UNION ALL SELECT 'session', id, occurred_at, utc_offset, local_date FROM sessions
      UNION ALL SELECT 'intention', id, created_at, utc_offset, substr(created_at, 1, 10) FROM intentions
    ) t ON t.kind = f.kind AND t.id = f.ref
    WHERE ${where.join(' AND ')}
    ORDER BY rank, t.created_at DESC
    LIMIT ?`).all(...params).map((r) => {
    const row = r as { kind: string; ref: string; snippet: string; rank: number; created_at: string; utc_offset: number; local_date: string; entry_kind: string | null; private: number };
    return {
      kind: row.kind, ref: row.ref, text: row.snippet, rank: row.rank, createdAt: row.created_at, utcOffset: row.utc_offset,
      localDate: row.local_date, entryKind: row.entry_kind, private: row.private === 1,
    };
  });
}

// A small deterministic history: 400 days, a few entries a day, a rare metric,
// texts drawn from a tiny vocabulary (so many hits tie on rank), sessions and
// intentions that mention the same words.
const FIRST = '2025-10-01';
const DAYS = 400;
const WORDS = ['calm', 'walk', 'river', 'heavy', 'light', 'tea', 'mother', 'rain', 'breath', 'quiet'];
let store: Store;

beforeAll(() => {
  store = new Store(openMemoryDatabase(), ':memory:');
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  let n = 0;
  const id = (prefix: string) => `${prefix}${(n++).toString(16).padStart(7, '0')}-0000-4000-8000-000000000000`;
  store.db.transaction(() => {
    for (let d = 0; d < DAYS; d++) {
      const day = addDays(FIRST, d);
      for (let k = 0; k < 1 + (d % 4); k++) {
        const metrics: Record<string, number> = { mood: Math.floor(rand() * 11) };
        if (k === 0) metrics.sleep = 5 + Math.floor(rand() * 8) / 2;
        if (d % 37 === 0) metrics.rare = Math.round(rand() * 100) / 10;
        const words = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(WORDS));
        const entry: Entry = {
          id: id('e'), createdAt: `${day}T${String(7 + k * 3).padStart(2, '0')}:00:00.000Z`, utcOffset: 60, localDate: day,
          kind: k === 2 ? 'journal' : 'checkin', pack: null, private: d % 9 === 0, starred: false,
          text: d % 11 === 0 ? '' : words.join(' '), metrics, practices: [], tags: d % 3 === 0 ? ['work'] : [],
        };
        store.entries.insert(entry);
      }
      if (d % 30 === 5) {
        store.sessions.insert({
          id: id('5'), occurredAt: `${day}T09:00:00.000Z`, utcOffset: 60, localDate: day, route: 'iv', doseMg: 35,
          setting: 'clinic', guide: '', intention: `${pick(WORDS)} ${pick(WORDS)}`, notes: pick(WORDS),
        }, `${day}T09:00:00.000Z`);
      }
      if (d % 45 === 7) {
        store.intentions.insert({ id: id('a'), text: `more ${pick(WORDS)}`, createdAt: `${day}T20:00:00.000Z`, utcOffset: 60, sourceEntryId: null, status: 'open', dueDate: null, closedAt: null });
      }
    }
  })();
});

describe('MetricsRepository.dailyMeans: the series index gives the original rows', () => {
  const last = addDays(FIRST, DAYS - 1);
  const ranges: [string, string][] = [
    [FIRST, FIRST], ['2026-01-01', '2026-01-14'], ['2026-01-01', '2026-03-31'], [FIRST, last], ['1900-01-01', '2100-12-31'],
    ['1800-01-01', '1899-12-31'], [last, FIRST], [addDays(last, -6), addDays(last, 30)], ['2026-03-29', '2026-03-29'],
  ];
  for (const name of ['mood', 'sleep', 'rare', 'absent']) {
    it(name, () => {
      // Every entry here is a check-in or has no pack, so the check-in series is all of them.
      const reference = store.db.prepare(ORIGINAL_DAILY);
      for (const [from, to] of ranges) {
        const want = reference.all(name, from, to);
        expect(store.metrics.dailyMeans(name, from, to), `${from}..${to}`).toEqual(want);
        expect(store.metrics.dailyMeans(name, from, to, null), `any source ${from}..${to}`).toEqual(want);
      }
      const plan = (store.db.prepare(`EXPLAIN QUERY PLAN SELECT local_date, AVG(value) FROM entry_metrics WHERE name = ? AND source = 'checkin' AND local_date BETWEEN ? AND ? GROUP BY local_date`)
        .all(name, FIRST, FIRST) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toContain('COVERING INDEX entry_metrics_series');
    });
  }
});

describe('SearchRepository.search: the original results, in the original order', () => {
  const queries = ['calm', 'walk OR tea', '"calm walk"', 'rain*', 'mother NOT river', 'more', 'quiet', 'nothinglikethis'];
  const filters: Omit<SearchFilter, 'limit'>[] = [
    {}, { kind: 'journal' }, { kind: 'session' }, { kind: 'intention' }, { tag: 'work' },
    { since: '2026-01-01T00:00:00.000Z' }, { until: '2026-02-01T00:00:00.000Z' }, { since: '2025-12-01T00:00:00.000Z', until: '2026-01-01T00:00:00.000Z', kind: 'checkin' },
  ];
  for (const query of queries) {
    it(query, () => {
      for (const filter of filters) {
        for (const limit of [1, 3, 20, 500]) {
          expect(store.search.search(query, { ...filter, limit }), `${JSON.stringify(filter)} limit ${limit}`)
            .toEqual(originalSearch(store.db, query, { ...filter, limit }));
        }
      }
    });
  }

  it('still reports a bad query as an SQLite error for the command to explain', () => {
    expect(() => store.search.search('"unterminated', { limit: 5 })).toThrow(/unterminated|syntax|fts5/i);
  });
});

describe('migration 6 (read indexes)', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-read-plans-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applies to a version-5 database with rows, adding only indexes', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 5);
    db.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, pack) VALUES ('0000aaaa-0000-4000-8000-000000000000', '2026-01-01T10:00:00.000Z', 60, '2026-01-01', 'journal', 'weekly')`).run();
    db.prepare(`INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value, insight) VALUES ('0000aaaa-0000-4000-8000-000000000000', 0, 'changed', 'longtext', 'What changed?', '"more calm"', 1)`).run();
    const tablesBefore = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    expect(migrate(db, 6)).toBe(6); // this migration only: later ones may rebuild tables (9 rebuilds safety_flags)
    expect(db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all()).toEqual(tablesBefore);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['entry_answers_insight', 'entry_answers_discuss', 'entries_pack']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const plan = (sql: string, ...params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT a.entry_id FROM entry_answers a JOIN entries e ON e.id = a.entry_id WHERE a.insight = 1 AND e.local_date BETWEEN ? AND ?`, '2026-01-01', '2026-12-31')).toContain('entry_answers_insight');
    expect(plan(`SELECT a.entry_id FROM entry_answers a JOIN entries e ON e.id = a.entry_id WHERE (a.discuss = 1 OR a.role IS NOT NULL) AND e.local_date BETWEEN ? AND ?`, '2026-01-01', '2026-12-31')).toContain('entry_answers_discuss');
    expect(plan(`SELECT id FROM entries e WHERE e.kind = ? AND e.pack = ? ORDER BY e.created_at DESC, e.id`, 'assessment', 'phq9')).toContain('entries_pack');
    db.close();
  });

  it('a database file is opened with temporary data kept in memory', () => {
    const opened = openDatabase(path.join(dir, 'temp.db'), { create: true, ownsDirectory: false })!;
    expect(opened.db.pragma('temp_store', { simple: true })).toBe(2);
    opened.db.close();
  });
});

describe('ids by prefix', () => {
  /** What the old lookup returned: a case-blind LIKE over every id (given only hex and dashes; wildcards escaped here). */
  const original = (db: Database.Database, table: string, prefix: string) =>
    db.prepare(`SELECT id FROM ${table} WHERE id LIKE ? || '%' ESCAPE '\\' ORDER BY id LIMIT 2`).pluck().all(prefix.toLowerCase().replace(/[%_\\]/g, '\\$&'));

  it('finds what the LIKE found, for every table and prefix length, with a seek in the primary key', () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    const db = store.db;
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    // Ids that share prefixes of every length, in all three tables, and one in capitals written by another tool.
    const ids = Array.from({ length: 300 }, (_, i) => `${hex(i * 7919 % 4096)}-${hex(i).slice(4)}-4000-8000-${hex(i * 31).padStart(12, '0')}`);
    // Ids in capitals and in mixed case, as another tool might write them (integrate writes lowercase).
    ids.push('ABCD0000-0000-4000-8000-000000000001', 'fEdC0000-0000-4000-8000-000000000002', 'FeDc1111-0000-4000-8000-000000000003');
    for (const [i, id] of ids.entries()) {
      db.prepare("INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text) VALUES (?, '2026-11-01T10:00:00.000Z', 0, '2026-11-01', 'journal', 'x')").run(id);
      if (i % 3 === 0) db.prepare("INSERT INTO intentions (id, text, created_at, utc_offset) VALUES (?, 'x', '2026-11-01T10:00:00.000Z', 0)").run(id);
      if (i % 5 === 0) db.prepare("INSERT INTO sessions (id, occurred_at, utc_offset, local_date, route, created_at) VALUES (?, '2026-11-01T10:00:00.000Z', 0, '2026-11-01', 'im', '2026-11-01T10:00:00.000Z')").run(id);
    }
    const prefixes = new Set<string>(['abcd', 'ABCD0000', 'ffff', '0000', '00000000-', 'zzzz', 'fedc', 'fedc0', 'FEDC1111-', '%%%%', '____', '\\abc', ...ids.flatMap((id) => [4, 5, 8, 9, 13, 36].map((n) => id.slice(0, n).toLowerCase()))]);
    const repos = { entries: store.entries, sessions: store.sessions, intentions: store.intentions } as const;
    let found = 0;
    for (const [table, repo] of Object.entries(repos)) {
      for (const prefix of prefixes) {
        const got = repo.idsWithPrefix(prefix);
        expect(got, `${table} ${prefix}`).toEqual(original(db, table, prefix));
        found += got.length;
      }
    }
    expect(found).toBeGreaterThan(500);
    expect(store.entries.idsWithPrefix('abcd0000')).toEqual(['ABCD0000-0000-4000-8000-000000000001']);
    expect(store.entries.idsWithPrefix('fedc1')).toEqual(['FeDc1111-0000-4000-8000-000000000003']);
    expect(store.entries.idsWithPrefix('fedc')).toHaveLength(2);
    // LIKE's wildcards are only characters here.
    expect(store.entries.idsWithPrefix('%%%%')).toEqual([]);
    expect(store.entries.idsWithPrefix('____')).toEqual([]);
    // No plan reads the whole table (or its index) for a prefix.
    for (const table of Object.keys(repos)) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${idPrefixSql(table as keyof typeof repos)}`).all({ lower: 'abcd', upper: 'ABCD' }) as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n'), table).not.toMatch(/\bSCAN\b/);
    }
    store.close();
  });
});

describe('a session and its number', () => {
  it('get and latestBefore give each session the number list gives it (ties on the time ordered by id), without numbering every session', () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    const db = store.db;
    // 60 sessions on 20 instants, so most share their time with others; inserted in a shuffled order.
    const rows = Array.from({ length: 60 }, (_, i) => ({
      id: `${((i * 37) % 60).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
      at: new Date(Date.UTC(2026, 0, 1 + (i % 20), 10)).toISOString(),
    }));
    for (const r of rows) {
      db.prepare("INSERT INTO sessions (id, occurred_at, utc_offset, local_date, route, created_at) VALUES (?, ?, 0, substr(?, 1, 10), 'im', ?)").run(r.id, r.at, r.at, r.at);
    }
    const listed = store.sessions.list();
    expect(listed.map((s) => s.number)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const s of listed) expect(store.sessions.get(s.id)).toEqual(s);
    // The latest at or before an instant: the last in list order up to it.
    for (const at of [...new Set(rows.map((r) => r.at))].concat(['2025-12-31T00:00:00.000Z', '2026-01-05T12:00:00.000Z', '2027-01-01T00:00:00.000Z'])) {
      const expected = listed.filter((s) => s.occurredAt <= at).at(-1);
      expect(store.sessions.latestBefore(at), at).toEqual(expected);
    }
    store.close();
  });
});
