// `integrate import` as it streams: a journal of a few thousand entries
// (many 16 KB reads, so records cross chunk boundaries) exported and
// imported again gives the same document and the same search results as the
// journal written entry by entry; the search trigger the import sets aside is
// back, unchanged, whether the import succeeds, fails half-way or is a dry
// run; Daylio's older layout and scales; integrate's CSV export refused.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/commands/export.js';
import { runImport } from '../../src/commands/import.js';
import { runSearch } from '../../src/commands/search.js';
import { UsageError } from '../../src/errors.js';
import type { Store } from '../../src/store/index.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';
import { depth } from '../helpers/runs.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const world = () => testWorld({ now: NOW });
type World = ReturnType<typeof world>;
const tmpDir = tempDirs('integrate-import-stream-');
const tmpFile = (name: string, content: string) => {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, content);
  return file;
};

const WORDS = ['river', 'kitchen', 'grief', 'morning', 'walk', 'sister', 'quiet', 'breath', 'music', 'tired', 'lighter', 'garden', 'rain', 'session'];

/** A journal of `n` entries with words, metrics, tags and practices, written entry by entry (the search trigger fills the index). */
function seed(w: World, n: number): void {
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 3) * 86_400_000);
    const words = Array.from({ length: 12 + (i % 30) }, (_, k) => WORDS[(i * 7 + k * k) % WORDS.length]).join(' ');
    insertEntry(w.store, {
      id: `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${(i * 7919).toString(16).padStart(12, '0')}`,
      createdAt: new Date(day.getTime() + (i % 3) * 4 * 3_600_000 + 7 * 3_600_000).toISOString(), localDate: day.toISOString().slice(0, 10),
      text: i % 17 === 0 ? '' : `${words} "quoted \\ text" ü… ${i}`, metrics: { mood: i % 11, energy: (i * 3) % 11 },
      tags: i % 4 ? ['family'] : [], practices: i % 5 ? [] : ['walk'], starred: i % 13 === 0, private: i % 29 === 0,
    });
  }
}

async function exportJson(w: World): Promise<string> {
  const ctx = w.ctx();
  await runExport({ format: 'json' }, ctx);
  return ctx.io.stdout();
}

/** A journal of `n` entries and its JSON export as a file. */
async function exported(n: number): Promise<{ a: World; file: string }> {
  const a = world();
  seed(a, n);
  return { a, file: tmpFile('export.json', await exportJson(a)) };
}

async function searchIds(w: World, query: string): Promise<string[]> {
  const ctx = w.ctx();
  await runSearch(query, { json: true, limit: '500' } as never, ctx);
  return (JSON.parse(ctx.io.stdout()) as { id: string }[]).map((h) => h.id);
}

/** The search index's own rows and the schema, to prove an import leaves both as the triggers would. */
const index = (store: Store) => store.db.prepare('SELECT kind, ref, body FROM search_fts ORDER BY rowid').all();
const schema = (store: Store) => store.db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

describe('import of a large integrate export, streamed', () => {
  const ENTRIES = depth(800, 2500);
  it('round trips (export, import, export) and finds the same words in the same order as the journal it came from', async () => {
    // Many chunks either way; 2,500 entries (about 2 MB) in npm run test:deep.
    const a = world();
    seed(a, ENTRIES);
    const first = await exportJson(a);
    expect(first.length).toBeGreaterThan(3 * 64 * 1024);
    const file = tmpFile('export.json', first);

    const b = world();
    const ctx = b.ctx();
    await runImport(file, {}, ctx);
    expect(ctx.io.stderr()).toBe(`Imported ${ENTRIES} entries; skipped 0 already there.\n`);
    const stamp = (s: string) => ({ ...JSON.parse(s), exportedAt: undefined });
    expect(stamp(await exportJson(b))).toEqual(stamp(first));
    // The index filled in one statement holds what the trigger would have written, row for row.
    expect(index(b.store)).toEqual(index(a.store));
    for (const word of ['river', 'grief', 'quoted', 'ü', 'lighter', String(ENTRIES - 1)]) expect(await searchIds(b, word)).toEqual(await searchIds(a, word));
    expect(schema(b.store)).toEqual(schema(a.store));

    // A second import finds every entry; entries written afterwards are indexed by the trigger again.
    const again = b.ctx();
    await runImport(file, {}, again);
    expect(again.io.stderr()).toBe(`Imported 0 entries; skipped ${ENTRIES} already there.\n`);
    insertEntry(b.store, { text: 'a lighthouse on the coast' });
    expect(await searchIds(b, 'lighthouse')).toHaveLength(1);
  });

  it('a large file on a terminal is announced first, with what Ctrl-C does; not on a pipe, nor for a small file', async () => {
    const { file } = await exported(3000);
    expect(fs.statSync(file).size).toBeGreaterThan(1 << 20);
    const tty = world().ctx({ tty: true });
    const listening = process.listenerCount('SIGINT');
    await runImport(file, {}, tty);
    expect(tty.io.stderr().split('\n')[0]).toBe(`Importing ${file} (${(fs.statSync(file).size / (1 << 20)).toFixed(1).replace(/\.0$/, '')} MB); this may take a while. Ctrl-C stops it and imports nothing (once it is saving, it finishes and says so).`);
    // Ctrl-C is held from the commit until the report is printed, then left to its default again.
    expect(process.listenerCount('SIGINT')).toBe(listening);
    const dry = world().ctx({ tty: true });
    await runImport(file, { dryRun: true }, dry);
    expect(dry.io.stderr()).toMatch(/^Reading .* MB\); this may take a while\. Ctrl-C stops it\.\n/);
    const piped = world().ctx();
    await runImport(file, {}, piped);
    expect(piped.io.stderr()).not.toMatch(/^Importing/m);
    const small = world().ctx({ tty: true });
    await runImport(tmpFile('small.json', await exportJson((() => { const w = world(); seed(w, 3); return w; })())), {}, small);
    expect(small.io.stderr()).not.toMatch(/^Importing/m);
  });

  it('adds to a journal that has entries, indexing only the new ones', async () => {
    const { a, file } = await exported(300);
    const b = world();
    const mine = insertEntry(b.store, { text: 'river stones of my own' });
    await runImport(file, {}, b.ctx());
    expect((await searchIds(b, 'river')).length).toBe((await searchIds(a, 'river')).length + 1);
    expect(await searchIds(b, 'stones')).toEqual([mine.id]);
  });

  it('writes nothing when a record far into the file is invalid, and leaves the search trigger as it was', async () => {
    const a = world();
    seed(a, 1500);
    const doc = JSON.parse(await exportJson(a)) as { entries: { metrics: Record<string, number> }[] };
    doc.entries[1400]!.metrics.mood = 11;
    const file = tmpFile('broken.json', JSON.stringify(doc, null, 2));
    const b = world();
    insertEntry(b.store, { text: 'already here' });
    const before = { index: index(b.store), schema: schema(b.store), entries: b.entries() };
    const err = await rejection(runImport(file, {}, b.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('entry 1401: field "metrics.mood": mood 11 is outside its range 0–10. Nothing was imported.');
    expect({ index: index(b.store), schema: schema(b.store), entries: b.entries() }).toEqual(before);
    insertEntry(b.store, { text: 'a lighthouse on the coast' });
    expect(await searchIds(b, 'lighthouse')).toHaveLength(1);
  });

  it('--dry-run counts, then rolls back the entries, the index and the set-aside trigger', async () => {
    const { file } = await exported(200);
    const b = world();
    const before = { index: index(b.store), schema: schema(b.store) };
    const ctx = b.ctx();
    await runImport(file, { dryRun: true }, ctx);
    expect(ctx.io.stderr()).toBe('Would import 200 entries; skipped 0 already there. Nothing was written (dry run).\n');
    expect({ index: index(b.store), schema: schema(b.store) }).toEqual(before);
    expect(b.entries()).toEqual([]);
  });
});

describe('import --from daylio: older layout, scales, many rows', () => {
  it('imports the older layout (year and "28 September") and scales as metrics', async () => {
    const csv = [
      'year,date,weekday,time,mood,activities,note,scales',
      '2018,28 September,Friday,11:54 pm,good,"walk | friends","Went to a party",Sleep Quality: 7/10 points | Stress: 2/5 points',
      '2018,27 September,Thursday,8:10 am,meh,"",""," "',
    ].join('\n');
    const w = world();
    const ctx = w.ctx();
    await runImport(tmpFile('daylio_export.csv', csv), { from: 'daylio' }, ctx);
    expect(ctx.io.stderr()).toBe('Imported 2 entries; skipped 0 already there.\n');
    expect(w.entries().map((e) => [e.localDate, e.metrics, e.tags, e.text])).toEqual([
      ['2018-09-28', { mood: 8, 'sleep-quality': 7, stress: 2 }, ['friends', 'walk'], 'Went to a party'],
      ['2018-09-27', { mood: 5 }, [], ''],
    ]);
  });

  it('reads thousands of rows across many reads, newest first, the same as one read would', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const d = new Date(Date.UTC(2026, 0, 1) - i * 86_400_000).toISOString().slice(0, 10);
      return `${d},x,y,9:${String(i % 60).padStart(2, '0')} pm,${['rad', 'good', 'meh', 'bad', 'awful'][i % 5]},"walk | work","","Line one<br>line ""two"", ${i}",Focus: ${i % 5 + 1}/5 points`;
    });
    const csv = `full_date,date,weekday,time,mood,activities,note_title,note,scales\r\n${rows.join('\r\n')}\r\n`;
    expect(csv.length).toBeGreaterThan(3 * 64 * 1024);
    const w = world();
    await runImport(tmpFile('big.csv', csv), { from: 'daylio' }, w.ctx());
    const entries = w.entries();
    expect(entries).toHaveLength(3000);
    expect(entries[0]!.text).toBe('Line one\nline "two", 0');
    expect(entries.at(-1)!.metrics).toEqual({ mood: 1, focus: 5 });
    expect(await searchIds(w, '2999')).toHaveLength(1);
  });
});

describe("integrate's own CSV export", () => {
  it('is refused in one line naming the JSON export, with or without --from, and nothing is written', async () => {
    const a = world();
    seed(a, 5);
    const ctx = a.ctx();
    await runExport({ format: 'csv' }, ctx);
    const file = tmpFile('integrate.csv', ctx.io.stdout());
    for (const from of [undefined, 'daylio', 'jrnl']) {
      const b = world();
      const err = await rejection(runImport(file, { from }, b.ctx()));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toBe("the file: is integrate's CSV export, which is made for spreadsheets and cannot be imported; to move your journal, use integrate export --format json and import that file. Nothing was imported.");
      expect(b.entries()).toEqual([]);
    }
  });
});
