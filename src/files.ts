// Files we write for the user (summaries, exports, backups, settings) and
// files we read from the user (answers, imports). Every output goes through
// `openOutput`/`writeOutput`, which:
// - refuses the journal itself: the database, its -wal/-shm/-journal, and any
//   temp file integrate is writing (compared by device+inode after links,
//   and by name for files that do not exist yet);
// - writes "-" to stdout, and an existing FIFO or character device directly
//   (never replaced by a regular file, never chmod-ed);
// - writes a regular file 0600 to a temp file beside it (named with our pid,
//   so a later run can remove it once that process is gone) and renames it
//   into place only when complete.
// Inputs are checked by type and size before they are read.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { DataError, UsageError } from './errors.js';
import { WRITE_FAILURES } from './errno-words.js';
import { trackTemp, untrackTemp } from './interrupt.js';

/** node:crypto is required only when a file is written: loading it costs a few ms at every start. */
function randomHex(bytes: number): string {
  const { randomBytes } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return randomBytes(bytes).toString('hex');
}

/** File names longer than this (in bytes) are refused by the common file systems (ext4, APFS, NTFS). */
const NAME_MAX = 255;

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

/** A path short enough to quote in a one-line message. */
export function shownPath(file: string): string {
  return file.length <= 120 ? file : `${file.slice(0, 60)}…${file.slice(-50)}`;
}

/** Turns a write failure into a typed error: a path the user can fix is a usage error (2), the rest a failure (1). */
export function writeError(target: string, err: unknown, what = 'write'): Error {
  if (err instanceof UsageError || err instanceof DataError) return err;
  const code = errnoOf(err);
  const name = shownPath(target);
  const usage: Record<string, string> = {
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    ENAMETOOLONG: 'the name is too long for the file system (at most 255 bytes per name)',
  };
  if (code && usage[code]) return new UsageError(`Cannot ${what} ${name}: ${usage[code]}. Nothing was written.`);
  return new DataError(`Cannot ${what} ${name}: ${(code && WRITE_FAILURES[code]) ?? code ?? String(err)}. Nothing was written.`);
}

// ---------------------------------------------------------------------------
// Temp files: .<name>.<pid>.<12 hex>.tmp (documents) or .partial (backups)

// SQLite may leave a -journal beside a backup's .partial when the process is killed.
const TEMP_NAME = /^\.(.+)\.(\d+)\.([0-9a-f]{12})\.(tmp|partial)(?:-journal|-wal|-shm)?$/;
/** Before temp names carried the pid. */
const LEGACY_TEMP_NAME = /^\.(.+)\.([0-9a-f]{12})\.(tmp|partial)$/;
const LEGACY_STALE_MS = 60 * 60 * 1000;

/** The target's name as it appears inside its temp names, cut so the temp name itself stays under NAME_MAX. */
function tempStem(base: string): string {
  let stem = base;
  while (Buffer.byteLength(stem) > 120) stem = stem.slice(0, -1);
  return stem;
}

export function tempPathFor(target: string, kind: 'tmp' | 'partial'): string {
  return path.join(path.dirname(target), `.${tempStem(path.basename(target))}.${process.pid}.${randomHex(6)}.${kind}`);
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoOf(err) === 'EPERM'; // alive, but another user's
  }
}

/** Our temp files for `target` in its folder, with the pid that writes each (undefined for the old pid-less names). */
function tempsOf(target: string): { file: string; pid: number | undefined }[] {
  const stem = tempStem(path.basename(target));
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(target));
  } catch {
    return [];
  }
  const found: { file: string; pid: number | undefined }[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m && m[1] === stem) found.push({ file: path.join(path.dirname(target), name), pid: Number(m[2]) });
    else {
      const old = LEGACY_TEMP_NAME.exec(name);
      if (old && old[1] === stem) found.push({ file: path.join(path.dirname(target), name), pid: undefined });
    }
  }
  return found;
}

/**
 * Removes temp files of ours for `target` left by a run that was killed (its
 * process is gone; for old pid-less names, untouched for an hour). Returns
 * the pid of another live integrate writing the same target, if any.
 */
export function removeStaleTemps(target: string, now = Date.now()): number | undefined {
  let busy: number | undefined;
  for (const { file, pid } of tempsOf(target)) {
    let stale: boolean;
    if (pid !== undefined) stale = !pidAlive(pid);
    else {
      try {
        stale = now - fs.lstatSync(file).mtimeMs > LEGACY_STALE_MS;
      } catch {
        continue;
      }
    }
    if (stale) fs.rmSync(file, { force: true });
    else if (pid !== undefined && pid !== process.pid) busy = pid;
  }
  return busy;
}

// ---------------------------------------------------------------------------
// The guard

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The path with its folder's links resolved (the file itself need not exist). */
function realName(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    } catch {
      return file;
    }
  }
}

/** The database and the files SQLite keeps beside it, under the given name and its resolved one. */
function journalFiles(database: string): string[] {
  const names = new Set<string>();
  for (const db of new Set([path.resolve(database), realName(path.resolve(database))])) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) names.add(db + suffix);
  }
  return [...names];
}

/**
 * The one check every command that writes a file makes: throws a UsageError
 * when `target` is the journal database or one of its companion files (by
 * device+inode when the file exists, by resolved name when it does not yet),
 * or a temp file integrate is writing. `database` is the database path in force.
 */
export function refuseJournalTarget(target: string, database: string | undefined): void {
  const absolute = path.resolve(target);
  const name = shownPath(target);
  if (TEMP_NAME.test(path.basename(absolute)) || LEGACY_TEMP_NAME.test(path.basename(absolute))) {
    throw new UsageError(`Refusing to write to ${name}: it is a temporary file integrate is writing. Choose another file name; nothing was written.`);
  }
  if (!database || database === ':memory:') return;
  const stat = statOrUndefined(absolute);
  const targetNames = new Set([absolute, realName(absolute)]);
  for (const file of journalFiles(database)) {
    const theirs = stat && statOrUndefined(file);
    const same = theirs ? theirs.dev === stat!.dev && theirs.ino === stat!.ino : targetNames.has(file) || targetNames.has(realName(file));
    if (same) {
      const which = file.endsWith('-wal') || file.endsWith('-shm') || file.endsWith('-journal') ? `the journal database's ${file.slice(file.lastIndexOf('-'))} file` : 'the journal database itself';
      throw new UsageError(`Refusing to write to ${name}: it is ${which} (${shownPath(path.resolve(database))}). Choose another file name; nothing was written.`);
    }
  }
}

// ---------------------------------------------------------------------------
// Outputs

export interface Output {
  /** What to call it in a message: the absolute path, or "standard output". */
  readonly label: string;
  readonly toStdout: boolean;
  write(chunk: string | Buffer): void;
  /** Completes the output (for a regular file: fsync, close, rename into place); returns the label. */
  commit(): string;
  /** Drops the output: a regular file's temp is removed and the target left untouched. */
  abort(): void;
}

export interface OutputOptions {
  /** The database path in force, which no output may replace. */
  database: string | undefined;
  /** Where "-" (and /dev/stdout) goes. */
  stdout: (chunk: string) => void;
}

const STDOUT_NAMES = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

function stdoutOutput(write: (chunk: string) => void): Output {
  return {
    label: 'standard output',
    toStdout: true,
    write: (chunk) => write(typeof chunk === 'string' ? chunk : chunk.toString('utf8')),
    commit: () => 'standard output',
    abort: () => {},
  };
}

/** An existing FIFO or character device, written as it is: no temp file, no rename, no chmod. */
function directOutput(absolute: string, stat: fs.Stats): Output {
  let fd: number | undefined;
  try {
    if (stat.isFIFO()) {
      // Non-blocking first: with no reader, fail clearly instead of hanging where no signal is seen.
      const probe = fs.openSync(absolute, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      try {
        fd = fs.openSync(absolute, fs.constants.O_WRONLY);
      } finally {
        fs.closeSync(probe);
      }
    } else {
      fd = fs.openSync(absolute, fs.constants.O_WRONLY);
    }
  } catch (err) {
    if (errnoOf(err) === 'ENXIO') throw new UsageError(`Cannot write to ${shownPath(absolute)}: it is a FIFO and nothing is reading from it. Start the reader first; nothing was written.`);
    throw writeError(absolute, err);
  }
  const close = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  return {
    label: absolute,
    toStdout: false,
    write(chunk) {
      try {
        fs.writeFileSync(fd!, chunk);
      } catch (err) {
        close();
        throw writeError(absolute, err);
      }
    },
    commit() {
      close();
      return absolute;
    },
    abort: close,
  };
}

/** A regular file that appears under its name only when complete. */
function atomicOutput(absolute: string): Output {
  if (Buffer.byteLength(path.basename(absolute)) > NAME_MAX) {
    throw new UsageError(`Cannot write ${shownPath(absolute)}: the file name is ${Buffer.byteLength(path.basename(absolute))} bytes long, and file systems allow at most ${NAME_MAX}. Choose a shorter name; nothing was written.`);
  }
  const busy = removeStaleTemps(absolute);
  if (busy !== undefined) {
    throw new UsageError(`${shownPath(absolute)} is being written by another integrate right now (process ${busy}). Try again when it has finished, or choose another name.`);
  }
  const temp = tempPathFor(absolute, 'tmp');
  let fd: number | undefined;
  const fail = (err: unknown): never => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    fs.rmSync(temp, { force: true });
    untrackTemp(temp);
    throw writeError(absolute, err);
  };
  try {
    fd = fs.openSync(temp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
    trackTemp(temp);
    fs.fchmodSync(fd, 0o600);
  } catch (err) {
    fail(err);
  }
  return {
    label: absolute,
    toStdout: false,
    write(chunk) {
      try {
        fs.writeFileSync(fd!, chunk); // writes all of it (writeSync may stop short)
      } catch (err) {
        fail(err);
      }
    },
    commit() {
      try {
        fs.fsyncSync(fd!);
        fs.closeSync(fd!);
        fd = undefined;
        // The target may have become a folder, the database or a device since we looked.
        const now = statOrUndefined(absolute);
        if (now && !now.isFile()) throw Object.assign(new Error('not a file'), { code: now.isDirectory() ? 'EISDIR' : 'EEXIST' });
        fs.renameSync(temp, absolute);
        untrackTemp(temp);
        syncFolder(path.dirname(absolute));
        return absolute;
      } catch (err) {
        return fail(err);
      }
    },
    abort() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
      fs.rmSync(temp, { force: true });
      untrackTemp(temp);
    },
  };
}

/** Makes a rename or link durable; best effort (some file systems refuse to fsync a folder). */
export function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // The data itself is synced; only the name's durability is best effort.
  }
}

/** What kind of thing `target` is, after the journal guard. */
export function classifyOutput(target: string, database: string | undefined): { kind: 'stdout' } | { kind: 'direct' | 'file'; absolute: string; stat?: fs.Stats } {
  if (STDOUT_NAMES.has(target)) return { kind: 'stdout' };
  if (target.trim() === '') throw new UsageError('The output file name is empty; give a file name, or - for standard output.');
  refuseJournalTarget(target, database);
  const absolute = path.resolve(target);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(absolute);
  } catch (err) {
    const code = errnoOf(err);
    if (code !== 'ENOENT') throw writeError(absolute, err);
    if (fs.lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new UsageError(`Cannot write ${shownPath(absolute)}: it is a link to a file that does not exist. Remove the link or choose another name; nothing was written.`);
    }
  }
  if (!stat || stat.isFile()) return { kind: 'file', absolute, stat };
  if (stat.isDirectory()) throw writeError(absolute, Object.assign(new Error('folder'), { code: 'EISDIR' }));
  if (stat.isFIFO() || stat.isCharacterDevice() || stat.isSocket()) return { kind: 'direct', absolute, stat };
  throw new UsageError(`Refusing to write to ${shownPath(absolute)}: it is a disk device, not a file. Nothing was written.`);
}

/**
 * Opens an output for `target`: "-" is stdout, an existing FIFO or character
 * device is written directly, anything else is a regular file written atomically.
 */
export function openOutput(target: string, opts: OutputOptions): Output {
  const kind = classifyOutput(target, opts.database);
  if (kind.kind === 'stdout') return stdoutOutput(opts.stdout);
  if (kind.kind === 'direct') return directOutput(kind.absolute, kind.stat!);
  return atomicOutput(kind.absolute);
}

/** A whole document written through openOutput; returns where it went. */
export function writeOutput(target: string, content: string | Buffer, opts: OutputOptions): string {
  const out = openOutput(target, opts);
  try {
    out.write(content);
  } catch (err) {
    out.abort();
    throw err;
  }
  return out.commit();
}

/** A whole regular file written atomically (settings): the same guard, no stdout or devices. */
export function writeFileAtomic(target: string, content: string | Buffer, database?: string): string {
  return writeOutput(target, content, {
    database,
    stdout: () => {
      throw new UsageError('This file cannot be written to standard output.');
    },
  });
}

/**
 * Collects small writes into ~64 KB chunks of UTF-8 before handing them on; `write` reports when a
 * chunk went out. Pieces are encoded straight into one reused buffer (joining them as strings first
 * cost more than the rest of a JSON export's writing), so `write` must use the chunk before it returns.
 */
export function buffered(write: (chunk: Buffer) => void, size = 65_536): { write(s: string): boolean; flush(): void } {
  const buf = Buffer.allocUnsafe(size);
  let used = 0;
  const flush = () => {
    if (used) write(buf.subarray(0, used));
    used = 0;
  };
  return {
    write(s) {
      // A UTF-16 code unit is at most 3 bytes of UTF-8: a piece that may not fit goes after what is held.
      if (used + s.length * 3 <= size) {
        used += buf.write(s, used);
        return false;
      }
      flush();
      if (s.length * 3 <= size) used = buf.write(s);
      else write(Buffer.from(s, 'utf8'));
      return true;
    },
    flush,
  };
}

// ---------------------------------------------------------------------------
// Inputs

const MB = 1024 * 1024;

/** Byte count for messages: "1 MB", "256 MB". */
export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Reads a file the user named (answers, imports), checked before reading:
 * a folder or device is refused, a regular file over `limit` bytes is refused
 * by its size, and a pipe is read only up to the limit.
 */
export function readInputFile(file: string, what: string, limit: number): Buffer {
  const chunks: Buffer[] = [];
  for (const chunk of readInputChunks(file, what, limit)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The same checks as readInputFile, made now (so a bad path fails before
 * anything starts); the bytes are then read as they are iterated, 16 KB at a
 * time, so an import never holds the whole file. Each chunk is valid until the
 * next is read (one buffer is reused). Small chunks keep the peak memory of a
 * 40 MB import low: their text dies young, while 64 KB of text (128 KB as
 * UTF-16) lands in V8's large-object space and waits for a full collection.
 * Iterate once.
 */
export function readInputChunks(file: string, what: string, limit: number): Iterable<Buffer> {
  const name = shownPath(file);
  let fd: number;
  try {
    // O_NONBLOCK: opening a device or FIFO must not hang before we know what it is.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT') throw new UsageError(`Cannot read the ${what} ${name}: it does not exist.`);
    if (code === 'EISDIR') throw new UsageError(`Cannot read the ${what} ${name}: it is a folder; give the file itself.`);
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`Cannot read the ${what} ${name}: permission denied.`);
    throw new DataError(`Cannot read the ${what} ${name} (${code ?? String(err)}).`);
  }
  const readError = (err: unknown) =>
    err instanceof UsageError || err instanceof DataError ? err : new DataError(`Cannot read the ${what} ${name} (${errnoOf(err) ?? String(err)}).`);
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new UsageError(`Cannot read the ${what} ${name}: it is a folder; give the file itself.`);
    if (!stat.isFile() && !stat.isFIFO()) {
      throw new UsageError(`Refusing to read the ${what} ${name}: it is a device, not a file.`);
    }
    if (stat.isFile() && stat.size > limit) {
      throw new UsageError(`The ${what} ${name} is ${formatBytes(stat.size)}; at most ${formatBytes(limit)} is read. Split it or check that it is the right file.`);
    }
    if (stat.isFIFO()) {
      // A pipe (e.g. <(...)) is read as `cat` would: waiting for its writer, up to the limit.
      const blocking = fs.openSync(file, fs.constants.O_RDONLY);
      fs.closeSync(fd);
      fd = blocking;
    }
  } catch (err) {
    fs.closeSync(fd);
    throw readError(err);
  }
  const open = fd;
  function* chunks(): Generator<Buffer> {
    try {
      let total = 0;
      const buf = Buffer.alloc(Math.min(limit + 1, 16 * 1024));
      for (;;) {
        let n: number;
        try {
          n = fs.readSync(open, buf, 0, buf.length, null);
        } catch (err) {
          throw readError(err);
        }
        if (n === 0) return;
        total += n;
        if (total > limit) throw new UsageError(`The ${what} ${name} is larger than ${formatBytes(limit)}, the most that is read. Split it or check that it is the right file.`);
        yield buf.subarray(0, n);
      }
    } finally {
      fs.closeSync(open);
    }
  }
  return chunks();
}

/** Size limits for what we read. Stored text has its own limit (domain/limits). */
export const INPUT_LIMITS = {
  /** An answers file holds one entry's answers. */
  answers: 4 * MB,
  /** An import holds a whole journal: ten years of daily entries with long notes fit many times over. */
  import: 256 * MB,
  /** Anything piped to stdin (notes, answers, imports) unless a command says otherwise. */
  stdin: 256 * MB,
} as const;
