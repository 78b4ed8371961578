// Migration 9: a safety flag belongs to exactly one entry, session or
// intention, and old phrase flags are re-read with the new rules.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/store/migrations/index.js';
import { Store } from '../../src/store/index.js';

const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function database(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  opened.push(db);
  return db;
}

const AT = '2026-11-20T09:00:00.000Z';

function addEntry(db: Database.Database, id: string, text: string, answer?: string): void {
  db.prepare(`INSERT INTO entries (id, created_at, utc_offset, local_date, kind, text) VALUES (?, ?, 60, '2026-11-20', 'checkin', ?)`).run(id, AT, text);
  if (answer !== undefined) {
    db.prepare(`INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value) VALUES (?, 0, 'q', 'longtext', 'Q?', ?)`).run(id, JSON.stringify(answer));
  }
}

describe('migration 9 (safety-sources)', () => {
  it('from an empty database: flags for entries, sessions and intentions, each on exactly one record', () => {
    const db = database();
    expect(migrate(db, 9)).toBe(9);
    expect(schemaVersion(db)).toBe(9);
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(safety_flags)').all().map((c) => c.name).sort();
    expect(columns).toEqual(['created_at', 'entry_id', 'id', 'intention_id', 'kind', 'local_date', 'session_id']);
    addEntry(db, 'e1', 'x');
    const insert = db.prepare('INSERT INTO safety_flags (entry_id, session_id, kind, created_at, local_date) VALUES (?, ?, ?, ?, ?)');
    insert.run('e1', null, 'phrase', AT, '2026-11-20');
    expect(() => insert.run(null, null, 'phrase', AT, '2026-11-20')).toThrow(/CHECK/);
    expect(() => insert.run('e1', 'e1', 'mention', AT, '2026-11-20')).toThrow(/CHECK|FOREIGN KEY/);
    expect(() => insert.run(null, 'no-such-session', 'phrase', AT, '2026-11-20')).toThrow(/FOREIGN KEY/);
    // One flag of a kind per record, as before.
    db.prepare(`INSERT OR IGNORE INTO safety_flags (entry_id, kind, created_at, local_date) VALUES ('e1', 'phrase', ?, '2026-11-20')`).run(AT);
    expect(db.prepare('SELECT count(*) AS n FROM safety_flags').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('keeps every old flag and its date; softens phrase flags whose words now read as a mention', () => {
    const db = database();
    migrate(db, 7);
    addEntry(db, 'risk', 'I want to die');
    addEntry(db, 'grandmother', 'My grandmother died by suicide');
    addEntry(db, 'answer', '', 'I used to self-harm as a teenager'); // the words in a reflection answer
    addEntry(db, 'shaving', 'I cut myself shaving'); // the new rules see nothing: the old flag stays as it was
    addEntry(db, 'low', '');
    const flag = db.prepare('INSERT INTO safety_flags (entry_id, kind, created_at, local_date) VALUES (?, ?, ?, ?)');
    for (const id of ['risk', 'grandmother', 'answer', 'shaving']) flag.run(id, 'phrase', AT, '2026-11-20');
    flag.run('low', 'low-mood', AT, '2026-11-19');
    migrate(db);
    const rows = db.prepare('SELECT entry_id, kind, created_at, local_date FROM safety_flags ORDER BY entry_id').all();
    expect(rows).toEqual([
      { entry_id: 'answer', kind: 'mention', created_at: AT, local_date: '2026-11-20' },
      { entry_id: 'grandmother', kind: 'mention', created_at: AT, local_date: '2026-11-20' },
      { entry_id: 'low', kind: 'low-mood', created_at: AT, local_date: '2026-11-19' },
      { entry_id: 'risk', kind: 'phrase', created_at: AT, local_date: '2026-11-20' },
      { entry_id: 'shaving', kind: 'phrase', created_at: AT, local_date: '2026-11-20' },
    ]);
  });

  it('a flag goes with its record: deleting a session or an entry deletes its flags', () => {
    const db = database();
    migrate(db);
    const store = new Store(db, ':memory:');
    addEntry(db, 'e1', 'x');
    store.sessions.insert({
      id: 's1', occurredAt: AT, utcOffset: 60, localDate: '2026-11-20', route: 'iv', doseMg: null, setting: '', guide: '', intention: '', notes: 'x',
    }, AT);
    store.safety.addTo('session', 's1', ['phrase'], AT, '2026-11-20');
    store.safety.addTo('entry', 'e1', ['mention'], AT, '2026-11-20');
    expect(store.safety.between('2026-11-20', '2026-11-20').map((f) => f.source).sort()).toEqual(['entry', 'session']);
    store.sessions.delete('s1');
    db.prepare(`DELETE FROM entries WHERE id = 'e1'`).run();
    expect(store.safety.between('2000-01-01', '2100-01-01')).toEqual([]);
  });
});
