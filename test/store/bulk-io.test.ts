// The bulk paths of export and import against what they replaced.
// Export: entries are read a chunk at a time with one query per table; the
// result must equal, entry for entry and byte for byte, what the former query
// (a correlated subquery per entry and table, kept here as the reference)
// gave, across chunk boundaries and with every filter. Import: entries are
// written dozens at a time; sessions, flags and rows still get the
// numbers they got when written one by one, and a too-long text is refused at
// its own entry, before a later invalid record is reached.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../src/commands/import.js';
import type { ExportEntryRow } from '../../src/store/export.js';
import type { Store } from '../../src/store/index.js';
import type { EntryFilter } from '../../src/store/entries.js';
import { filterWhere } from '../../src/store/entries.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const tmpDir = tempDirs('integrate-bulk-io-');

/** The export's entry rows as the former query read them: five correlated subqueries per entry, parsed from JSON. */
function referenceRows(store: Store, filter: EntryFilter & { excludePrivate?: boolean }): ExportEntryRow[] {
  const { where, params } = filterWhere(filter);
  if (filter.limit) params.push(filter.limit);
  const sql = `
    SELECT e.id, e.created_at, e.utc_offset, e.local_date, e.kind, e.pack, e.pack_version, e.private, e.starred, e.text, e.updated_at,
      (SELECT json_group_object(name, value) FROM entry_metrics WHERE entry_id = e.id) AS metrics,
      (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags WHERE entry_id = e.id ORDER BY tag)) AS tags,
      (SELECT json_group_array(practice) FROM (SELECT practice FROM entry_practices WHERE entry_id = e.id ORDER BY practice)) AS practices,
      (SELECT json_group_array(json_object('question', question_id, 'position', position, 'type', type, 'prompt', prompt,
          'value', json(value), 'insight', insight, 'discuss', discuss, 'role', role))
       FROM (SELECT * FROM entry_answers WHERE entry_id = e.id ORDER BY position)) AS answers,
      (SELECT json_group_array(kind) FROM (SELECT kind FROM safety_flags WHERE entry_id = e.id ORDER BY kind)) AS flags
    FROM entries e ${where} ORDER BY e.local_date, e.created_at, e.id${filter.limit ? ' LIMIT ?' : ''}`;
  type Raw = Record<'id' | 'created_at' | 'local_date' | 'kind' | 'text' | 'metrics' | 'tags' | 'practices' | 'answers' | 'flags', string>
    & { utc_offset: number; pack: string | null; pack_version: number | null; updated_at: string | null; private: number; starred: number };
  return (store.db.prepare(sql).all(...params) as Raw[]).map((r) => ({
    id: r.id, createdAt: r.created_at, utcOffset: r.utc_offset, localDate: r.local_date, kind: r.kind, pack: r.pack,
    packVersion: r.pack_version, private: r.private === 1, starred: r.starred === 1, text: r.text, updatedAt: r.updated_at,
    metrics: JSON.parse(r.metrics), tags: JSON.parse(r.tags), practices: JSON.parse(r.practices),
    answers: (JSON.parse(r.answers) as { insight: number; discuss: number }[]).map((a) => ({ ...a, insight: a.insight === 1, discuss: a.discuss === 1 })),
    safetyFlags: JSON.parse(r.flags),
  }) as ExportEntryRow);
}

/** A journal of `n` entries with many metrics (names that look like numbers too), tags, practices, answers and flags. */
function seed(store: Store, n: number): void {
  const answer = store.db.prepare('INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value, insight, discuss, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const flag = store.db.prepare('INSERT INTO safety_flags (entry_id, kind, created_at, local_date) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < n; i++) {
    // Days out of order, several entries a day, some at the same instant: the order is (day, time, id).
    const day = new Date(Date.UTC(2021, 0, 1) + ((i * 37) % 400) * 86_400_000);
    const metrics: Record<string, number> = { mood: i % 11, energy: (i * 3) % 11, '10': i, 'zz-last': 0.1 + 0.2, '2': 1e21 * (i % 2) };
    for (let k = 0; k < i % 9; k++) metrics[`scale-${(k * 7) % 10}`] = k / 3;
    const e = insertEntry(store, {
      id: `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${((i * 7919) % 65536).toString(16).padStart(12, '0')}`,
      createdAt: new Date(day.getTime() + (i % 4) * 3_600_000).toISOString(), localDate: day.toISOString().slice(0, 10),
      kind: i % 3 ? 'checkin' : 'journal', pack: i % 3 ? null : 'reflect', text: `words ${i} "quoted" ü\u202e`,
      metrics, tags: Array.from({ length: i % 6 }, (_, k) => `tag-${(k * 5) % 7}`), practices: i % 4 ? ['walk', 'breathwork'].slice(i % 2) : [],
      private: i % 7 === 0, starred: i % 5 === 0,
    });
    if (i % 3 === 0) {
      // Two answers share a position now and then: the question id decides, as the index order did.
      for (let q = 0; q < 4; q++) {
        answer.run(e.id, q === 3 && i % 2 ? 1 : q, `q${(q * 3) % 4}`, q % 2 ? 'text' : 'scale', `Prompt ${q}?`,
          JSON.stringify(q % 2 ? `answer ${i}/${q}` : q === 2 ? ['a', 'b'] : i % 10), q === 1 ? 1 : 0, i % 2, q === 2 ? 'decision' : null);
      }
    }
    if (i % 11 === 0) for (const kind of ['phrase', 'phq9-item9']) flag.run(e.id, kind, e.createdAt, e.localDate);
  }
}

describe('export: entries a chunk at a time', () => {
  const store = testWorld({ now: NOW }).store;
  seed(store, 1300); // more than two chunks

  it.each<[string, EntryFilter & { excludePrivate?: boolean }]>([
    ['everything', {}],
    ['a limit that ends mid-chunk', { limit: 777 }],
    ['a tag', { tag: 'tag-5' }],
    ['a kind and no private entries', { kind: 'journal', excludePrivate: true }],
    ['a time range', { since: '2021-03-01T00:00:00.000Z', until: '2021-09-01T00:00:00.000Z' }],
  ])('reads exactly what the former query read: %s', (_, filter) => {
    const rows = [...store.exports.entries(filter)];
    const reference = referenceRows(store, filter);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(reference);
    // Key order too: the JSON export is these objects stringified.
    expect(JSON.stringify(rows)).toBe(JSON.stringify(reference));
  });

  it('reads one entry as the former query did, and nothing for an unknown id', () => {
    const [some] = referenceRows(store, { tag: 'tag-5', limit: 1 });
    expect(store.exports.entry(some!.id)).toEqual(some);
    expect(JSON.stringify(store.exports.entry(some!.id))).toBe(JSON.stringify(some));
    expect(store.exports.entry('ffffffff-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('holds its read transaction only while entries are read, and stops cleanly when left early', () => {
    const rows = store.exports.entries({});
    rows.next();
    expect(store.db.inTransaction).toBe(true);
    rows.return(undefined);
    expect(store.db.inTransaction).toBe(false);
    expect([...store.exports.entries({ limit: 3 })]).toHaveLength(3);
    expect(store.db.inTransaction).toBe(false);
  });
});

describe('import: entries written dozens at a time', () => {
  const file = (name: string, doc: unknown) => {
    const f = path.join(tmpDir(), name);
    fs.writeFileSync(f, JSON.stringify(doc));
    return f;
  };
  const entry = (i: number, text = `an ordinary day ${i}`) => ({
    id: `${(i + 1).toString(16).padStart(8, '0')}-1111-4000-8000-000000000000`, createdAt: `2024-01-01T${String(i % 24).padStart(2, '0')}:00:00+01:00`,
    kind: 'checkin', pack: null, metrics: { mood: i % 11 }, practices: [], tags: i % 2 ? ['work'] : [], text, private: false, starred: false,
  });
  const session = (i: number) => ({
    id: `${(i + 1).toString(16).padStart(8, '0')}-2222-4000-8000-000000000000`, occurredAt: '2024-02-01T09:00:00+01:00', route: 'iv', doseMg: 50,
    setting: 'clinic', guide: '', intention: '', notes: 'I want to die',
  });
  const entries = Array.from({ length: 600 }, (_, i) => entry(i, i % 100 === 97 ? 'I want to die' : `an ordinary day ${i}`));
  const flagged = () => testWorld({ now: NOW });
  const flagOrder = (store: Store) => store.db.prepare<[], { source: string }>(
    "SELECT CASE WHEN entry_id IS NOT NULL THEN 'entry' ELSE 'session' END AS source FROM safety_flags ORDER BY id",
  ).all().map((r) => r.source);
  const entryOrder = (store: Store) => store.db.prepare<[], string>('SELECT id FROM entries ORDER BY rowid').pluck().all();

  it('gives rows, flags and sessions the numbers of the order they were read in, whichever list comes first', async () => {
    for (const sessionsFirst of [false, true]) {
      const doc = sessionsFirst
        ? { format: 'integrate', version: 1, sessions: [session(0), session(1)], entries, intentions: [] }
        : { format: 'integrate', version: 1, entries, sessions: [session(0), session(1)], intentions: [] };
      const w = flagged();
      await runImport(file('doc.json', doc), {}, w.ctx());
      expect(entryOrder(w.store)).toEqual(entries.map((e) => e.id));
      const sources = flagOrder(w.store);
      expect(sources).toEqual(sessionsFirst ? ['session', 'session', ...Array(6).fill('entry')] : [...Array(6).fill('entry'), 'session', 'session']);
    }
  });

  it('refuses a too-long text at its own entry, before a later invalid record, and writes nothing', async () => {
    const broken = entries.map((e, i) => (i === 10 ? { ...e, text: 'x'.repeat(1024 * 1024 + 1) } : i === 500 ? { ...e, metrics: { mood: 11 } } : e));
    const w = flagged();
    const err = await rejection(runImport(file('long.json', { format: 'integrate', version: 1, entries: broken }), {}, w.ctx()));
    expect(err.message).toMatch(/^The text of the entry of 2024-01-01 /);
    expect(w.entries()).toEqual([]);
  });

  it('builds the indexes it set aside again, and leaves them when the journal had entries', async () => {
    const indexes = (store: Store) => store.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
    const fresh = flagged();
    const before = indexes(fresh.store);
    await runImport(file('doc.json', { format: 'integrate', version: 1, entries }), {}, fresh.ctx());
    expect(indexes(fresh.store)).toEqual(before);
    const used = flagged();
    insertEntry(used.store, { text: 'mine' });
    await runImport(file('doc.json', { format: 'integrate', version: 1, entries }), {}, used.ctx());
    expect(indexes(used.store)).toEqual(before);
    expect(used.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(fresh.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
