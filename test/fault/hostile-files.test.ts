// Hostile files where the database (or an import) should be: each gives one
// line on stderr and the right exit code (1 for the environment, 2 for a bad
// input file), prints nothing on stdout, and leaves every byte as it was.
//
// A zero-byte file is deliberately treated as a new, empty database (SQLite
// does the same; `touch db && integrate --db db checkin` works): the test
// pins that down rather than refusing it.
//
// Each hostile file gets a write and four reads (list, stats, search, export),
// through the built bundle in one shared process.
import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, runInBundle, type RunResult } from '../helpers/run-bin.js';
import { appBin, removeAppBin, prng, runBinIn, sha256, writeImportFile } from './support.js';

let box: ReturnType<typeof makeSandbox>;
let good: string;
let latest: number;

const WRITE = ['checkin', '--mood', '5', '--note', 'should not be saved'];
const READS = [['list'], ['stats'], ['search', 'walk'], ['export', '--format', 'json']];

/**
 * The built bundle with INTEGRATE_DB=db (none when ''), in the one process this
 * file shares (runInBundle): the refusals are the bundle's exit codes and
 * output. The seeding import and the check-in into a zero-byte file spawn the
 * real bin.
 */
const run = (args: string[], dir: string, db: string, input = '', env: Record<string, string> = {}) =>
  runInBundle(args, dir, { input, env: { INTEGRATE_DB: db, ...env } });

beforeAll(async () => {
  appBin(); // builds dist/ if needed and takes this file's private copy of it
  box = makeSandbox('integrate-fault-hostile-');
  good = box.file('good.db');
  // A real journal of 40 entries, written by the bin in one import.
  const seed = box.file('seed.json');
  writeImportFile(seed, 40, 40);
  const r = await runBinIn(['import', seed], box.dir, good);
  if (r.code !== 0) throw new Error(`seeding failed: ${r.stderr}`);
  const db = new Database(good, { readonly: true });
  latest = db.pragma('user_version', { simple: true }) as number;
  db.close();
}, 120_000);

afterAll(() => {
  // Undo the chmods that would stop the sandbox from being removed.
  for (const f of fs.readdirSync(box.dir)) fs.chmodSync(path.join(box.dir, f), 0o700);
  box?.cleanup();
  removeAppBin();
});

/** One line, "integrate: …", nothing on stdout, no stack trace. */
function expectOneLine(r: RunResult, code: number): string {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^integrate: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  expect(r.code, r.stderr).toBe(code);
  return r.stderr;
}

/** Everything in a folder: names, sizes, modes and contents. */
function snapshot(dir: string): string {
  return fs.readdirSync(dir).sort().map((f) => {
    const p = path.join(dir, f);
    const st = fs.lstatSync(p);
    return `${f} ${st.mode.toString(8)} ${st.isFile() ? sha256(p) : st.isSymbolicLink() ? `-> ${fs.readlinkSync(p)}` : 'dir'}`;
  }).join('\n');
}

/** A folder holding only `name`, made by `make`. */
function place(name: string, make: (file: string) => void): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(box.dir, 'case-'));
  const file = path.join(dir, name);
  make(file);
  return { dir, file };
}

/** Runs a write and the read commands on `file`; each fails with one line and exit `code`; nothing in its folder changes. */
async function expectRefused(file: string, code: number, message: RegExp): Promise<void> {
  const dir = path.dirname(file);
  const before = snapshot(dir);
  for (const args of [WRITE, ...READS]) {
    const r = await run(args, box.dir, file);
    expect(expectOneLine(r, code), args.join(' ')).toMatch(message);
    expect(snapshot(dir), `${args.join(' ')} changed the folder`).toBe(before);
  }
}

describe('hostile database files', () => {
  it('a directory where the database should be', async () => {
    const { file } = place('integrate.db', (f) => {
      fs.mkdirSync(f);
      fs.writeFileSync(path.join(f, 'inside.txt'), 'keep me');
    });
    const inside = snapshot(file);
    await expectRefused(file, 1, /is a directory, not a database file/);
    expect(snapshot(file)).toBe(inside);
  });

  it('a file of random bytes', async () => {
    const rand = prng(7);
    const { file } = place('random.db', (f) => fs.writeFileSync(f, Buffer.from(Array.from({ length: 65_536 }, () => rand.int(0, 255))), { mode: 0o600 }));
    await expectRefused(file, 1, /is not an integrate database/);
  });

  it('random bytes behind a valid SQLite header', async () => {
    const rand = prng(8);
    const { file } = place('header.db', (f) => {
      const bytes = Buffer.from(Array.from({ length: 8192 }, () => rand.int(0, 255)));
      fs.readFileSync(good).copy(bytes, 0, 0, 100); // a real first 100 bytes
      fs.writeFileSync(f, bytes, { mode: 0o600 });
    });
    await expectRefused(file, 1, /damaged|not an integrate database|Cannot use the database/);
  });

  it('a truncated database (the first half of a real one)', async () => {
    const { file } = place('truncated.db', (f) => {
      const bytes = fs.readFileSync(good);
      fs.writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2)), { mode: 0o600 });
    });
    await expectRefused(file, 1, /damaged|Cannot use the database/);
  });

  it('a database from a newer integrate (user_version ahead)', async () => {
    const { file } = place('future.db', (f) => {
      fs.copyFileSync(good, f);
      const db = new Database(f);
      db.pragma(`user_version = ${latest + 1}`);
      db.close();
      fs.chmodSync(f, 0o600);
    });
    await expectRefused(file, 1, /newer version of integrate/);
  });

  it('a dangling symbolic link: one line naming the link and where it points, exit 2; nothing is created at either end', async () => {
    const { dir, file } = place('dangling.db', (f) => fs.symlinkSync(path.join(path.dirname(f), 'gone', 'journal.db'), f));
    await expectRefused(file, 2, /dangling\.db is a symbolic link to .*gone\/journal\.db, which does not exist/);
    expect(fs.readdirSync(dir)).toEqual(['dangling.db']);
  });

  it('a FIFO where the database should be: refused before anything, even a chmod', async () => {
    const { file } = place('fifo.db', (f) => {
      execFileSync('mkfifo', ['-m', '0666', f]);
    });
    await expectRefused(file, 1, /fifo\.db is a FIFO \(named pipe\), not a database file/);
  });

  it('INTEGRATE_DB=/dev/null: refused as a character device; /dev/null keeps its mode', async () => {
    const before = fs.statSync('/dev/null').mode;
    for (const args of [WRITE, ...READS]) {
      expect(expectOneLine(await run(args, box.dir, '/dev/null'), 1), args.join(' ')).toMatch(/\/dev\/null is a character device, not a database file/);
    }
    expect(fs.statSync('/dev/null').mode).toBe(before);
  });

  it('a read-only (0400) database: a write fails with one line, reads still work, nothing changes', async () => {
    const { file } = place('readonly.db', (f) => {
      fs.copyFileSync(good, f);
      fs.chmodSync(f, 0o400);
    });
    const before = sha256(file);
    expect(expectOneLine(await run(WRITE, box.dir, file), 1)).toMatch(/read-only/);
    expect(sha256(file)).toBe(before);
    expect(fs.statSync(file).mode & 0o777).toBe(0o400);
    const list = await run(['list', '--limit', '3'], box.dir, file);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(3);
    expect(sha256(file)).toBe(before);
    // SQLite leaves the WAL's side files (-shm, an empty -wal) next to a WAL database it may not write.
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('a data directory that cannot be created (under a regular file)', async () => {
    const { dir, file: blocker } = place('not-a-folder', (f) => fs.writeFileSync(f, 'just a file', { mode: 0o600 }));
    const before = snapshot(dir);
    const r = await run(WRITE, box.dir, path.join(blocker, 'data', 'integrate.db'));
    expect(expectOneLine(r, 1)).toMatch(/not-a-folder.*a part of the path is a file, not a directory/);
    expect(snapshot(dir)).toBe(before);
  });

  it('the default data directory cannot be created (XDG_DATA_HOME under a regular file)', async () => {
    const { dir, file: blocker } = place('xdg-file', (f) => fs.writeFileSync(f, 'just a file', { mode: 0o600 }));
    const before = snapshot(dir);
    const r = await run(WRITE, box.dir, '', '', { XDG_DATA_HOME: path.join(blocker, 'share') });
    expect(expectOneLine(r, 1)).toMatch(/xdg-file.*a part of the path is a file, not a directory/);
    expect(snapshot(dir)).toBe(before);
  });

  it.runIf(process.platform === 'linux' && fs.existsSync('/proc/self'))('a data directory the system will not let anyone create (under /proc)', async () => {
    const r = await run(WRITE, box.dir, '/proc/self/integrate-data/integrate.db');
    expect(expectOneLine(r, 1)).toMatch(/Cannot create the data directory \/proc\/self\/integrate-data/);
  });

  it('a zero-byte file is a new, empty database: reads find nothing, a check-in creates the schema and is saved', async () => {
    const { file } = place('empty.db', (f) => fs.writeFileSync(f, '', { mode: 0o600 }));
    const list = await run(['list'], box.dir, file);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('');
    expect(list.stderr).toMatch(/^No entries yet\./);
    const saved = await runBinIn(['checkin', '--mood', '6', '--note', 'into the empty file'], box.dir, file); // the real bin
    expect(saved.code).toBe(0);
    expect(saved.stderr).toMatch(/^Saved check-in [0-9a-f]{8} \(mood 6\)\.\n$/);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare('SELECT text FROM entries').all()).toEqual([{ text: 'into the empty file' }]);
    db.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('hostile import files (bad input: exit 2, the database untouched)', () => {
  const cases: [string, (f: string) => void, string[]][] = [
    ['random bytes', (f) => fs.writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256))), []],
    ['random bytes as Daylio CSV', (f) => fs.writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 197 + 3) % 256))), ['--from', 'daylio']],
    ['a folder', (f) => fs.mkdirSync(f), []],
    ['JSON of another shape', (f) => fs.writeFileSync(f, '{"entries": 5}'), ['--from', 'jrnl']],
    ['an integrate file cut off mid-way', (f) => fs.writeFileSync(f, '{"format":"integrate","version":1,"entries":[{"id":"abcd1234-'), []],
  ];
  for (const [name, make, args] of cases) {
    it(name, async () => {
      const db = box.file(`import-target-${name.replace(/\W+/g, '-')}.db`);
      fs.copyFileSync(good, db);
      fs.chmodSync(db, 0o600);
      const input = box.file(`input-${name.replace(/\W+/g, '-')}`);
      make(input);
      const before = sha256(db);
      const r = await run(['import', input, ...args], box.dir, db);
      expectOneLine(r, 2);
      expect(sha256(db)).toBe(before);
      expect(fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0).toBe(0);
    });
  }
});
