// Files we write for the user (summaries, exports, backups): created 0600,
// written to a temp file beside the target and renamed, so a crash never
// leaves half a document under the real name.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DataError } from './errors.js';

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is a file';
  if (code === 'ENOSPC') return 'the disk is full';
  return code ?? String(err);
}

export function writeFileAtomic(target: string, content: string | Buffer): string {
  const absolute = path.resolve(target);
  const temp = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    if (fs.existsSync(absolute) && fs.statSync(absolute).isDirectory()) {
      throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    }
    const fd = fs.openSync(temp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, absolute);
    return absolute;
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw new DataError(`Cannot write ${absolute}: ${describe(err)}. Nothing was written.`);
  }
}
