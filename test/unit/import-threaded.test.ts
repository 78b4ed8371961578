// Reading a large import's words for safety on a worker thread
// (src/formats/safety-worker.ts, as the bundle runs it: bundled to a
// temporary file here, since a worker cannot load TypeScript). The readings
// are exactly those read on the main thread, in order, for the labelled
// corpus and for records with several texts; an import with the worker writes
// exactly what one without it writes; a reading that fails rolls the whole
// import back.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textFlag } from '../../src/domain/safety.js';
import { importInto, openText, type FlagReader, type WordFlag } from '../../src/formats/import.js';
import { IMPORTERS } from '../../src/formats/importers/index.js';
import { EXPORTERS } from '../../src/formats/export.js';
import { Store } from '../../src/store/index.js';
import { openMemoryDatabase } from '../../src/store/open.js';
import { insertEntry } from '../helpers/world.js';

type WorkerModule = typeof import('../../src/formats/safety-worker.js');
let dir: string;
let threaded: WorkerModule;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-safety-worker-'));
  const file = path.join(dir, 'safety-worker.mjs');
  await build({ entryPoints: ['src/formats/safety-worker.ts'], outfile: file, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  threaded = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as WorkerModule;
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const corpus = ['tuning', 'heldout', 'heldout-2'].flatMap((name) =>
  fs.readFileSync(path.join('test/fixtures/safety-corpus', `${name}.jsonl`), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text));

const NOW = new Date('2026-11-21T10:00:00Z');

function readAll(reader: FlagReader, records: string[][]): (WordFlag | undefined)[] {
  const got: (WordFlag | undefined)[] = [];
  try {
    for (const texts of records) reader.read(texts, (flag) => void got.push(flag));
    reader.settle();
  } finally {
    reader.close();
  }
  return got;
}

/** Every table an import writes, row by row in row order. */
function dump(store: Store) {
  const db = (store as unknown as { db: import('better-sqlite3-multiple-ciphers').Database }).db;
  return Object.fromEntries(['entries', 'entry_metrics', 'entry_tags', 'entry_practices', 'entry_answers', 'safety_flags', 'sessions', 'intentions', 'search_fts']
    .map((t) => [t, db.prepare(`SELECT rowid, * FROM ${t} ORDER BY rowid`).raw().all()]));
}

/** An integrate JSON export of `n` entries whose texts are the corpus's, over and over. */
async function exportOf(n: number): Promise<Buffer> {
  const store = new Store(openMemoryDatabase(), ':memory:');
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000);
    insertEntry(store, {
      id: `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, createdAt: day.toISOString(), localDate: day.toISOString().slice(0, 10),
      text: corpus[i % corpus.length]!, metrics: { mood: i % 11 }, tags: i % 3 ? [] : ['family'],
    });
  }
  let json = '';
  await EXPORTERS.get('json')!.write(store, {}, (s: string) => void (json += s), NOW.toISOString());
  store.close();
  return Buffer.from(json);
}

const importWith = (file: Buffer, reader?: FlagReader) => {
  const store = new Store(openMemoryDatabase(), ':memory:');
  try {
    const report = importInto(store, IMPORTERS.get('integrate')!, openText([file]), { moodMap: new Map() }, { dryRun: false, now: NOW, reader });
    return { report, tables: dump(store) };
  } finally {
    reader?.close();
    store.close();
  }
};

describe('the safety reader on a worker thread', () => {
  it('can start only from JavaScript (the bundle), not from the TypeScript sources', async () => {
    expect(threaded.canThread).toBe(true);
    expect((await import('../../src/formats/safety-worker.js')).canThread).toBe(false);
  });

  it('reads every text of the labelled corpus as the main thread does, in order', () => {
    const records = corpus.map((text) => [text]);
    const inLine = records.map((texts) => textFlag(texts));
    expect(inLine.filter(Boolean).length).toBeGreaterThan(100); // the corpus has risk and mentions to find
    expect(readAll(threaded.threadedReader(), records)).toEqual(inLine);
  });

  it('reads records of several texts (answers), empty texts and any characters alike, many batches ahead', () => {
    const records = Array.from({ length: 3000 }, (_, i) => [
      i % 7 ? corpus[i % corpus.length]! : '',
      ...(i % 3 ? [] : [`answer ${i}\u0000\u0001 🌊 "quoted" ${corpus[(i * 31) % corpus.length]}`, '']),
    ]);
    expect(readAll(threaded.threadedReader(), records)).toEqual(records.map((texts) => textFlag(texts)));
  });

  it('reads entries of 1 MB each as the main thread does (batches cut by characters too)', () => {
    const long = (i: number) => `${'the garden was quiet and the rain kept on. '.repeat(23_000)}${corpus[i]} and then ${'more rain. '.repeat(2_000)}`;
    const records = Array.from({ length: 10 }, (_, i) => [long(i)]);
    expect(records[0]![0]!.length).toBeGreaterThan(1_000_000);
    expect(readAll(threaded.threadedReader(), records)).toEqual(records.map((texts) => textFlag(texts)));
  }, 60_000);

  it('writes exactly what an import reading on the main thread writes, and reports the same', async () => {
    const file = await exportOf(1200);
    const inLine = importWith(file);
    const withWorker = importWith(file, threaded.threadedReader());
    expect(inLine.report.added).toBe(1200);
    expect(inLine.report.safety.risk + inLine.report.safety.mention).toBeGreaterThan(100);
    expect(withWorker.report).toEqual(inLine.report);
    expect(withWorker.tables).toEqual(inLine.tables);
  });

  it('fails at once, rather than waiting, when the worker cannot load its module', () => {
    const started = Date.now();
    expect(() => readAll(threaded.threadedReader({ url: pathToFileURL(path.join(dir, 'missing.mjs')).href }), [['a day'], ['another']]))
      .toThrow(/^Reading the imported words for safety on a second thread stopped before the end\. Nothing was imported; try again\.$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rolls the whole import back when a reading fails, leaving the search trigger in place', async () => {
    const file = await exportOf(1200);
    const store = new Store(openMemoryDatabase(), ':memory:');
    const db = (store as unknown as { db: import('better-sqlite3-multiple-ciphers').Database }).db;
    const schema = () => db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").all();
    const before = schema();
    // A text near the end: most entries were read (and many written) before the failure.
    const reader = threaded.threadedReader({ failOn: corpus[1100 % corpus.length] });
    try {
      expect(() => importInto(store, IMPORTERS.get('integrate')!, openText([file]), { moodMap: new Map() }, { dryRun: false, now: NOW, reader }))
        .toThrow(/^Reading the imported words for safety on a second thread failed \(failing as asked\)\. Nothing was imported; try again\.$/);
    } finally {
      reader.close();
    }
    expect(Object.values(dump(store)).map((rows) => rows.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(schema()).toEqual(before);
    store.close();
  });
});
