// The bulk paths of export and import against what they replaced.
// Export: pieces are encoded into one reused buffer instead of joined as
// strings; the bytes written must be exactly the UTF-8 of the pieces, for
// characters of every width and pieces larger than the buffer. Import:
// entries are written dozens at a time; sessions, flags and rows still get
// the numbers they got when written one by one, and a too-long text is
// refused at its own entry, before a later invalid record is reached.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/commands/export.js';
import { runImport } from '../../src/commands/import.js';
import { buffered } from '../../src/files.js';
import { EXPORTERS } from '../../src/formats/export.js';
import type { Store } from '../../src/store/index.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const tmpDir = tempDirs('integrate-bulk-io-');

describe('export: pieces encoded into one reused buffer', () => {
  // Pieces of every width of UTF-8 (1 to 4 bytes), some far larger than a chunk.
  const CHARS = ['a', '\n', '"', 'é', 'ü', '—', '\u202e', '€', '😀', '𝄞'];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const piece = () => Array.from({ length: rnd(9) === 0 ? 20_000 + rnd(60_000) : rnd(400) }, () => CHARS[rnd(CHARS.length)]).join('');

  it('hands on exactly the UTF-8 of what was written, in chunks that end where a piece ends', () => {
    const pieces = Array.from({ length: 600 }, piece);
    const chunks: Buffer[] = [];
    const ends = new Set<number>();
    let at = 0;
    const sink = buffered((chunk) => void chunks.push(Buffer.from(chunk)), 4096);
    let went = 0;
    for (const p of pieces) {
      if (sink.write(p)) went++;
      at += Buffer.byteLength(p);
      ends.add(at);
    }
    sink.flush();
    expect(Buffer.concat(chunks).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(went).toBeGreaterThan(50);
    let end = 0;
    for (const c of chunks) {
      end += c.length;
      expect(ends.has(end)).toBe(true);
      // Only a piece larger than the buffer goes out larger than it.
      if (c.length > 4096) expect(pieces.some((p) => Buffer.byteLength(p) === c.length)).toBe(true);
    }
  });

  it('writes the same bytes to a file as the exporter produced, for json and md', async () => {
    const w = testWorld({ now: NOW });
    for (let i = 0; i < 300; i++) {
      insertEntry(w.store, {
        createdAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(), localDate: '2024-01-01',
        text: i % 50 === 3 ? piece().repeat(3) : `${piece()} ${i}`, metrics: { mood: i % 11, 'sleep-quality': (i % 7) / 2, '10': i },
        tags: ['tag-a', 'tag-b'].slice(i % 3), practices: i % 2 ? ['walk'] : [],
      });
    }
    for (const format of ['json', 'md']) {
      const parts: string[] = [];
      await EXPORTERS.get(format)!.write(w.store, {}, (s) => void parts.push(s), NOW.toISOString());
      const out = path.join(tmpDir(), `export.${format}`);
      await runExport({ format, out }, w.ctx());
      expect(fs.readFileSync(out).equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
      expect(parts.join('').length).toBeGreaterThan(10 * 65_536);
    }
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
