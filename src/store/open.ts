// Opens the database safely: private permissions before SQLite ever touches
// the file, a header check so foreign or damaged files are never written to,
// a refusal for databases from a newer version, then pragmas and migrations.
import type { Database as Db } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DataError } from '../errors.js';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations/index.js';
import { openSqlite } from './sqlite.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

export interface OpenOptions {
  /** Create the file (and its directory) when missing. */
  create: boolean;
  /** Tighten an existing directory's permissions too (only for our own default data dir). */
  ownsDirectory: boolean;
  /** Called with a one-line notice, e.g. when permissions were tightened. */
  notice?: (message: string) => void;
}

export interface OpenedDatabase {
  db: Db;
  path: string;
  readonly: boolean;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENOENT':
      return 'that location does not exist and cannot be created';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return e.message ?? String(err);
  }
}

const MOVE_HINT = 'Choose another location with --db PATH or INTEGRATE_DB.';

/** mkdir -p, one level at a time: Node's recursive mkdir can spin forever on paths such as /proc/x. */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing) fs.mkdirSync(d, { mode: 0o700 });
}

function ensureDirectory(dir: string, opts: OpenOptions): void {
  try {
    makeDirectories(dir);
  } catch (err) {
    throw new DataError(`Cannot create the data directory ${dir}: ${describe(err)}. ${MOVE_HINT}`);
  }
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new DataError(`${dir} is not a directory. ${MOVE_HINT}`);
  if (opts.ownsDirectory && (stat.mode & 0o077) !== 0) {
    tighten(dir, 0o700, stat.mode, opts);
  }
}

function tighten(target: string, mode: number, current: number, opts: OpenOptions): void {
  try {
    fs.chmodSync(target, mode);
    opts.notice?.(`Tightened permissions of ${target} from ${(current & 0o777).toString(8)} to ${mode.toString(8)} so only you can read it.`);
  } catch (err) {
    opts.notice?.(`Warning: ${target} can be read by other users (mode ${(current & 0o777).toString(8)}) and could not be changed: ${describe(err)}.`);
  }
}

function newerVersion(file: string, version: number): DataError {
  return new DataError(
    `${file} was written by a newer version of integrate (schema ${version}; this version knows up to ${LATEST_VERSION}). Update integrate to open it; the file was left untouched.`,
  );
}

/** Page sizes SQLite accepts: a power of two from 512 to 32768, or 1 meaning 65536 (offset 16, big-endian). */
function validPageSize(raw: number): boolean {
  const size = raw === 1 ? 65_536 : raw;
  return size >= 512 && size <= 65_536 && (size & (size - 1)) === 0;
}

function checkHeader(file: string, size: number): void {
  if (size === 0) return; // a new, empty database
  const header = Buffer.alloc(100);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    fs.readSync(fd, header, 0, 100, 0);
  } catch (err) {
    throw new DataError(`Cannot read the database ${file}: ${describe(err)}.`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  // The same sanity checks SQLite makes on page 1 (magic, page size, fixed payload fractions),
  // done here so a damaged file is refused before anything, even its mode, is changed.
  if (
    size < 512 ||
    !header.subarray(0, 16).equals(SQLITE_HEADER) ||
    !validPageSize(header.readUInt16BE(16)) ||
    header[21] !== 64 || header[22] !== 32 || header[23] !== 32
  ) {
    throw new DataError(`${file} is not an integrate database (not a SQLite file, or damaged). It was left untouched. ${MOVE_HINT}`);
  }
  // user_version lives at offset 60: refuse a newer database before touching it (SQLite re-checks below).
  const version = header.readInt32BE(60);
  if (version > LATEST_VERSION) throw newerVersion(file, version);
}

/** Opens (creating when asked) the database at `file`; returns undefined when it is missing and create is false. */
export function openDatabase(file: string, opts: OpenOptions): OpenedDatabase | undefined {
  const absolute = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(absolute);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new DataError(`Cannot open the database ${absolute}: ${describe(err)}. ${MOVE_HINT}`);
    }
  }
  if (stat?.isDirectory()) throw new DataError(`${absolute} is a directory, not a database file. ${MOVE_HINT}`);
  if (!stat && !opts.create) return undefined;
  // Foreign or damaged files are refused before anything (even their mode) is changed.
  if (stat) checkHeader(absolute, stat.size);

  ensureDirectory(path.dirname(absolute), opts);
  if (!stat) {
    try {
      // Created 0600 before SQLite opens it: SQLite gives -wal/-shm the same mode.
      fs.closeSync(fs.openSync(absolute, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
      fs.chmodSync(absolute, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DataError(`Cannot create the database ${absolute}: ${describe(err)}. ${MOVE_HINT}`);
      }
    }
    stat = fs.statSync(absolute);
  } else if ((stat.mode & 0o077) !== 0) {
    tighten(absolute, stat.mode & 0o700, stat.mode, opts);
  }

  // No owner write bit means the user made it read-only on purpose; respect that even as root.
  const readonly = (stat.mode & 0o200) === 0;
  let db: Db;
  try {
    db = openSqlite(absolute, { readonly, fileMustExist: true });
  } catch (err) {
    throw new DataError(`Cannot open the database ${absolute}: ${(err as Error).message}.`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Savepoint journals and sort trees in memory, not in temp files: an import
    // writes each entry in its own savepoint, and with temp files 36,500 of them
    // cost about a third of the import. Only temporary data; the database and
    // its WAL are written exactly as before.
    db.pragma('temp_store = MEMORY');
    const version = schemaVersion(db);
    if (version > LATEST_VERSION) {
      throw newerVersion(absolute, version);
    }
    if (!readonly) {
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Deleted or edited words are overwritten, not left in free pages of the file.
      db.pragma('secure_delete = ON');
    }
    db.pragma('foreign_keys = ON');
    if (version < LATEST_VERSION) {
      if (readonly) {
        throw new DataError(`${absolute} is read-only and needs a schema upgrade. Make it writable (chmod u+w) and run the command again.`);
      }
      migrate(db);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, path: absolute, readonly };
}

/** A migrated in-memory database for tests. */
export function openMemoryDatabase(): Db {
  const db = openSqlite(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
