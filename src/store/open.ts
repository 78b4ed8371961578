// Opens the database safely, in this order, so that nothing is touched until
// every check has passed (docs/database.md):
//  1. the place: the database and its -wal/-shm/-journal are regular files of
//     this user; the folder is not writable by others (unless sticky);
//  2. the identity, read-only: integrate's application_id (or the tables of an
//     integrate database from before it), not newer than this code, also when
//     the newer schema is still in a pending WAL (never checkpointed);
//  3. private permissions, tightened before SQLite writes anything;
//  4. read-only when the file, its folder or the file system cannot be written;
//  5. no trigger, view, table or index integrate did not create;
//  6. pragmas and migrations.
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { APPLICATION_ID } from './migrations/008-application-id.js';
import { APPLICATION_ID_VERSION, LATEST_VERSION, migrate, readableAsIs } from './migrations/index.js';
import { describeObjects, foreignObjects, loadSqlite, looksLikeIntegrate, missingObjects, readSchema, requiredMissing, type SchemaInfo } from './schema.js';
import { isBusy, openSqlite } from './sqlite.js';
import { blockingChanges, changedTables, describeColumns } from './table-columns.js';
import { applyKey, cutShort, fileKind, keyOpens, wrongKey, type Key, type KeySource } from './cipher.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

export interface OpenOptions {
  /** Create the file (and its directory) when missing. */
  create: boolean;
  /** Tighten an existing directory's permissions too (only for our own default data dir). */
  ownsDirectory: boolean;
  /** The command will write: when the database can only be read, refuse up front with one line (otherwise it opens read-only). */
  write?: boolean;
  /** For `doctor`: open even with objects integrate did not create, so they can be reported and dropped. */
  allowForeignObjects?: boolean;
  /** Called with a one-line notice, e.g. when permissions were tightened. */
  notice?: (message: string) => void;
  /** Keys for an encrypted database (passphrase file, keyring, prompt); without it an encrypted database is refused. */
  keys?: KeySource;
  /** The command encrypts the database: a named passphrase file is for that, not a note that it went unused. */
  plainExpected?: boolean;
}

export interface OpenedDatabase {
  db: Db;
  path: string;
  readonly: boolean;
  /** Why it was opened read-only, e.g. "the file has no write permission". */
  readonlyReason?: string;
  /** Read from a private copy in memory: the folder cannot hold SQLite's -wal/-shm files. */
  inMemory?: boolean;
  /** Encrypted at rest (src/store/cipher.ts), opened with `key`. */
  encrypted?: boolean;
  key?: Key;
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

/**
 * The page size of a new plaintext journal. 8 KiB rather than SQLite's 4 KiB: an import of 36,500
 * entries into it is 0.4-0.5 s faster (half the b-tree pages for its indexes and search index to
 * build), reads as fast. The size is fixed once the first table exists: journals made before keep
 * 4 KiB, and `integrate encrypt` writes its copy with the cipher's 4 KiB pages (recrypt.ts).
 */
export const PLAIN_PAGE_SIZE = 8192;

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
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: 0o700 });
    } catch (err) {
      // Another integrate starting at the same moment made it first: fine if it is a folder (checked next).
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
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

/** chmod to `mode`; true when it worked. A failure is only a notice here: the caller decides whether it is fatal. */
function tighten(target: string, mode: number, current: number, opts: OpenOptions): boolean {
  try {
    fs.chmodSync(target, mode);
    opts.notice?.(`Tightened permissions of ${target} from ${(current & 0o777).toString(8)} to ${mode.toString(8)} so only you can read it.`);
    return true;
  } catch (err) {
    opts.notice?.(`Warning: ${target} can be read by other users (mode ${(current & 0o777).toString(8)}) and could not be changed: ${describe(err)}.`);
    return false;
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

/** SQLite's companions of a database file; each exists only at times. */
const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/** Removes a (closed) database file and its companions; only for a journal that was just created and holds nothing. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) fs.rmSync(file + suffix, { force: true });
}

/** This process's user, where the platform has one (not on Windows). */
const currentUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function lstatIfThere(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataError(`Cannot open the database ${file}: ${describe(err)}. ${MOVE_HINT}`);
  }
}

const octal = (mode: number) => (mode & 0o7777).toString(8);

interface Target {
  /** The path as given, made absolute: what messages name. */
  absolute: string;
  /** Links resolved, as SQLite resolves them: where the file and its -wal/-shm really are. */
  real: string;
  stat?: fs.Stats;
}

function resolveTarget(absolute: string): Target {
  const own = lstatIfThere(absolute);
  if (own?.isSymbolicLink()) {
    try {
      const real = fs.realpathSync(absolute);
      return { absolute, real, stat: fs.statSync(real) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ELOOP') throw new DataError(`Cannot open the database ${absolute}: ${describe(err)}. ${MOVE_HINT}`);
      let to = '';
      try {
        to = fs.readlinkSync(absolute);
      } catch {
        // gone meanwhile; the message still says what is wrong
      }
      throw new UsageError(
        `${absolute} is a symbolic link to ${to || 'nothing'}, which does not exist${code === 'ELOOP' ? ' (the links go round in a circle)' : ''}. Point --db or INTEGRATE_DB at the database file itself, or fix the link.`,
      );
    }
  }
  let real = absolute;
  try {
    real = path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch {
    // the folder does not exist yet: it is created as given
  }
  return { absolute, real, stat: own };
}

/** The folder's group is this user's own private group (the usual setup where folders are 0775), with no other members. */
function ownPrivateGroup(gid: number): boolean {
  if (typeof process.getgid !== 'function' || gid !== process.getgid()) return false;
  try {
    const user = os.userInfo().username;
    const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
    if (!line) return false;
    const [name, , , members = ''] = line.split(':');
    return name === user && members.split(',').filter(Boolean).every((m) => m === user);
  } catch {
    return false;
  }
}

function writeBlocked(target: string): string | undefined {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

/** What makes the place of a database unsafe, one finding per line; `check` groups them for doctor. */
export interface PlaceProblem {
  check: 'owners' | 'folder';
  message: string;
}

function folderProblem(dir: string, uid: number): PlaceProblem | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    return undefined; // created 0700 before the database is
  }
  const othersWrite = (st.mode & 0o002) !== 0 || ((st.mode & 0o020) !== 0 && !ownPrivateGroup(st.gid));
  // Sticky: others may add files but not remove or rename ours; the ownership checks do the rest.
  if (othersWrite && (st.mode & 0o1000) === 0 && writeBlocked(dir) !== 'EROFS') {
    return {
      check: 'folder',
      message: `The folder ${dir} can be written by other users (mode ${octal(st.mode)}, no sticky bit), so they could swap the database or its -wal/-shm files. Nothing was changed. Keep the database in a private folder (chmod go-w ${dir}, or the default location).`,
    };
  }
  if (st.uid !== uid && st.uid !== 0) {
    return {
      check: 'folder',
      message: `The folder ${dir} belongs to another user (uid ${st.uid}), who could replace the database or its -wal/-shm files. Nothing was changed. ${MOVE_HINT}`,
    };
  }
  return undefined;
}

function fileProblem(file: string, st: fs.Stats, uid: number): PlaceProblem | undefined {
  if (!st.isFile()) {
    return { check: 'owners', message: `${file} is ${kindOf(st)}, not a regular file: SQLite would write your journal through it. Nothing was changed. Remove it if you did not put it there.` };
  }
  if (st.uid !== uid) {
    return {
      check: 'owners',
      message: `${file} belongs to another user (uid ${st.uid}), who could read what you write into it. Nothing was changed. Remove it if you did not put it there, or ${MOVE_HINT.charAt(0).toLowerCase()}${MOVE_HINT.slice(1)}`,
    };
  }
  return undefined;
}

function placeProblemsAt(real: string, stat: fs.Stats | undefined, folder: boolean): PlaceProblem[] {
  const uid = currentUid();
  if (uid === undefined) return [];
  const problems: PlaceProblem[] = [];
  if (folder) {
    const f = folderProblem(path.dirname(real), uid);
    if (f) problems.push(f);
  }
  const files: [string, fs.Stats | undefined][] = [[real, stat], ...SIDE_FILES.map((s): [string, fs.Stats | undefined] => [real + s, lstatIfThere(real + s)])];
  for (const [file, st] of files) {
    const p = st && fileProblem(file, st, uid);
    if (p) problems.push(p);
  }
  return problems;
}

/** For doctor: the same checks openDatabase makes before opening, as findings instead of an error. */
export function placeProblems(file: string): PlaceProblem[] {
  const { real, stat } = resolveTarget(path.resolve(file));
  return placeProblemsAt(real, stat, true);
}

function refuse(problems: PlaceProblem[]): void {
  if (problems.length) throw new DataError(problems[0]!.message);
}

function notOurs(file: string, why: string): DataError {
  return new DataError(`${file} is a SQLite database of another program (${why}), not an integrate database. It was left untouched. ${MOVE_HINT}`);
}

const sizeOf = (file: string) => lstatIfThere(file)?.size ?? 0;

/** Changes committed to the -wal but not yet copied into the database file. */
const walPending = (real: string) => sizeOf(`${real}-wal`) > 0;

function judge(file: string, info: SchemaInfo): void {
  if (info.appId !== 0 && info.appId !== APPLICATION_ID) throw notOurs(file, `application_id 0x${info.appId.toString(16)}`);
  if (info.appId === APPLICATION_ID) {
    if (info.version > LATEST_VERSION) throw newerVersion(file, info.version);
    return;
  }
  if (info.version === 0 && info.objects.length === 0) return; // an empty SQLite database: nothing in it yet
  if (!looksLikeIntegrate(info, APPLICATION_ID_VERSION - 1)) {
    const tables = info.objects.filter((o) => o.type === 'table').map((o) => o.name);
    throw notOurs(file, `no integrate application_id${tables.length ? `; tables ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}` : ''}`);
  }
}

/** Through SQLite, read-only, WAL included: a read-only connection never checkpoints, so the file stays as it is. */
function inspectWithWal(file: string): SchemaInfo {
  const Database = loadSqlite();
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return readSchema(db);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')) {
      throw new DataError(`${file}-wal holds changes not yet in ${file}, and SQLite can read them only where it may create ${path.basename(file)}-shm beside them. Nothing was changed. Copy the database and its -wal file to a writable folder and open the copy there.`);
    }
    throw err;
  } finally {
    db?.close();
  }
}

/** A private copy in memory, for reading a database without SQLite touching the file or its folder. */
function memoryCopy(file: string): Db {
  const bytes = fs.readFileSync(file);
  // Memory databases have no WAL: mark the copy as a rollback-journal database (header offsets 18 and 19).
  if (bytes[18] === 2) bytes[18] = bytes[19] = 1;
  const Database = loadSqlite();
  return new Database(bytes, { readonly: true });
}

/**
 * Refuses, before anything is changed, a file that is damaged, of another
 * program, or from a newer integrate: from the header where it decides, else
 * from the schema read without writing (a pending WAL may hold a newer one).
 */
function checkIdentity(file: string, size: number): void {
  if (size === 0) return; // a new, empty database
  const header = Buffer.alloc(108);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    fs.readSync(fd, header, 0, 108, 0);
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
  // user_version at offset 60, application_id at 68.
  const version = header.readInt32BE(60);
  const appId = header.readUInt32BE(68);
  if (appId !== 0 && appId !== APPLICATION_ID) throw notOurs(file, `application_id 0x${appId.toString(16)}`);
  if (appId === APPLICATION_ID && version > LATEST_VERSION) throw newerVersion(file, version);
  if (walPending(file)) return judge(file, inspectWithWal(file));
  if (appId === APPLICATION_ID) return;
  // An empty SQLite database: page 1 (the schema) is a leaf holding no cells.
  if (version === 0 && header[100] === 0x0d && header.readUInt16BE(103) === 0) return;
  if (version < 1 || version >= APPLICATION_ID_VERSION) throw notOurs(file, `no integrate application_id; user_version ${version}`);
  // Perhaps integrate's from before application_id: its tables decide. Read from a copy in memory,
  // so even a WAL database of another program gets no -wal/-shm beside it.
  let info: SchemaInfo;
  try {
    const copy = memoryCopy(file);
    try {
      info = readSchema(copy);
    } finally {
      copy.close();
    }
  } catch {
    throw new DataError(`${file} is not an integrate database (not a SQLite file, or damaged). It was left untouched. ${MOVE_HINT}`);
  }
  judge(file, info);
}

interface ReadOnly {
  /** e.g. "the file has no write permission" */
  reason: string;
  /** How to make it writable. */
  fix: string;
  /** The folder cannot take SQLite's -wal/-shm files. */
  folder: boolean;
}

/** Why this database can only be read, if it can only be read. */
function readOnly(file: string, stat: fs.Stats): ReadOnly | undefined {
  const dir = path.dirname(file);
  const onDir = writeBlocked(dir);
  const d = fs.statSync(dir);
  // No owner write bit means the user made it read-only on purpose; respect that even as root.
  const folder = onDir !== undefined || (d.uid === currentUid() && (d.mode & 0o200) === 0);
  const onFile = writeBlocked(file);
  if (onFile === 'EROFS' || onDir === 'EROFS') {
    return { reason: 'it is on a read-only file system', fix: 'copy it to a writable place (integrate backup FILE) and use the copy with --db', folder: true };
  }
  if ((stat.mode & 0o200) === 0) return { reason: 'the file has no write permission', fix: `make it writable (chmod u+w ${file})`, folder };
  if (onFile) return { reason: 'you may not write to the file', fix: `check its owner and permissions (ls -l ${file})`, folder };
  if (folder) return { reason: `its folder ${dir} is not writable`, fix: `make the folder writable (chmod u+w ${dir})`, folder };
  return undefined;
}

export function readOnlyError(file: string, ro: { reason: string; fix: string }): DataError {
  return new DataError(`The database ${file} is read-only (${ro.reason}), so nothing was saved. Reading commands (list, show, search, export, backup) still work; to write, ${ro.fix}.`);
}

function foreignError(file: string, foreign: SchemaInfo['objects']): DataError {
  return new DataError(
    `The database ${file} contains ${describeObjects(foreign)}, which integrate did not create and which could change or copy what you write; nothing was done. Run integrate doctor to see them and integrate doctor --fix to remove them (it makes a backup first).`,
  );
}

function missingError(file: string, missing: SchemaInfo['objects']): DataError {
  return new DataError(
    `The database ${file} lacks ${describeObjects(missing)}, which integrate created and needs (removed by another tool?); nothing was done. Run integrate doctor --fix to restore ${missing.length === 1 ? 'it' : 'them'} (it makes a backup first).`,
  );
}

function columnsError(file: string, c: ReturnType<typeof blockingChanges>): DataError {
  const what = [
    c.lost.length ? `lacks the column${c.lost.length === 1 ? '' : 's'} ${describeColumns(c.lost)}, which integrate created and needs` : '',
    c.rekeyed.length ? `declares ${describeColumns(c.rekeyed)} with another key than integrate gave ${c.rekeyed.length === 1 ? 'it' : 'them'}` : '',
    c.mustFill.length ? `has ${c.mustFill.length === 1 ? 'a column' : 'columns'} another program added, ${describeColumns(c.mustFill)}, that every new row must fill, so integrate cannot write there` : '',
  ].filter(Boolean).join(', and ');
  return new DataError(`The database ${file} ${what} (changed by another program?); nothing was done. Put back a copy of the database from before the change; integrate doctor shows the details, and integrate backup copies this file as it is.`);
}

/** The header says WAL (offsets 18 and 19 are 2). */
function walHeader(file: string): boolean {
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2;
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens (creating when asked) the database at `file`; returns undefined when it is missing and create is false. */
export function openDatabase(file: string, opts: OpenOptions): OpenedDatabase | undefined {
  const { absolute, real, stat: found } = resolveTarget(path.resolve(file));
  let stat = found;
  // Checked before anything, even a chmod: /dev/null, a FIFO or a folder is never a database.
  if (stat && !stat.isFile()) throw new DataError(`${absolute} is ${kindOf(stat)}, not a database file. ${MOVE_HINT}`);
  if (!stat && !opts.create) return undefined;
  const write = opts.write ?? false;
  const dir = path.dirname(real);
  let encrypted = false;
  if (stat) {
    refuse(placeProblemsAt(real, stat, false));
    // An encrypted file has no readable header: its identity is checked once it is unlocked.
    const kind = fileKind(real, stat.size);
    if (kind === 'cut-short') throw cutShort(absolute);
    encrypted = kind === 'encrypted';
    // Foreign or damaged files are refused before anything (even their mode) is changed.
    if (!encrypted) checkIdentity(real, stat.size);
  }
  ensureDirectory(dir, opts);
  refuse(placeProblemsAt(real, stat, true));
  if (!stat) {
    try {
      // Created 0600 before SQLite opens it: SQLite gives -wal/-shm the same mode.
      fs.closeSync(fs.openSync(real, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
      fs.chmodSync(real, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DataError(`Cannot create the database ${absolute}: ${describe(err)}. ${MOVE_HINT}`);
      }
    }
    // Someone else may have created it first (in a shared folder, on purpose): the same checks again.
    stat = fs.lstatSync(real);
    if (!stat.isFile()) throw new DataError(`${absolute} is ${kindOf(stat)}, not a database file. ${MOVE_HINT}`);
    refuse(placeProblemsAt(real, stat, true));
    checkIdentity(real, stat.size);
  }

  const ro = readOnly(real, stat);
  if (write && ro) throw readOnlyError(absolute, ro);
  // Private permissions for the file and its existing companions; when that is impossible, writing is refused.
  for (const target of [real, ...SIDE_FILES.map((s) => real + s)]) {
    const st = target === real ? stat : lstatIfThere(target);
    if (!st || (st.mode & 0o077) === 0) continue;
    if (!tighten(target, st.mode & 0o700, st.mode, opts) && !ro) {
      throw new DataError(`${target} can be read by other users (mode ${octal(st.mode)}) and its mode cannot be changed, so nothing was written. Keep the database on a disk that supports permissions. ${MOVE_HINT}`);
    }
  }

  // A WAL database in a folder SQLite may not write to cannot be opened in place without its -wal/-shm: read a copy.
  const inMemory = !encrypted && Boolean(ro?.folder) && !walPending(real) && walHeader(real) && !(fs.existsSync(`${real}-wal`) && fs.existsSync(`${real}-shm`));
  let db: Db;
  try {
    const Database = loadSqlite();
    db = inMemory ? memoryCopy(real) : new Database(real, { readonly: Boolean(ro), fileMustExist: true });
  } catch (err) {
    throw new DataError(`Cannot open the database ${absolute}: ${(err as Error).message}.`);
  }
  let key: Key | undefined;
  try {
    if (encrypted) key = unlock(db, absolute, opts.keys);
    else if (stat.size > 0 && !opts.plainExpected && opts.keys?.offered()) {
      opts.notice?.(`${absolute} is not encrypted, so the passphrase file ${opts.keys.offered()} was not used (integrate encrypt encrypts it).`);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Statement journals and sort trees (an index rebuilt after an import, a
    // summary's GROUP BY) in memory, not in temp files, which cost an import
    // of 36,500 entries about a third of its time when each entry had a
    // savepoint. Only temporary data; the database and its WAL are written
    // exactly as before.
    db.pragma('temp_store = MEMORY');
    const info = readSchema(db);
    if (encrypted) judge(absolute, info);
    const version = info.version;
    if (version > LATEST_VERSION) {
      throw newerVersion(absolute, version);
    }
    // Columns another tool dropped, renamed or redeclared: every command reading the table would fail.
    // Said first: a renamed column also rewrites our triggers that use it, which the next check would name instead.
    // Doctor opens anyway to report them, and then leaves the schema as it is (a migration would copy the lost column).
    const columns = blockingChanges(changedTables(db, info), { writing: !ro });
    const columnsBlock = columns.lost.length + columns.rekeyed.length + columns.mustFill.length > 0;
    if (columnsBlock && !opts.allowForeignObjects) throw columnsError(absolute, columns);
    if (!opts.allowForeignObjects) {
      const foreign = foreignObjects(info);
      if (foreign.length) throw foreignError(absolute, foreign);
      // A lost index only slows reads (doctor says so); a lost table or search trigger would break commands
      // or search, and a lost unique index would let a key repeat (two moods for one check-in), which a
      // read-only journal cannot: it is read as it is.
      const missing = requiredMissing(missingObjects(info), { writing: !ro });
      if (missing.length) throw missingError(absolute, missing);
    }
    // A new journal (no tables yet) goes to the WAL only once it is migrated, so its schema is in the
    // file itself when its transaction commits (SQLite deletes the -wal beside a database with no pages
    // when it reads one); processes opening it meanwhile wait in switchToWal.
    const fresh = version === 0;
    if (!ro) {
      // SQLite has opened the -wal/-shm by now: make sure they are the ones checked (nobody slipped theirs in meanwhile).
      refuse(placeProblemsAt(real, stat, false));
      if (!fresh) switchToWal(db);
      db.pragma('synchronous = FULL');
      // Deleted or edited words are overwritten, not left in free pages of the file.
      db.pragma('secure_delete = ON');
    }
    db.pragma('foreign_keys = ON');
    if (version < LATEST_VERSION && !columnsBlock) {
      if (ro) {
        if (!readableAsIs(version)) {
          throw new DataError(`${absolute} is read-only and needs a schema upgrade (${ro.reason}). To upgrade it, ${ro.fix}, and run the command again.`);
        }
      } else {
        if (fresh && !encrypted) db.pragma(`page_size = ${PLAIN_PAGE_SIZE}`);
        migrate(db);
      }
    }
    if (!ro && fresh) {
      switchToWal(db);
      // Its -wal/-shm are opened only now: the same check again (nobody slipped theirs in during the migration).
      refuse(placeProblemsAt(real, stat, false));
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, path: absolute, readonly: Boolean(ro), readonlyReason: ro?.reason, inMemory, encrypted, key };
}

/**
 * Puts the journal in WAL mode. Processes opening a new journal together each switch it, and the
 * switch fails at once with SQLITE_BUSY, whatever the busy timeout, while another connection is
 * writing (the creator migrating): that was "stayed busy" for one of four check-ins started together
 * on a new machine. So each tries briefly and again, until one has switched it (at most 5 seconds; a
 * journal still not switched then is used as it is, and the next open switches it).
 */
function switchToWal(db: Db): void {
  const isWal = () => String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  if (isWal()) return;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 50');
  try {
    for (const deadline = Date.now() + 5000; ;) {
      try {
        if (String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase() === 'wal' || isWal()) return;
      } catch (err) {
        if (!isBusy(err)) throw err;
      }
      if (Date.now() > deadline) return;
      // A short, uneven pause, so two processes do not meet again at once.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.floor(Math.random() * 20));
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** Applies the key from `keys` and checks that it opens the file; refuses with one line otherwise. */
function unlock(db: Db, file: string, keys: KeySource | undefined): Key {
  if (!keys) throw new DataError(`${file} is not an integrate database (not a SQLite file, or damaged), or an encrypted one and no passphrase was given. It was left untouched.`);
  const { key, source } = keys.unlock(file);
  applyKey(db, key);
  if (!keyOpens(db)) throw wrongKey(file, source);
  return key;
}

/**
 * Marks a database file (a fresh backup) as a rollback-journal database, so
 * it opens anywhere, even on read-only media where SQLite could not create a
 * WAL's -shm file. The file must not be in use.
 */
export function useRollbackJournal(file: string, key?: Key): void {
  const db = new (loadSqlite())(file, { fileMustExist: true });
  try {
    if (key) applyKey(db, key);
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

// The first in-memory database of a process is migrated; later ones start
// from its image. A test suite opens thousands, and running every migration
// for each was a tenth of its time.
let migratedImage: Buffer | undefined;

/** A migrated in-memory database (tests, dry runs, an export with no journal). */
export function openMemoryDatabase(): Db {
  const db = openSqlite(migratedImage ?? ':memory:');
  db.pragma('foreign_keys = ON');
  if (!migratedImage) {
    migrate(db);
    migratedImage = db.serialize();
  }
  return db;
}
