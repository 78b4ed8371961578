// The real bin importing a file large enough (1 MB or more) to read its words
// for safety on a worker thread, which loads the bundle's own chunk: every
// entry's flag is what the safety reader on this thread says of its text, and
// the report counts them.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { textFlag } from '../../src/domain/safety.js';
import { EXPORTERS } from '../../src/formats/export.js';
import { Store } from '../../src/store/index.js';
import { openMemoryDatabase } from '../../src/store/open.js';
import { insertEntry } from '../helpers/world.js';
import { ensureBuilt, makeSandbox, runBin, ROOT } from '../helpers/run-bin.js';

let box: ReturnType<typeof makeSandbox>;
beforeAll(() => {
  ensureBuilt();
  box = makeSandbox('integrate-import-threaded-');
});
afterAll(() => box?.cleanup());

const corpus = ['tuning', 'heldout'].flatMap((name) =>
  fs.readFileSync(path.join(ROOT, 'test/fixtures/safety-corpus', `${name}.jsonl`), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text));
const FILLER = 'Walked by the river after lunch, made soup, called my sister about the weekend and read for an hour before bed.';

it('flags every imported entry as the safety reader does, when the words are read on a worker thread', async () => {
  const store = new Store(openMemoryDatabase(), ':memory:');
  const texts = new Map<string, string>();
  for (let i = 0; i < 2500; i++) {
    const day = new Date(Date.UTC(2019, 0, 1) + i * 86_400_000);
    const text = i % 2 ? `${FILLER} ${corpus[i % corpus.length]} ${FILLER}` : `${corpus[i % corpus.length]}\n\n${FILLER.repeat(3)}`;
    const e = insertEntry(store, { createdAt: day.toISOString(), localDate: day.toISOString().slice(0, 10), text, metrics: { mood: i % 11 } });
    texts.set(e.id, text);
  }
  let json = '';
  await EXPORTERS.get('json')!.write(store, {}, (s: string) => void (json += s), '2026-11-21T10:00:00.000Z');
  store.close();
  const file = path.join(box.dir, 'big.json');
  fs.writeFileSync(file, json);
  expect(fs.statSync(file).size).toBeGreaterThan(1 << 20);

  const db = path.join(box.dir, 'journal.db');
  const r = await runBin(['import', file], box.dir, { env: { INTEGRATE_DB: db } });
  expect(r.stderr).toMatch(/^Imported 2500 entries; skipped 0 already there\.\n/);
  expect(r.code).toBe(0);

  const expected = [...texts].map(([id, text]) => [id, textFlag([text]) ?? null]).sort();
  const read = new Database(db, { readonly: true });
  const flags = new Map(read.prepare<[], { id: string; kind: string }>("SELECT entry_id AS id, kind FROM safety_flags WHERE entry_id IS NOT NULL AND kind IN ('phrase', 'mention')").all().map((f) => [f.id, f.kind]));
  const got = read.prepare<[], { id: string }>('SELECT id FROM entries').all().map(({ id }) => [id, flags.get(id) ?? null]).sort();
  read.close();
  expect(got).toEqual(expected);
  const flagged = expected.filter(([, f]) => f).length;
  expect(flagged).toBeGreaterThan(200);
  expect(r.stderr).toContain(`${flagged} imported records mention self-harm or suicide`);
}, 60_000);
