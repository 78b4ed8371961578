// End to end for files integrate writes and reads (issue 15, items 1, 4, 6, 7,
// 11, 12, 14): the built bin, a temp INTEGRATE_DB, real signals and real races.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/open.js';
import { Store } from '../../src/store/index.js';
import { BIN, baseEnv, ensureBuilt, makeSandbox, runBin, type RunResult } from '../helpers/run-bin.js';
import { depth } from '../helpers/runs.js';

// Each test spawns the bin several times; on a busy machine one spawn can take seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let box: ReturnType<typeof makeSandbox>;
let db: string;

const run = (args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}) =>
  runBin(args, opts.cwd ?? box.dir, { input: opts.input, env: { INTEGRATE_DB: db, ...opts.env } });
const hash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectOneLine(result: RunResult, pattern: RegExp): void {
  expect(result.stderr).toMatch(/^integrate: [^\n]+\n$/);
  expect(result.stderr).toMatch(pattern);
}

/** Hidden temp files of ours in a folder. */
const temps = (dir: string) => fs.readdirSync(dir).filter((n) => /^\..*\.(tmp|partial)(-journal)?$/.test(n));

beforeAll(async () => {
  ensureBuilt();
  box = makeSandbox('integrate-outputs-');
  db = box.file('journal.db');
  const first = await run(['checkin', '--mood', '6', '--note', 'the journal that must survive']);
  expect(first.code).toBe(0);
});

afterAll(() => box.cleanup());

describe('item 1: no output path may be the journal', () => {
  // Each command and each kind of companion once in npm test (test/unit/outputs.test.ts
  // checks every name in-process); every pair in npm run test:deep.
  const targets = () => depth([
    ['export', '--format', 'csv', '--out', db],
    ['export', '--out', `${db}-shm`],
    ['summary', '--days', '30', '--out', `${db}-wal`],
    ['backup', `${db}-journal`],
  ], [
    ['export', '--format', 'csv', '--out', db],
    ['export', '--out', `${db}-wal`],
    ['export', '--out', `${db}-shm`],
    ['export', '--out', `${db}-journal`],
    ['summary', '--days', '30', '--out', db],
    ['summary', '--days', '30', '--out', `${db}-wal`],
    ['backup', `${db}-wal`],
    ['backup', `${db}-journal`],
  ]);

  it('refuses the database and its companions for export, summary and backup: exit 2, one line, journal unchanged', async () => {
    for (const args of targets()) {
      const before = hash(db);
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expectOneLine(result, /Refusing to write to .*journal database/);
      expect(hash(db)).toBe(before);
      expect(fs.existsSync(`${db}-journal`)).toBe(false);
    }
    const list = await run(['list', '--json']);
    expect(JSON.parse(list.stdout)[0].text).toBe('the journal that must survive');
  });

  it('sees through links: a symlink, a hard link and a relative path to the database are refused too', async () => {
    fs.symlinkSync(db, box.file('alias.db'));
    fs.linkSync(db, box.file('hard.db'));
    const before = hash(db);
    for (const out of ['alias.db', 'hard.db', './journal.db', `${box.dir}/./sub/../journal.db`]) {
      const result = await run(['export', '--out', out]);
      expect(result.code, out).toBe(2);
      expectOneLine(result, /journal database itself/);
    }
    expect(hash(db)).toBe(before);
    expect(fs.lstatSync(box.file('alias.db')).isSymbolicLink()).toBe(true);
    fs.rmSync(box.file('alias.db'));
    fs.rmSync(box.file('hard.db'));
  });

  it('refuses a temp file integrate is writing as a target', async () => {
    const result = await run(['export', '--out', '.copy.db.12345.0123456789ab.partial']);
    expect(result.code).toBe(2);
    expectOneLine(result, /temporary file integrate is writing/);
  });
});

describe('item 4 (--out): FIFOs, devices and stdout', () => {
  it('--out - writes to stdout', async () => {
    const result = await run(['export', '--format', 'csv', '--out', '-']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('the journal that must survive');
    expect(result.stderr).toBe('');
  });

  it('--out onto a character device writes to the device and leaves it a device with its mode', async () => {
    // As root, a private null device (a regression must not replace the system's /dev/null); otherwise /dev/null itself.
    let device = '/dev/null';
    if (process.getuid?.() === 0) {
      device = box.file('null-device');
      execFileSync('mknod', ['-m', '666', device, 'c', '1', '3']);
    }
    const before = fs.statSync(device);
    const result = await run(['export', '--out', device]);
    expect(result.code, result.stderr).toBe(0);
    const after = fs.statSync(device);
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.mode).toBe(before.mode);
  });

  it('writes into an existing FIFO that has a reader, and refuses one without a reader instead of hanging', async () => {
    const fifo = box.file('pipe');
    execFileSync('mkfifo', [fifo]);
    const none = await run(['export', '--out', fifo]);
    expect(none.code).toBe(2);
    expectOneLine(none, /FIFO and nothing is reading/);
    // The reader: this process, without blocking (the export is small enough for the pipe's buffer).
    const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const result = await run(['export', '--format', 'csv', '--out', fifo]);
    const buf = Buffer.alloc(65_536);
    const got = buf.subarray(0, fs.readSync(reader, buf)).toString('utf8');
    fs.closeSync(reader);
    expect(result.code, result.stderr).toBe(0);
    expect(got).toContain('the journal that must survive');
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    expect(temps(box.dir)).toEqual([]);
    fs.rmSync(fifo);
  }, 60_000);

  it('refuses a backup onto stdout or a device', async () => {
    for (const target of ['-', '/dev/null']) {
      const result = await run(['backup', target]);
      expect(result.code, target).toBe(2);
      expectOneLine(result, /A backup is a database file/);
    }
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('item 12 (part): long --out names', () => {
  it('writes a 240-character name (the temp name beside it is kept short)', async () => {
    const name = `${'a'.repeat(236)}.csv`;
    const result = await run(['export', '--format', 'csv', '--out', name]);
    expect(result.code).toBe(0);
    expect(fs.readFileSync(box.file(name), 'utf8')).toContain('the journal that must survive');
    fs.rmSync(box.file(name));
  });

  it('refuses a name longer than the file system allows with one line and exit 2', async () => {
    for (const args of [['export', '--out', `${'b'.repeat(300)}.json`], ['summary', '--out', `${'c'.repeat(300)}.md`], ['backup', `${'d'.repeat(300)}.db`]]) {
      const result = await run(args);
      expect(result.code, args[0]).toBe(2);
      expectOneLine(result, /too long/);
    }
  });
});

describe('item 7: a backup never overwrites', () => {
  // 4 trials in npm test, 16 in npm run test:deep.
  const TRIALS = depth(4, 16);
  it(`of two simultaneous backups to the same name exactly one succeeds, in every one of ${TRIALS} trials`, async () => {
    const dir = fs.mkdtempSync(path.join(box.dir, 'race-'));
    for (let trial = 0; trial < TRIALS; trial++) {
      const target = path.join(dir, `race-${trial}.db`);
      const results = await Promise.all([run(['backup', target]), run(['backup', target])]);
      const codes = results.map((r) => r.code).sort();
      expect(codes, `trial ${trial}: ${results.map((r) => r.stderr).join(' | ')}`).toEqual([0, 2]);
      expect(results.find((r) => r.code === 2)!.stderr).toMatch(/already exists.*never overwrites|is writing a backup to/);
      expect(temps(dir)).toEqual([]);
    }
    // Each surviving backup is a whole database with the entry.
    const check = await runBin(['list', '--json'], box.dir, { env: { INTEGRATE_DB: path.join(dir, 'race-0.db') } });
    expect(JSON.parse(check.stdout)[0].text).toBe('the journal that must survive');
  }, 120_000);
});

describe('item 14: JSON output escapes control characters', () => {
  it('list --json carries C1 and bidi characters as \\u escapes and still parses to the stored text', async () => {
    const text = 'a\u009b31mred \u202eevil\u202c \u2066x\u2069 e\u001b[2J';
    const add = await run(['checkin', '--mood', '5', '--note', '-'], { input: text });
    expect(add.code).toBe(0);
    const result = await run(['list', '--json']);
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(result.stdout).toContain('\\u009b');
    expect(result.stdout).toContain('\\u202e');
    const texts = (JSON.parse(result.stdout) as { text: string }[]).map((e) => e.text);
    expect(texts).toContain(text);
  });
});

describe('item 11: sizes', () => {
  it('refuses a note over 1 MB with the limit named, saving nothing', async () => {
    const before = (JSON.parse((await run(['list', '--json'])).stdout) as unknown[]).length;
    const result = await run(['checkin', '--mood', '5', '--note', '-'], { input: 'x'.repeat(1024 * 1024 + 10) });
    expect(result.code).toBe(2);
    expectOneLine(result, /at most 1 MB per entry/);
    expect((JSON.parse((await run(['list', '--json'])).stdout) as unknown[]).length).toBe(before);
  });

  it('refuses /dev/zero as an answers file or an import before reading it', async () => {
    for (const args of [['journal', 'daily', '--answers', '/dev/zero'], ['assess', 'phq9', '--answers', '/dev/zero'], ['import', '/dev/zero']]) {
      const started = Date.now();
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expectOneLine(result, /it is a device, not a file/);
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  });

  it('refuses an answers file larger than its limit by its size', async () => {
    const big = box.file('big.yaml');
    fs.writeFileSync(big, `mood: 5\nnote: ${'y'.repeat(5 * 1024 * 1024)}\n`);
    const result = await run(['journal', 'daily', '--answers', big]);
    expect(result.code).toBe(2);
    expectOneLine(result, /answers file .* is 5 MB; at most 4 MB is read/);
  });
});

describe('items 6 and 11: interrupts and stale temp files on a large journal', () => {
  let big: string;
  const bigEnv = () => ({ INTEGRATE_DB: big });

  beforeAll(async () => {
    // 12,000 entries of ~6 KB: an export of about 75 MB, long enough to be killed midway.
    big = box.file('big.db');
    const opened = openDatabase(big, { create: true, ownsDirectory: false, notice: () => {} })!;
    const store = new Store(opened.db, opened.path);
    const words = 'calm river breath heavy light tea mother rain quiet walk felt '.repeat(60);
    store.db.transaction(() => {
      for (let i = 0; i < 12_000; i++) {
        const day = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000 * 6);
        store.entries.insert({
          id: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, createdAt: day.toISOString(), utcOffset: 60,
          localDate: day.toISOString().slice(0, 10), kind: 'checkin', pack: null, private: false, starred: false,
          text: `${i} ${words}`, metrics: { mood: i % 11 }, practices: [], tags: [],
        });
      }
    })();
    // One note of 3 MB that repeats the searched word 220,000 times (as stored before the cap existed; the index follows by trigger).
    store.db.prepare(`UPDATE entries SET text = ? WHERE id = ?`).run('so I felt it. '.repeat(220_000), '00000000-0000-4000-8000-000000000000');
    store.close();
  }, 120_000);

  /** Spawns the bin, sends `signal` once a temp file of ours appears in `dir`, and resolves with the outcome. */
  function killMidway(args: string[], dir: string, signal: NodeJS.Signals): Promise<RunResult & { sawTemp: boolean }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: box.dir, env: { ...baseEnv(box.dir), ...bigEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let sawTemp = false;
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const poll = setInterval(() => {
        if (!sawTemp && temps(dir).length) {
          sawTemp = true;
          setTimeout(() => child.kill(signal), 150);
        }
      }, 10);
      child.on('error', reject);
      child.on('close', (code) => {
        clearInterval(poll);
        resolve({ code, stdout, stderr, sawTemp });
      });
    });
  }

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]] as const) {
    it(`${signal} during export --out removes the temp file and exits ${code} with one line`, async () => {
      const dir = fs.mkdtempSync(path.join(box.dir, 'sig-'));
      const out = path.join(dir, 'all.json');
      const result = await killMidway(['export', '--out', out], dir, signal);
      expect(result.sawTemp).toBe(true);
      expect(result.code, result.stderr).toBe(code);
      expectOneLine(result, /Stopped by .* before the export was complete/);
      expect(fs.readdirSync(dir)).toEqual([]);
    }, 60_000);
  }

  it('SIGTERM during backup removes the .partial and exits 143', async () => {
    const dir = fs.mkdtempSync(path.join(box.dir, 'bk-'));
    const result = await killMidway(['backup', path.join(dir, 'copy.db')], dir, 'SIGTERM');
    expect(result.sawTemp).toBe(true);
    expect(result.code, result.stderr).toBe(143);
    expectOneLine(result, /Stopped by SIGTERM before the backup was complete/);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('a temp file left by a killed run (its process is gone) is removed by the next write to that name', async () => {
    const dir = fs.mkdtempSync(path.join(box.dir, 'stale-'));
    // A process that has ended: its pid is free.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('close', r));
    const stale = path.join(dir, `.all.json.${dead.pid}.0123456789ab.tmp`);
    const legacy = path.join(dir, '.all.json.abcdefabcdef.tmp');
    fs.writeFileSync(stale, 'private words');
    fs.writeFileSync(legacy, 'private words');
    fs.utimesSync(legacy, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 2 * 3_600_000));
    const other = path.join(dir, `.other.json.${dead.pid}.0123456789ab.tmp`);
    fs.writeFileSync(other, 'not for this target');
    const result = await run(['export', '--format', 'csv', '--out', path.join(dir, 'all.json')]);
    expect(result.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['.other.json.' + dead.pid + '.0123456789ab.tmp', 'all.json']);
  });

  it('search over a 3 MB note repeating the word answers in seconds, with a linear snippet', async () => {
    const started = Date.now();
    const result = await runBin(['search', 'felt', '--limit', '3', '--json'], box.dir, { env: bigEnv() });
    const took = Date.now() - started;
    expect(result.code, result.stderr).toBe(0);
    const hits = JSON.parse(result.stdout) as { snippet: string }[];
    expect(hits.length).toBe(3);
    expect(hits.some((h) => h.snippet.includes('[felt]'))).toBe(true);
    expect(took).toBeLessThan(20_000);
  }, 60_000);
});
