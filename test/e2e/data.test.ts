// End-to-end for your data: doctor, backup, import, export and search run
// from the built bin against a temp INTEGRATE_DB, no TTY. Exit codes, stdout
// and stderr are asserted separately.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, ensureBuilt, makeSandbox, runBin, runInBundle, ROOT, type RunResult } from '../helpers/run-bin.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import');

let box: ReturnType<typeof makeSandbox>;

// Through the built main() in one process for the file (runInBundle); spawnRun is the real bin.
const run = (args: string[], db: string, input?: string) => runInBundle(args, box.dir, { input, env: { INTEGRATE_DB: db } });
const spawnRun = (args: string[], db: string, input?: string) => runBin(args, box.dir, { input, env: { INTEGRATE_DB: db } });
const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** One calm line on stderr: "integrate: ...", no stack trace. */
function expectOneLine(result: RunResult): string {
  expect(result.stderr).toMatch(/^integrate: [^\n]+\n$/);
  expect(result.stderr).not.toContain('    at ');
  return result.stderr;
}

function rowCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts_%' ORDER BY name`).all();
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

interface DoctorJson {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string; fixed?: boolean }[];
  counts: Record<string, number>;
}

let seed: string;

/** A copy, in its own folder, of a database with a little of everything that the bin made in beforeAll. */
function seeded(name: string): string {
  const db = box.file(`${name}/integrate.db`);
  fs.mkdirSync(path.dirname(db), { mode: 0o700 });
  fs.copyFileSync(seed, db);
  fs.chmodSync(db, 0o600);
  return db;
}

beforeAll(async () => {
  ensureBuilt();
  box = makeSandbox('integrate-e2e-data-');
  seed = box.file('seed/integrate.db');
  for (const args of [
    ['checkin', '--mood', '6', '--practice', 'yoga', '--tag', 'family', '--note', 'A walk with my sister'],
    ['checkin', '--mood', '4', '--note', 'Tired, but the breathing helped', '--date', 'yesterday 21:00'],
    ['session', 'add', '--route', 'iv', '--date', '2026-01-10 10:00', '--note', 'Strings, then silence'],
    ['intentions', 'add', 'Walk after lunch'],
  ]) {
    const r = await run(args, seed);
    if (r.code !== 0) throw new Error(`seeding failed: ${r.stderr}`);
  }
  // Every run closes the database, so the WAL has been folded into the file.
  if (fs.existsSync(`${seed}-wal`)) throw new Error('the seed database still has a WAL file');
}, 60_000);

afterAll(() => box?.cleanup());

describe('integrate doctor', () => {
  it('on a healthy database: exit 0, a line per check on stdout, nothing on stderr', async () => {
    const db = seeded('doctor-ok');
    const r = await run(['doctor'], db);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^ok  database +${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KB\\)$`));
    for (const name of ['schema', 'integrity', 'references', 'journal', 'file permissions']) {
      expect(r.stdout).toMatch(new RegExp(`^ok  ${name} `, 'm'));
    }
    expect(r.stdout).not.toContain('!!');
    expect(lines.at(-1)).toMatch(/^ {4}rows +entries 2, entry_metrics 2, entry_tags 1, entry_practices 1, entry_answers 0, sessions 1, intentions 1, drafts 0, safety_flags 0$/);
  });

  it('--json: the documented shape', async () => {
    const db = seeded('doctor-json');
    const r = await run(['doctor', '--json'], db);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DoctorJson;
    expect(Object.keys(report)).toEqual(['ok', 'checks', 'counts']);
    expect(report.ok).toBe(true);
    for (const c of report.checks) expect(Object.keys(c)).toEqual(['name', 'ok', 'detail']);
    expect(report.checks.find((c) => c.name === 'journal')!.detail).toMatch(/^wal, /);
    expect(report.counts).toMatchObject({ entries: 2, sessions: 1, intentions: 1 });
  });

  it('a database left readable by others is tightened when opened (and says so on stderr)', async () => {
    const db = seeded('doctor-loose');
    fs.chmodSync(db, 0o644);
    const r = await run(['doctor', '--json'], db);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Tightened permissions of .*integrate\.db from 644 to 600/);
    expect(mode(db)).toBe(0o600);
    expect((JSON.parse(r.stdout) as DoctorJson).checks.find((c) => c.name === 'file permissions')).toEqual({ name: 'file permissions', ok: true, detail: '600' });
  });

  it('something wrong: exit 1, marked !! on stdout, one line on stderr', async () => {
    const db = seeded('doctor-broken');
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF');
    raw.prepare(`INSERT INTO entry_tags (entry_id, tag) VALUES ('gone', 'orphan')`).run();
    raw.close();
    const r = await run(['doctor'], db);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^!!  references +1 broken references$/m);
    expect(expectOneLine(r)).toMatch(/Something needs attention \(marked !!\)\. Make a backup first/);
  });

  it('a column dropped by another tool: commands say so in one line and change nothing; backup still copies it; doctor names it', async () => {
    const db = seeded('doctor-column');
    const raw = new Database(db);
    raw.exec('ALTER TABLE entries DROP COLUMN starred');
    raw.close();
    const before = fs.readFileSync(db);
    const list = await spawnRun(['list'], db);
    expect(list.code).toBe(1);
    expect(list.stdout).toBe('');
    expect(expectOneLine(list)).toMatch(/lacks the column entries\.starred, .*Put back a copy of the database from before the change; integrate doctor shows the details, and integrate backup copies this file as it is\.$/m);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    const copy = box.file('doctor-column/copy.db');
    const backup = await spawnRun(['backup', copy], db);
    expect(backup.code).toBe(0);
    expect(rowCounts(copy).entries).toBe(2);
    const doctor = await spawnRun(['doctor', '--fix'], db);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^!! {2}table columns +entries\.starred: missing, so commands reading its table fail; put back a copy of the database from before the change$/m);
  });

  it('with no database yet: exit 0, says so, creates nothing', async () => {
    const db = box.file('doctor-none/integrate.db');
    const r = await run(['doctor'], db);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/does not exist yet/);
    expect(fs.existsSync(box.file('doctor-none'))).toBe(false);
  });
});

describe('integrate backup', () => {
  it('prints the path of a 0600 copy that passes integrity_check with the same rows', async () => {
    const db = seeded('backup-ok');
    const target = box.file('backup-ok/copy.db');
    const r = await run(['backup', target], db);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${target}\n`);
    expect(r.stderr).toBe('Backup written: ');
    expect(mode(target)).toBe(0o600);
    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    expect(rowCounts(target)).toEqual(rowCounts(db));
    // The copy is a working database: doctor is happy with it.
    const doctor = await run(['doctor', '--json'], target);
    expect(doctor.code).toBe(0);
    expect((JSON.parse(doctor.stdout) as DoctorJson).counts.entries).toBe(2);
  });

  it('without a file: a timestamped copy next to the database', async () => {
    const db = seeded('backup-default');
    const r = await run(['backup'], db);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${path.dirname(db).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/integrate-backup-\\d{8}-\\d{6}\\.db\\n$`));
    expect(mode(r.stdout.trim())).toBe(0o600);
  });

  it('never overwrites: exit 2, one line, the file untouched', async () => {
    const db = seeded('backup-exists');
    const target = box.file('backup-exists/precious.db');
    fs.writeFileSync(target, 'keep me');
    const r = await run(['backup', target], db);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(expectOneLine(r)).toContain('already exists; choose another name (a backup never overwrites a file)');
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('with no database: exit 2 and nothing created', async () => {
    const db = box.file('backup-none/integrate.db');
    const r = await run(['backup', box.file('backup-none-copy.db')], db);
    expect(r.code).toBe(2);
    expect(expectOneLine(r)).toMatch(/There is no database at .* yet, so nothing to back up\./);
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.existsSync(box.file('backup-none-copy.db'))).toBe(false);
  });
});

describe('output that cannot be written', () => {
  // /dev/full takes no bytes (ENOSPC), as a full disk would under `integrate export > backup.json`.
  it.skipIf(!fs.existsSync('/dev/full'))('a full disk under stdout: one line on stderr and exit 1, never a silent success', () => {
    const db = seeded('full-disk');
    for (const args of [['export'], ['list'], ['--version']]) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ${args.join(' ')} > /dev/full`], { env: { ...process.env, INTEGRATE_DB: db }, encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toBe('integrate: Could not write the output: the disk is full. What was written is incomplete.\n');
    }
    // A reader that stops early is still no error.
    const head = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" export | head -c 10 > /dev/null`], { env: { ...process.env, INTEGRATE_DB: db }, encoding: 'utf8' });
    expect(head.stderr).toBe('');
  });
});

describe('moving machines: export, import, search', () => {
  it('export --out then import into a new database gives the same export', async () => {
    const db = seeded('move-from');
    const out = box.file('move-from/everything.json');
    const exported = await run(['export', '--out', out], db);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toBe(`Exported 2 entries to ${out}\n`);
    expect(mode(out)).toBe(0o600);
    expect(fs.readdirSync(path.dirname(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const fresh = box.file('move-to/integrate.db');
    const imported = await run(['import', out], fresh);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe('Imported 2 entries and 1 sessions and 1 intentions; skipped 0 already there.\n');
    const again = await run(['export'], fresh);
    expect(again.code).toBe(0);
    const strip = (text: string) => ({ ...JSON.parse(text), exportedAt: null });
    expect(strip(again.stdout)).toEqual(strip(fs.readFileSync(out, 'utf8')));
  });

  it('import from stdin is idempotent; search finds the imported text', async () => {
    const db = box.file('jrnl/integrate.db');
    const input = fs.readFileSync(path.join(FIXTURES, 'jrnl.json'), 'utf8');
    const first = await run(['import', '-', '--from', 'jrnl'], db, input);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('Imported 4 entries; skipped 0 already there.\n');
    const second = await run(['import', '-', '--from', 'jrnl', '--json'], db, input);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ dryRun: false, added: 0, duplicates: 4, conflicts: 0, replaced: 0, sessionsAdded: 0, intentionsAdded: 0, safety: { risk: 0, mention: 0 }, warnings: [] });

    const found = await run(['search', 'grandmother'], db);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^[0-9a-f]{8} {2}2026-03-14 21:05 {2}journal\n {2}.*\[grandmother\]/);
    expect(found.stdout).not.toContain('\u001b');
  });

  it('a malformed file: exit 2, one line naming the record and field, the database unchanged', async () => {
    const db = seeded('malformed');
    const before = rowCounts(db);
    for (const [from, file, message] of [
      ['daylio', 'daylio-malformed.csv', /line 4: field "time"/],
      ['dayone', 'dayone-malformed.json', /entry 2 \(9F8E7D6C5B4A39281706F5E4D3C2B1A0\): field "creationDate"/],
    ] as const) {
      const r = await run(['import', path.join(FIXTURES, file), '--from', from], db);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(expectOneLine(r)).toMatch(message);
    }
    const unknown = await run(['import', path.join(FIXTURES, 'jrnl.json'), '--from', 'evernote'], db);
    expect(unknown.code).toBe(2);
    expect(expectOneLine(unknown)).toContain('--from must be one of integrate, jrnl, daylio, dayone; got "evernote".');
    expect(rowCounts(db)).toEqual(before);
  });

  it("integrate's own CSV export: exit 2, one line naming the JSON export, and no journal created", async () => {
    const source = seeded('csv-source');
    const csv = box.file('integrate-export.csv');
    expect((await run(['export', '--format', 'csv', '--out', csv], source)).code).toBe(0);
    const db = box.file('csv-never-created.db');
    for (const from of [[], ['--from', 'daylio']]) {
      const r = await run(['import', csv, ...from], db);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(expectOneLine(r)).toContain("is integrate's CSV export, which is made for spreadsheets and cannot be imported; to move your journal, use integrate export --format json and import that file. Nothing was imported.");
    }
    expect(fs.existsSync(db)).toBe(false);
  });

  it('an import that fails late in a long file leaves no new journal behind, and an existing one as it was', async () => {
    // Valid records first (well past the first chunk read before the journal opens), a broken one last.
    const good = Array.from({ length: 400 }, (_, i) => ({ date: '2026-01-01 10:00', title: `day ${i}`, body: 'a calm walk '.repeat(10), tags: [], starred: false }));
    const file = box.file('late-fault.json');
    fs.writeFileSync(file, JSON.stringify({ tags: {}, entries: [...good, { date: 'not a date', title: 'x', body: '', tags: [], starred: false }] }));
    expect(fs.statSync(file).size).toBeGreaterThan(64 * 1024);
    const db = box.file('late-fault-new.db');
    const r = await spawnRun(['import', file, '--from', 'jrnl'], db);
    expect(r.code).not.toBe(0);
    expect(expectOneLine(r)).toMatch(/not a date|date/i);
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    const existing = seeded('late-fault-existing');
    const before = rowCounts(existing);
    expect((await run(['import', file, '--from', 'jrnl'], existing)).code).not.toBe(0);
    expect(rowCounts(existing)).toEqual(before);
  });

  it('an FTS syntax error in a search: exit 2, one plain line', async () => {
    const db = seeded('search-error');
    for (const query of ['"unterminated', 'a AND']) {
      const r = await run(['search', query], db);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(expectOneLine(r)).toMatch(/I could not read the search/);
      expect(r.stderr).not.toMatch(/fts5|sqlite/i);
    }
  });

  it('export --format csv --out: a private file with the formula guard', async () => {
    const db = box.file('csv/integrate.db');
    expect((await run(['checkin', '--mood', '5', '--note', '=cmd|calc'], db)).code).toBe(0);
    const out = box.file('csv/entries.csv');
    const r = await run(['export', '--format', 'csv', '--out', out], db);
    expect(r.code).toBe(0);
    expect(mode(out)).toBe(0o600);
    const [header, row] = fs.readFileSync(out, 'utf8').split('\r\n');
    expect(header).toBe('id,date,time,utc_offset,kind,pack,mood,practices,tags,private,starred,text');
    expect(row!.endsWith(",checkin,,5,,,no,no,'=cmd|calc")).toBe(true);
  });
});
