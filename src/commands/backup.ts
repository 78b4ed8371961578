import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { DataError, UsageError } from '../errors.js';
import { examples, related } from './help.js';
import { useRollbackJournal } from '../store/open.js';

export function registerBackup(program: Command, ctx: Ctx): void {
  program
    .command('backup')
    .description('a consistent copy of the database, safe while integrate is in use')
    .argument('[file]', 'where to write it (default: integrate-backup-YYYYMMDD-HHMMSS.db next to the database)')
    .addHelpText('before', examples([
      ['integrate backup', 'a timestamped copy next to the database'],
      ['integrate backup integrate-copy.db', 'to a file you choose (e.g. on a USB drive)'],
    ]))
    .addHelpText('after', related(['export', 'doctor']))
    .action((file: string | undefined) => runBackup(file, ctx));
}

function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

export async function runBackup(file: string | undefined, ctx: Ctx): Promise<void> {
  const store = ctx.existingStore();
  if (!store) throw new UsageError(`There is no database at ${ctx.dbPath().path} yet, so nothing to back up.`);
  const target = path.resolve(file ?? path.join(path.dirname(store.path), `integrate-backup-${stamp(ctx.clock.now())}.db`));
  if (target === path.resolve(store.path)) throw new UsageError('The backup must go to another file than the database itself.');
  if (fs.existsSync(target)) throw new UsageError(`${target} already exists; choose another name (a backup never overwrites a file).`);
  // A fresh hidden name beside the target, so a file that is already there is never touched or removed.
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  let created = false;
  try {
    // Created 0600 first: the backup API then writes into a file only the user can read.
    fs.closeSync(fs.openSync(temp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
    created = true;
    await store.db.backup(temp);
    useRollbackJournal(temp); // so the copy opens even on read-only media
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, target);
  } catch (err) {
    if (created) fs.rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new DataError(`Cannot write the backup to ${target} (${code}). Nothing was written.`);
  }
  ctx.io.err('Backup written: ');
  ctx.io.out(`${target}\n`);
}
