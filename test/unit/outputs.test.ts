// Pure pieces and command-level behaviour of what integrate writes and reads:
// the journal guard, input checks, JSON escaping, snippets, the text cap,
// interrupts (simulated) and sanitising exports to a terminal.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/commands/export.js';
import { checkTextSize, MAX_TEXT_BYTES } from '../../src/domain/limits.js';
import { UsageError } from '../../src/errors.js';
import { classifyOutput, readInputFile, refuseJournalTarget, removeStaleTemps, tempPathFor } from '../../src/files.js';
import { toJson } from '../../src/render/json.js';
import { MATCH_END, MATCH_START, queryTerms, snippet } from '../../src/render/snippet.js';
import { insertEntry, tempDirs, testWorld } from '../helpers/world.js';
import { timeLimit } from '../helpers/runs.js';

const tmpDir = tempDirs('integrate-outputs-unit-');

describe('refuseJournalTarget', () => {
  it('refuses the database and companions by name before they exist, and by inode through links once they do', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'j.db');
    for (const name of ['j.db', 'j.db-wal', 'j.db-shm', 'j.db-journal']) {
      expect(() => refuseJournalTarget(path.join(dir, name), db), name).toThrow(UsageError);
    }
    fs.writeFileSync(db, 'x');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.linkSync(db, path.join(dir, 'sub', 'hard'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    expect(() => refuseJournalTarget(path.join(dir, 'sub', 'hard'), db)).toThrow(/journal database itself/);
    expect(() => refuseJournalTarget(path.join(dir, 'loop', 'j.db-wal'), db)).toThrow(/-wal file/);
    expect(() => refuseJournalTarget(path.join(dir, 'other.db'), db)).not.toThrow();
    expect(() => refuseJournalTarget(path.join(dir, 'j.db.bak'), db)).not.toThrow();
  });

  it('refuses our own temp names, and finds nothing to refuse without a database', () => {
    expect(() => refuseJournalTarget('/tmp/.a.md.123.0123456789ab.tmp', undefined)).toThrow(/temporary file/);
    expect(() => refuseJournalTarget('/tmp/.a.db.0123456789ab.partial', undefined)).toThrow(/temporary file/);
    expect(() => refuseJournalTarget('/tmp/a.md', undefined)).not.toThrow();
  });

  it('classifies -, /dev/stdout, devices, folders and dangling links', () => {
    const dir = tmpDir();
    expect(classifyOutput('-', undefined).kind).toBe('stdout');
    expect(classifyOutput('/dev/stdout', undefined).kind).toBe('stdout');
    expect(classifyOutput('/dev/null', undefined).kind).toBe('direct');
    expect(classifyOutput(path.join(dir, 'new.md'), undefined).kind).toBe('file');
    expect(() => classifyOutput(dir, undefined)).toThrow(/it is a folder/);
    fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
    expect(() => classifyOutput(path.join(dir, 'dangling'), undefined)).toThrow(/link to a file that does not exist/);
  });
});

describe('temp files', () => {
  it('carry our pid and a short stem, and stale ones of dead processes are removed, live ones reported', () => {
    const dir = tmpDir();
    const target = path.join(dir, `${'n'.repeat(250)}.md`);
    const mine = tempPathFor(target, 'tmp');
    expect(Buffer.byteLength(path.basename(mine))).toBeLessThan(200);
    expect(path.basename(mine)).toContain(`.${process.pid}.`);
    const dead = path.join(dir, `.${path.basename(mine).split('.')[1]}.999999999.0123456789ab.tmp`);
    fs.writeFileSync(dead, '');
    fs.writeFileSync(path.join(dir, `.x.md.${process.ppid}.0123456789ab.tmp`), '');
    expect(removeStaleTemps(target)).toBeUndefined();
    expect(fs.existsSync(dead)).toBe(false);
    expect(removeStaleTemps(path.join(dir, 'x.md'))).toBe(process.ppid);
  });
});

describe('readInputFile', () => {
  it('refuses devices and folders, and files over the limit by their size', () => {
    const dir = tmpDir();
    expect(() => readInputFile('/dev/zero', 'import file', 1024)).toThrow(/device, not a file/);
    expect(() => readInputFile(dir, 'import file', 1024)).toThrow(/it is a folder/);
    expect(() => readInputFile(path.join(dir, 'none'), 'import file', 1024)).toThrow(/it does not exist/);
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, 'x'.repeat(2048));
    expect(() => readInputFile(file, 'import file', 1024)).toThrow(/is 2 KB; at most 1 KB is read/);
    expect(readInputFile(file, 'import file', 4096).length).toBe(2048);
  });
});

describe('toJson', () => {
  it('escapes C0, DEL, C1, bidi and line separators as \\u, stays valid and round-trips', () => {
    const value = { text: 'a\u001b[31m\u007f\u0085\u009b\u061c\u200e\u202e\u2066\u2028 ok é 😀', n: [1, 'x'] };
    const out = toJson(value, 2);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('\\u202e');
    expect(out).toContain('é 😀');
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe('snippet', () => {
  const marked = (s: string) => s.replaceAll(MATCH_START, '[').replaceAll(MATCH_END, ']');

  it('marks query words (folded like the index: case, accents, prefixes, phrases) around the best spot', () => {
    const text = 'Monday was grey. Later, by the river I Felt lighter, and the café felt warm and breathing came easy.';
    expect(marked(snippet(text, queryTerms('felt lighter')))).toBe('…the river I [Felt] [lighter], and the café [felt] warm and breathing came easy.');
    expect(marked(snippet(text, queryTerms('cafe breath*')))).toContain('[café] felt warm and [breathing]');
    expect(marked(snippet(text, queryTerms('"felt lighter" NOT sad')))).toContain('[Felt] [lighter]');
    expect(queryTerms('body:calm AND (river OR "sea side")').map((t) => t.word)).toEqual(['calm', 'river', 'sea', 'side']);
  });

  it('is linear: a 4 MB note repeating the word takes about four times a 1 MB one, well under a second per MB', () => {
    const terms = queryTerms('felt');
    const time = (mb: number) => {
      const text = 'so I felt it all. '.repeat(Math.round((mb * 1024 * 1024) / 18));
      const started = performance.now();
      const s = snippet(text, terms);
      expect(s).toContain(`${MATCH_START}felt${MATCH_END}`);
      return performance.now() - started;
    };
    time(0.1); // warm up
    const one = time(1);
    const four = time(4);
    expect(one).toBeLessThan(timeLimit(1500));
    expect(four).toBeLessThan(Math.max(one * 10, timeLimit(1500)));
  });
});

describe('text cap', () => {
  it('allows exactly 1 MB and refuses more, naming the limit; counts UTF-8 bytes', () => {
    expect(() => checkTextSize('The note', 'x'.repeat(MAX_TEXT_BYTES))).not.toThrow();
    expect(() => checkTextSize('The note', 'x'.repeat(MAX_TEXT_BYTES + 1))).toThrow(/The note is 1\.0 MB of text; integrate keeps at most 1 MB per entry/);
    expect(() => checkTextSize('The answers', 'é'.repeat(MAX_TEXT_BYTES / 2 + 1))).toThrow(UsageError);
    expect(() => checkTextSize('The answers', 'a'.repeat(MAX_TEXT_BYTES / 2), 'b'.repeat(MAX_TEXT_BYTES / 2 + 1))).toThrow(UsageError);
  });

  it('is applied where the store saves: an entry, a session, an intention', () => {
    const w = testWorld();
    expect(() => insertEntry(w.store, { text: 'x'.repeat(MAX_TEXT_BYTES + 1) })).toThrow(/at most 1 MB/);
    expect(w.entries()).toEqual([]);
  });
});

describe('export to a terminal', () => {
  it('csv on a TTY is sanitised; to a file it is the stored text, formula-guarded as before', async () => {
    const w = testWorld();
    insertEntry(w.store, { text: '=HYPERLINK("x")\u001b]8;;http://evil\u0007click\u001b]8;;\u0007 \u202eevil\u009b2J' });
    const tty = w.ctx({ tty: true });
    await runExport({ format: 'csv' }, tty);
    expect(tty.io.stdout()).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
    expect(tty.io.stdout()).toContain("'=HYPERLINK");
    const dir = tmpDir();
    await runExport({ format: 'csv', out: path.join(dir, 'x.csv') }, w.ctx());
    const file = fs.readFileSync(path.join(dir, 'x.csv'), 'utf8');
    expect(file).toContain('\u001b]8;;http://evil\u0007');
    expect(file).toContain("'=HYPERLINK");
    const piped = w.ctx({ tty: false });
    await runExport({ format: 'csv' }, piped);
    expect(piped.io.stdout()).toContain('\u202e');
  });
});
