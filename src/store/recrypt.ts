// Encrypting, re-keying and decrypting a database as a whole, so that a
// SIGKILL at any moment leaves either the old file or the new one complete
// at the database's name, never neither:
//  1. the database goes to rollback-journal mode with an exclusive lock (this
//     fails when another integrate has it open; its -wal is folded in first),
//  2. VACUUM INTO a fresh 0600 temp file beside it (same key as the source;
//     4 KiB pages when the copy is to be encrypted),
//  3. the temp is re-keyed (PRAGMA rekey: to the new passphrase, or to none),
//  4. verified: the new key opens it, integrity_check is ok, and every table
//     has the same number of rows as in the source; set to WAL and fsynced,
//  5. renamed over the database in one step, and the folder fsynced.
// Until 5 the database is untouched (a stale temp is removed next time);
// after it, the new file is in place. The old file's blocks are freed by the
// file system, not overwritten: copies elsewhere (backups, snapshots) are the
// user's to delete (README, docs/encryption.md).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { DataError } from '../errors.js';
import { removeStaleTemps, syncFolder, tempPathFor } from '../files.js';
import { trackTemp, untrackTemp } from '../interrupt.js';
import { applyKey, CIPHER, keyOpens, rekey, type Key } from './cipher.js';
import { isBusy, openSqlite } from './sqlite.js';

/** The named moments of a change, in order (tests stop the process at each). */
export const RECRYPT_STEPS = ['locked', 'copied', 'rekeyed', 'verified', 'synced', 'swapped', 'done'] as const;
export type RecryptStep = (typeof RECRYPT_STEPS)[number];

export interface RecryptOptions {
  /** The open connection to the database (unlocked when encrypted); closed at the end. */
  db: Database;
  /** Its real path. */
  file: string;
  /** The key the source is opened with (undefined when plaintext). */
  from?: Key;
  /** The new passphrase; '' stores it as plaintext. */
  to: string;
  /** Called at each step (tests stop the process there). */
  step?: (name: RecryptStep) => void;
}

/** Row counts of every table: the copy must hold what the source holds. */
function counts(db: Database): Map<string, number> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  return new Map(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n]));
}

function busy(file: string): DataError {
  return new DataError(`Another integrate is using ${file} right now; close it (and any running check-in) and try again. Nothing was changed.`);
}

/** Takes the database for this process alone, with its WAL folded into the file. */
function takeExclusively(db: Database, file: string): void {
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() !== 'delete') throw busy(file);
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    if (err instanceof DataError) throw err;
    if (isBusy(err)) throw busy(file);
    throw err;
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Re-writes the database encrypted with `to` (or plaintext when `to` is ''); returns the verified row counts. */
export function recrypt(opts: RecryptOptions): Map<string, number> {
  const { db, file, step = () => {} } = opts;
  removeStaleTemps(file);
  takeExclusively(db, file);
  step('locked');
  const expected = counts(db);
  const temp = tempPathFor(file, 'partial');
  trackTemp(temp);
  try {
    fs.closeSync(fs.openSync(temp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
    // An encrypted copy has the cipher's page size, whatever the source's (a plaintext journal made
    // since December 2026 has 8 KiB pages; SQLCipher 4, and other tools reading the file, expect 4 KiB).
    // SQLite writes the copy with the page size asked for before VACUUM INTO.
    if (opts.to) db.pragma(`page_size = ${CIPHER.pageSize}`);
    db.prepare('VACUUM INTO ?').run(temp);
    step('copied');

    const copy = openSqlite(temp, { fileMustExist: true });
    try {
      if (opts.from) applyKey(copy, opts.from);
      copy.pragma('journal_mode = DELETE');
      rekey(copy, opts.to);
    } finally {
      copy.close();
    }
    fs.rmSync(`${temp}-journal`, { force: true });
    step('rekeyed');

    const check = openSqlite(temp, { fileMustExist: true });
    try {
      if (opts.to) applyKey(check, { passphrase: opts.to });
      if (!keyOpens(check)) throw new DataError(`The new copy of ${file} did not open with the new key; nothing was changed.`);
      if (opts.to && check.pragma('page_size', { simple: true }) !== CIPHER.pageSize) {
        throw new DataError(`The new copy of ${file} does not have ${CIPHER.pageSize}-byte pages; nothing was changed.`);
      }
      const integrity = check.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new DataError(`The new copy of ${file} failed its integrity check (${String(integrity)}); nothing was changed.`);
      const got = counts(check);
      for (const [table, n] of expected) {
        if (got.get(table) !== n) throw new DataError(`The new copy of ${file} has ${got.get(table) ?? 0} rows in ${table} instead of ${n}; nothing was changed.`);
      }
      step('verified');
      check.pragma('journal_mode = WAL');
    } finally {
      check.close();
    }
    fsyncFile(temp);
    step('synced');

    fs.renameSync(temp, file);
    step('swapped');
    syncFolder(path.dirname(file));
  } finally {
    fs.rmSync(temp, { force: true });
    for (const side of ['-wal', '-shm', '-journal']) fs.rmSync(temp + side, { force: true });
    untrackTemp(temp);
    db.close();
  }
  step('done');
  return expected;
}

/** `recrypt` on a store's own connection and file (commands hold a Store, never its handle). */
export function recryptStore(store: { db: Database; path: string }, opts: Omit<RecryptOptions, 'db' | 'file'>): Map<string, number> {
  return recrypt({ ...opts, db: store.db, file: store.path });
}
