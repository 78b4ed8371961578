// Where the database lives, and what it is, decide whether integrate may open
// it (issue 15, items 2, 3, 13 and 15), run against the built bin:
// - another local user in a shared folder cannot get the journal written into
//   files they can read (two throwaway users, as root);
// - a database of another program is left exactly as it was;
// - a database on a read-only mount, or one its owner made read-only, can be
//   read by every reading command; writing fails with one line;
// - a trigger planted in the file never runs: opening refuses, doctor --fix
//   removes it after a backup.
// All nine reading commands run against each read-only database in one
// process (as the user, inside the mount); the refused check-in and the
// multi-user cases spawn the real bin each. Cases that need neither a user nor
// a mount run through the built bundle in one shared process (runInBundle).
import Database from 'better-sqlite3-multiple-ciphers';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BATCH, baseEnv, runInBundle, type RunResult } from '../helpers/run-bin.js';
import { makeUser, removeUser, whyNoUsers, type ThrowawayUser } from '../helpers/users.js';
import { appBin, removeAppBin, sha256, type Finished } from './support.js';

// Every case spawns several processes; shared CI machines can be slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const noUsers = whyNoUsers();
if (noUsers) console.warn(`database-place: multi-user and read-only-permission tests skipped: ${noUsers}`);

/** A mount namespace of our own, so a read-only bind mount needs no cleanup and is seen by nobody else. */
const canMount = !noUsers && spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs none /mnt'], { encoding: 'utf8' }).status === 0;
if (!noUsers && !canMount) console.warn('database-place: read-only mount test skipped: unshare -m / mount not permitted here');

let top: string;
/** A database with three check-ins, written once by the bin; each case takes a copy (see seed()). */
let template: string;
let templateId: string;

beforeAll(async () => {
  appBin();
  // Readable by the throwaway users (they run the bin from here and keep their homes below).
  top = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-place-'));
  fs.chmodSync(top, 0o755);
  const home = folder('template', 0o700);
  template = path.join(home, 'integrate.db');
  for (const mood of [4, 6, 7]) {
    const r = await inBundle(['checkin', '--mood', String(mood), '--note', `by the river, mood ${mood}`], template, home);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  const list = await inBundle(['list', '--json'], template, home);
  templateId = (JSON.parse(list.stdout) as { id: string }[])[0]!.id;
  // Every connection closed: the WAL is checkpointed into the file, which is whole on its own.
  for (const side of ['-wal', '-shm']) expect(fs.existsSync(template + side), side).toBe(false);
}, 60_000);

afterAll(() => {
  fs.rmSync(top, { recursive: true, force: true });
  removeAppBin();
});

interface RunOptions {
  as?: ThrowawayUser;
  input?: string;
  /** Run inside `unshare -m` with `ro` bind-mounted read-only from `src`. */
  readOnlyMount?: { src: string; ro: string };
}

/** The built bin with INTEGRATE_DB=db and a home of its own, as `as` when given. */
function run(args: string[], db: string, home: string, opts: RunOptions = {}): Promise<Finished> {
  return spawnAs([appBin(), ...args], db, home, opts);
}

/**
 * Each argv through the built main() in one process (BATCH from run-bin.ts),
 * as `as` and inside the mount like run(): for several reading commands on one
 * database, which need the user and the mount but not a process each.
 */
async function runEach(list: string[][], db: string, home: string, opts: RunOptions = {}): Promise<RunResult[]> {
  const main = pathToFileURL(path.join(path.dirname(path.dirname(appBin())), 'dist', 'main.js')).href;
  const r = await spawnAs(['--input-type=module', '-e', BATCH, main, JSON.stringify(list)], db, home, opts);
  if (r.code !== 0) throw new Error(`the batch exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as RunResult[];
}

/** The built bundle, in the one process this file shares (runInBundle), for cases that need no user, mount or process of their own. */
const inBundle = (args: string[], db: string, home: string) => runInBundle(args, home, { env: { INTEGRATE_DB: db } });

function spawnAs(nodeArgs: string[], db: string, home: string, opts: RunOptions): Promise<Finished> {
  const env = { ...baseEnv(home), INTEGRATE_DB: db };
  let command = process.execPath;
  let argv = nodeArgs;
  if (opts.readOnlyMount) {
    const { src, ro } = opts.readOnlyMount;
    command = 'unshare';
    argv = ['-m', 'sh', '-c', `mount --bind "$0" "$1" && mount -o remount,bind,ro "$1" && shift 1 && exec "$@"`, src, ro, process.execPath, ...argv];
  }
  const started = performance.now();
  const child = spawn(command, argv, { cwd: home, env, uid: opts.as?.uid, gid: opts.as?.gid, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
  });
}

/** One line, "integrate: …", nothing on stdout. */
function oneLine(r: RunResult, code: number): string {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^integrate: [^\n]+\n$/);
  expect(r.code, r.stderr).toBe(code);
  return r.stderr;
}

/** Names, owners, modes, sizes, mtimes and contents of everything in a folder. */
function snapshot(dir: string): string {
  return fs.readdirSync(dir).sort().map((f) => {
    const st = fs.lstatSync(path.join(dir, f));
    return `${f} ${st.uid} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${st.isFile() ? sha256(path.join(dir, f)) : ''}`;
  }).join('\n');
}

function folder(name: string, mode: number, owner?: ThrowawayUser): string {
  const dir = path.join(top, name);
  fs.mkdirSync(dir);
  fs.chmodSync(dir, mode);
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  return dir;
}

/** A file created by `user` itself (not by root on its behalf), with `mode`. */
function createAs(user: ThrowawayUser, file: string, mode: number): void {
  const r = spawnSync(process.execPath, ['-e', `const fs=require('fs');fs.writeFileSync(${JSON.stringify(file)},'');fs.chmodSync(${JSON.stringify(file)},${mode})`], { uid: user.uid, gid: user.gid, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

describe.runIf(!noUsers)('another local user and a shared folder (1777)', () => {
  let victim: ThrowawayUser;
  let attacker: ThrowawayUser;
  let victimHome: string;
  let attackerHome: string;

  beforeAll(() => {
    victim = makeUser('v');
    attacker = makeUser('a');
    victimHome = folder('victim-home', 0o700, victim);
    attackerHome = folder('attacker-home', 0o700, attacker);
  }, 60_000);

  afterAll(() => {
    removeUser(victim);
    removeUser(attacker);
  });

  it('the attacker pre-creates journal.db-wal (0666): the victim\'s check-in is refused, naming it; nothing is written into it', async () => {
    const shared = folder('shared-wal', 0o1777);
    const db = path.join(shared, 'journal.db');
    createAs(attacker, `${db}-wal`, 0o666);
    const before = snapshot(shared);
    const r = await run(['checkin', '--mood', '3', '--note', '-'], db, victimHome, { as: victim, input: 'what I told nobody' });
    expect(oneLine(r, 1)).toContain(`${db}-wal belongs to another user (uid ${attacker.uid})`);
    expect(snapshot(shared)).toBe(before);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('the attacker pre-creates an empty journal.db (0666): refused, naming it; the file stays empty and theirs', async () => {
    const shared = folder('shared-db', 0o1777);
    const db = path.join(shared, 'journal.db');
    createAs(attacker, db, 0o666);
    const before = snapshot(shared);
    for (const args of [['checkin', '--mood', '3', '--note', 'what I told nobody'], ['list']]) {
      const r = await run(args, db, victimHome, { as: victim });
      expect(oneLine(r, 1), args[0]).toContain(`${db} belongs to another user (uid ${attacker.uid})`);
    }
    expect(snapshot(shared)).toBe(before);
    expect(fs.statSync(db).size).toBe(0);
  });

  it('the victim\'s own database in the sticky folder works (0600, theirs); the attacker can neither open it nor plant a -wal beside it', async () => {
    const shared = folder('shared-own', 0o1777);
    const db = path.join(shared, 'journal.db');
    const saved = await run(['checkin', '--mood', '6', '--note', 'mine'], db, victimHome, { as: victim });
    expect(saved.code, saved.stderr).toBe(0);
    const st = fs.statSync(db);
    expect([st.uid, st.mode & 0o777]).toEqual([victim.uid, 0o600]);
    // The attacker opening it (e.g. with a copy of integrate) is refused before anything.
    expect(oneLine(await run(['list'], db, attackerHome, { as: attacker }), 1)).toMatch(/belongs to another user/);
    // A -wal planted while the victim is away: the victim's next command is refused.
    for (const side of ['-wal', '-shm']) fs.rmSync(db + side, { force: true });
    createAs(attacker, `${db}-wal`, 0o666);
    expect(oneLine(await run(['checkin', '--mood', '2'], db, victimHome, { as: victim }), 1)).toContain(`${db}-wal belongs to another user`);
    expect(fs.statSync(`${db}-wal`).size).toBe(0);
  });

  it('a folder others can write to without the sticky bit is refused, naming it; nothing is created', async () => {
    const open = folder('open-0777', 0o777);
    const db = path.join(open, 'journal.db');
    const r = await run(['checkin', '--mood', '3', '--note', 'x'], db, victimHome, { as: victim });
    expect(oneLine(r, 1)).toContain(`The folder ${open} can be written by other users (mode 777, no sticky bit)`);
    expect(fs.readdirSync(open)).toEqual([]);
  });

  it('doctor reports another user\'s file and a folder others can write to', async () => {
    const shared = folder('shared-doctor', 0o1777);
    const db = path.join(shared, 'journal.db');
    expect((await run(['checkin', '--mood', '6'], db, victimHome, { as: victim })).code).toBe(0);
    for (const side of ['-wal', '-shm']) fs.rmSync(db + side, { force: true });
    createAs(attacker, `${db}-shm`, 0o644);
    const r = await run(['doctor', '--json'], db, victimHome, { as: victim });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { checks: { name: string; ok: boolean; detail: string }[] };
    expect(report.checks.find((c) => c.name === 'owners')).toMatchObject({ ok: false, detail: expect.stringContaining(`${db}-shm belongs to another user`) });
    fs.chmodSync(shared, 0o777);
    const loose = JSON.parse((await run(['doctor', '--json'], db, victimHome, { as: victim })).stdout) as typeof report;
    expect(loose.checks.find((c) => c.name === 'folder')).toMatchObject({ ok: false, detail: expect.stringContaining('can be written by other users') });
  });
});

// ------------------------------------------------------------------ read-only databases

/** The reading commands of item 13, each expected to exit 0 with output on stdout. */
function readingCommands(id: string, backupTo: string): string[][] {
  return [
    ['list'], ['show', id.slice(0, 8)], ['search', 'river'], ['stats'], ['mood'],
    ['export', '--format', 'json'], ['summary', '--days', '30'], ['backup', backupTo], ['doctor'],
  ];
}

/** The template database as `db`: 0600, owned by `as` (or root), as integrate would have created it for them. */
function seed(db: string, as?: ThrowawayUser): string {
  fs.copyFileSync(template, db);
  fs.chmodSync(db, 0o600);
  if (as) fs.chownSync(db, as.uid, as.gid);
  return templateId;
}

async function expectReadsWork(db: string, home: string, id: string, opts: RunOptions, out: string): Promise<void> {
  // The reads share one process; the refused check-in is a real bin of its own.
  const list = readingCommands(id, path.join(out, `copy-${Math.random().toString(36).slice(2)}.db`));
  const results = await runEach(list, db, home, opts);
  list.forEach((args, i) => {
    expect(results[i]!.code, `${args.join(' ')}: ${results[i]!.stderr}`).toBe(0);
    expect(results[i]!.stdout, args.join(' ')).not.toBe('');
  });
  const w = await run(['checkin', '--mood', '2', '--note', 'not saved'], db, home, opts);
  expect(oneLine(w, 1)).toMatch(/is read-only \(.+\), so nothing was saved/);
}

describe.runIf(canMount)('a database on a read-only mount', () => {
  it('every reading command works (backup and doctor too); a check-in fails with one line; nothing changes', async () => {
    const home = folder('ro-home', 0o700);
    const src = folder('ro-src', 0o700);
    const ro = folder('ro-mnt', 0o700);
    const out = folder('ro-out', 0o700);
    const id = seed(path.join(src, 'integrate.db'));
    const before = snapshot(src);
    await expectReadsWork(path.join(ro, 'integrate.db'), home, id, { readOnlyMount: { src, ro } }, out);
    expect(snapshot(src)).toBe(before);
  }, 300_000);

  it('a backup is in rollback-journal mode, so it opens on read-only media with nothing beside it', async () => {
    const home = folder('bk-home', 0o700);
    const src = folder('bk-src', 0o700);
    const media = folder('bk-media', 0o700);
    const ro = folder('bk-mnt', 0o700);
    seed(path.join(src, 'integrate.db'));
    const copy = path.join(media, 'copy.db');
    expect((await run(['backup', copy], path.join(src, 'integrate.db'), home)).code).toBe(0);
    const header = fs.readFileSync(copy).subarray(18, 20);
    expect([...header]).toEqual([1, 1]); // file format versions 1: rollback journal, not WAL (2)
    const raw = new Database(copy, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
    const r = await run(['list'], path.join(ro, 'copy.db'), home, { readOnlyMount: { src: media, ro } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    expect(fs.readdirSync(media)).toEqual(['copy.db']);
  }, 120_000);
});

describe.runIf(!noUsers)('a database its owner made read-only (0400 in a 0500 folder), as a user the bits apply to', () => {
  let reader: ThrowawayUser;
  beforeAll(() => {
    reader = makeUser('r');
  }, 60_000);
  afterAll(() => removeUser(reader));

  it('every reading command works; a check-in fails with one line; nothing in the folder changes', async () => {
    const home = folder('perm-home', 0o700, reader);
    const data = folder('perm-data', 0o700, reader);
    const out = folder('perm-out', 0o700, reader);
    const db = path.join(data, 'integrate.db');
    const id = seed(db, reader);
    for (const side of ['-wal', '-shm']) expect(fs.existsSync(db + side), side).toBe(false);
    fs.chmodSync(db, 0o400);
    fs.chmodSync(data, 0o500);
    const before = snapshot(data);
    await expectReadsWork(db, home, id, { as: reader }, out);
    expect(snapshot(data)).toBe(before);
    fs.chmodSync(data, 0o700);
  }, 300_000);
});

// ------------------------------------------------------------------ what the file is

/** A Firefox-like history database: another program's, in WAL mode, with its own user_version. */
function placesLike(file: string, userVersion: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0);
    CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER, visit_date INTEGER);
    CREATE INDEX moz_places_url ON moz_places (url);
    INSERT INTO moz_places (url, title) VALUES ('https://example.org/', 'Example');
  `);
  db.pragma(`user_version = ${userVersion}`);
  db.close();
  fs.chmodSync(file, 0o644);
  fs.utimesSync(file, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
}

describe('a SQLite database of another program', () => {
  for (const userVersion of [77, 3]) {
    it(`(user_version ${userVersion}): list and checkin refuse it; its bytes, mode and mtime stay, nothing appears beside it`, async () => {
      const dir = folder(`places-${userVersion}`, 0o700);
      const file = path.join(dir, 'places.sqlite');
      placesLike(file, userVersion);
      const before = snapshot(dir);
      for (const args of [['list'], ['checkin', '--mood', '5', '--note', 'x'], ['doctor']]) {
        expect(oneLine(await inBundle(args, file, dir), 1), args[0]).toContain(`${file} is a SQLite database of another program`);
        expect(snapshot(dir), args[0]).toBe(before);
      }
    }, 60_000);
  }
});

describe('a newer schema still in a pending WAL', () => {
  it('is refused without checkpointing: the database file and its WAL keep every byte', async () => {
    const dir = folder('pending-wal', 0o700);
    const good = path.join(dir, 'good.db');
    seed(good);
    // A copy taken while a newer integrate had committed its schema to the WAL only.
    const db = new Database(good);
    db.pragma('wal_autocheckpoint = 0');
    const latest = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${latest + 1}`);
    const copy = path.join(dir, 'copy.db');
    fs.copyFileSync(good, copy);
    // All three files, as a copy of a live database has them (with the -shm, SQLite would checkpoint on close).
    for (const side of ['-wal', '-shm']) fs.copyFileSync(good + side, copy + side);
    db.close();
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.chmodSync(f, 0o600);
    const main = sha256(copy);
    const wal = sha256(`${copy}-wal`);
    // (Closed at once: a connection left open would keep any other from checkpointing on close.)
    const peek = new Database(copy, { readonly: true });
    expect(peek.pragma('user_version', { simple: true })).toBe(latest + 1);
    peek.close();
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.chmodSync(f, 0o600);
    for (const args of [['list'], ['checkin', '--mood', '5']]) {
      expect(oneLine(await inBundle(args, copy, dir), 1), args[0]).toMatch(/was written by a newer version of integrate/);
      expect(sha256(copy), args[0]).toBe(main);
      expect(sha256(`${copy}-wal`), args[0]).toBe(wal);
    }
  }, 60_000);
});

describe('a trigger planted in the database', () => {
  it('checkin refuses, doctor reports it, doctor --fix drops it after a backup; then mood 1 is stored as 1', async () => {
    const dir = folder('planted', 0o700);
    const file = path.join(dir, 'integrate.db');
    seed(file);
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER lift_mood AFTER INSERT ON entry_metrics WHEN new.name = 'mood' AND new.value = 1 BEGIN
      UPDATE entry_metrics SET value = 10 WHERE entry_id = new.entry_id AND name = 'mood'; END`);
    raw.close();

    const refused = await inBundle(['checkin', '--mood', '1', '--note', 'low'], file, dir);
    expect(oneLine(refused, 1)).toMatch(/contains trigger lift_mood, which integrate did not create.*integrate doctor --fix/);
    expect(oneLine(await inBundle(['list'], file, dir), 1)).toMatch(/trigger lift_mood/);

    const report = await inBundle(['doctor'], file, dir);
    expect(report.code).toBe(1);
    expect(report.stdout).toMatch(/!! +schema objects +trigger lift_mood: not created by integrate; run integrate doctor --fix/);

    const fixed = await inBundle(['doctor', '--fix'], file, dir);
    expect(fixed.code, fixed.stderr + fixed.stdout).toBe(0);
    const backup = fs.readdirSync(dir).find((f) => f.startsWith('integrate-before-fix-'));
    expect(backup).toBeDefined();
    expect(fixed.stdout).toContain(`removed trigger lift_mood; the database as it was is in ${path.join(dir, backup!)}`);
    const kept = new Database(path.join(dir, backup!), { readonly: true });
    expect(kept.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'lift_mood'").all()).toHaveLength(1);
    kept.close();

    const saved = await inBundle(['checkin', '--mood', '1', '--note', 'low', '--date', '2020-01-01 10:00'], file, dir);
    expect(saved.code, saved.stderr).toBe(0);
    const after = new Database(file, { readonly: true });
    const mood = after.prepare(`SELECT value FROM entry_metrics JOIN entries ON id = entry_id WHERE name = 'mood' AND entries.local_date = '2020-01-01'`).get() as { value: number };
    after.close();
    expect(mood.value).toBe(1);
  }, 120_000);
});
