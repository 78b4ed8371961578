import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { IntegrateError, UsageError } from '../errors.js';
import { classifyOutput, removeStaleTemps, shownPath, syncFolder, tempPathFor, writeError } from '../files.js';
import { checkInterrupt, interruptible, trackTemp, untrackTemp } from '../interrupt.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { useRollbackJournal } from '../store/open.js';

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate backup': [
    { cmd: 'integrate backup', why: 'a timestamped copy next to the database' },
    { cmd: 'integrate backup integrate-copy.db', why: 'to a file you choose (e.g. on a USB drive)' },
  ],
} satisfies CommandExamples;

export function registerBackup(program: Command, ctx: Ctx): void {
  program
    .command('backup')
    .description('a consistent copy of the database, safe while integrate is in use')
    .argument('[file]', 'where to write it (default: integrate-backup-YYYYMMDD-HHMMSS.db next to the database)')
    .addHelpText('before', examplesHelp(examples['integrate backup']))
    .addHelpText('after', related(['export', 'doctor']))
    .action((file: string | undefined) => runBackup(file, ctx));
}

function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

export async function runBackup(file: string | undefined, ctx: Ctx): Promise<void> {
  // A copy is made page by page and runs nothing in the file, so a journal another program changed
  // (a planted trigger, a lost column) can still be copied as it is, before anyone repairs it.
  const store = ctx.existingStore({ allowForeignObjects: true });
  if (!store) throw new UsageError(`There is no database at ${ctx.dbPath().path} yet, so nothing to back up.`);
  const target = path.resolve(file ?? path.join(path.dirname(store.path), `integrate-backup-${stamp(ctx.clock.now())}.db`));
  const kind = classifyOutput(file ?? target, store.path);
  if (kind.kind !== 'file') throw new UsageError(`A backup is a database file; ${shownPath(file ?? target)} is ${kind.kind === 'stdout' ? 'standard output' : 'a FIFO or device'}. Give a file name.`);
  if (kind.stat) throw new UsageError(`${shownPath(target)} already exists; choose another name (a backup never overwrites a file).`);
  const busy = removeStaleTemps(target);
  if (busy !== undefined) throw new UsageError(`Another integrate (process ${busy}) is writing a backup to ${shownPath(target)} right now; choose another name.`);
  // A fresh hidden name beside the target, so a file that is already there is never touched or removed.
  const temp = tempPathFor(target, 'partial');
  try {
    // Created 0600 first: the backup API then writes into a file only the user can read.
    fs.closeSync(fs.openSync(temp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
    trackTemp(temp);
    // The copy runs 100 pages a step with the event loop turning in between; a signal stops it at the next step.
    await interruptible('the backup', () => store.backupTo(temp, checkInterrupt), 'no partial file was left; the journal is unchanged');
    useRollbackJournal(temp, store.info.key); // so the copy opens even on read-only media
    fs.chmodSync(temp, 0o600);
    publishExclusively(temp, target);
  } catch (err) {
    throw err instanceof IntegrateError ? err : writeError(target, err, 'write the backup to');
  } finally {
    fs.rmSync(temp, { force: true });
    untrackTemp(temp);
  }
  ctx.io.err(store.info.encrypted ? 'Backup written (encrypted with the same passphrase): ' : 'Backup written: ');
  ctx.io.out(`${target}\n`);
}

/**
 * Gives the finished temp file the target's name only if no file has that
 * name: link() fails with EEXIST instead of replacing, so of two backups to
 * the same name exactly one succeeds. Where hard links are not supported
 * (FAT/exFAT drives), the name is first claimed with O_EXCL and the temp
 * renamed onto that claim.
 */
function publishExclusively(temp: string, target: string): void {
  const taken = () => new UsageError(`${shownPath(target)} already exists (another backup finished first?); choose another name. A backup never overwrites a file.`);
  try {
    fs.linkSync(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV'].includes(code ?? '')) throw err;
    try {
      fs.closeSync(fs.openSync(target, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
    } catch (claim) {
      if ((claim as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
      throw claim;
    }
    fs.renameSync(temp, target);
  }
  syncFolder(path.dirname(target));
}
