// Files we write for the user (summaries, exports, backups): created 0600,
// written to a temp file beside the target and renamed, so a crash never
// leaves half a document under the real name.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DataError } from './errors.js';

/** node:crypto is required only when a file is written: loading it costs a few ms at every start. */
function randomHex(bytes: number): string {
  const { randomBytes } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return randomBytes(bytes).toString('hex');
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is a file';
  if (code === 'ENOSPC') return 'the disk is full';
  return code ?? String(err);
}

/** A whole document written atomically: the one-piece case of openAtomicFile. */
export function writeFileAtomic(target: string, content: string | Buffer): string {
  const file = openAtomicFile(target);
  file.write(content);
  return file.commit();
}

export interface AtomicFile {
  write(chunk: string | Buffer): void;
  /** fsync, close and rename into place; returns the absolute path. */
  commit(): string;
  /** Close and remove the temp file; the target is untouched. */
  abort(): void;
}

/** A file written piece by piece (large exports) that appears under its name only when complete. */
export function openAtomicFile(target: string): AtomicFile {
  const absolute = path.resolve(target);
  const temp = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${randomHex(6)}.tmp`);
  let fd: number | undefined;
  const fail = (err: unknown): never => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    fs.rmSync(temp, { force: true });
    throw new DataError(`Cannot write ${absolute}: ${describe(err)}. Nothing was written.`);
  };
  try {
    if (fs.existsSync(absolute) && fs.statSync(absolute).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    fd = fs.openSync(temp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
    fs.fchmodSync(fd, 0o600);
  } catch (err) {
    fail(err);
  }
  return {
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
        fs.renameSync(temp, absolute);
        return absolute;
      } catch (err) {
        return fail(err);
      }
    },
    abort() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
      fs.rmSync(temp, { force: true });
    },
  };
}

/** Collects small writes into ~64 KB chunks before handing them on. */
export function buffered(write: (chunk: string) => void, size = 65_536): { write(s: string): void; flush(): void } {
  let parts: string[] = [];
  let length = 0;
  const flush = () => {
    if (length) write(parts.join(''));
    parts = [];
    length = 0;
  };
  return {
    write(s) {
      parts.push(s);
      length += s.length;
      if (length >= size) flush();
    },
    flush,
  };
}
