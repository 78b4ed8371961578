import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { LATEST_VERSION } from '../store/migrations/index.js';
import { placeProblems, type PlaceProblem } from '../store/open.js';
import { describeObjects } from '../store/schema.js';
import { describeColumns, type TableColumn } from '../store/table-columns.js';
import type { Store } from '../store/index.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { DataError } from '../errors.js';
import { toJson } from '../render/json.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fixed?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate doctor': [
    { cmd: 'integrate doctor', why: 'a health report; exit 1 when something is wrong' },
    { cmd: 'integrate doctor --fix', why: 'also repair permissions and remove planted objects' },
  ],
} satisfies CommandExamples;

export function registerDoctor(program: Command, ctx: Ctx): void {
  program
    .command('doctor')
    .description('check the database: where it is, owners, schema, integrity, permissions, WAL, counts')
    .option('--fix', 'tighten loose permissions; remove triggers, views and tables integrate did not create and restore its own that are missing (after a backup)')
    .option('--json', 'print JSON')
    .addHelpText('before', examplesHelp(examples['integrate doctor']))
    .addHelpText('after', related(['backup', 'export']))
    .action((opts: { fix?: boolean; json?: boolean }) => runDoctor(opts, ctx));
}

/** The permission bits; undefined when the file is not there. Any other failure (EACCES, ELOOP) is reported, not read as absence. */
function modeOf(file: string): number | undefined | NodeJS.ErrnoException {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : (err as NodeJS.ErrnoException);
  }
}

/** "permission denied" for EACCES/EPERM, else the system's code. */
function whyUnreadable(err: NodeJS.ErrnoException): string {
  return err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code ?? err.message;
}

/** Why this user cannot read the file, or undefined when it can (stat works without read permission). */
function unreadable(file: string): string | undefined {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return undefined;
  } catch (err) {
    return whyUnreadable(err as NodeJS.ErrnoException);
  }
}

function permissionCheck(name: string, file: string, wanted: number, fix: boolean): DoctorCheck {
  const mode = modeOf(file);
  if (mode === undefined) return { name, ok: true, detail: 'not present' };
  if (typeof mode !== 'number') return { name, ok: false, detail: `can't be read (${whyUnreadable(mode)}); check the folder's owner and permissions (ls -ld "${path.dirname(file)}")` };
  const denied = unreadable(file);
  if (denied) return { name, ok: false, detail: `${mode.toString(8)}: can't be read (${denied}); make it readable for you: chmod u+rw "${file}"` };
  if ((mode & 0o077) === 0) return { name, ok: true, detail: mode.toString(8) };
  if (fix) {
    try {
      fs.chmodSync(file, mode & wanted);
      return { name, ok: true, detail: `${mode.toString(8)} → ${(mode & wanted).toString(8)}`, fixed: true };
    } catch (err) {
      return { name, ok: false, detail: `${mode.toString(8)}, could not fix: ${(err as NodeJS.ErrnoException).code}` };
    }
  }
  return { name, ok: false, detail: `${mode.toString(8)}: readable by others; run integrate doctor --fix` };
}

/** Owners of the files and the folder's mode: what openDatabase refuses before opening. */
function placeChecks(problems: PlaceProblem[]): DoctorCheck[] {
  const ok: Record<PlaceProblem['check'], string> = {
    owners: 'the database and its -wal/-shm/-journal are yours',
    folder: 'other users cannot replace files in it',
  };
  return (['owners', 'folder'] as const).map((name) => {
    const found = problems.filter((p) => p.check === name);
    return found.length ? { name, ok: false, detail: found.map((p) => p.message).join(' ') } : { name, ok: true, detail: ok[name] };
  });
}

/**
 * Planted triggers, views and tables, and objects of ours that are missing:
 * reported, or with --fix removed and restored after a backup copy.
 */
async function objectsCheck(store: Store, health: ReturnType<Store['health']>, fix: boolean, ctx: Ctx, columnsFirst = false): Promise<DoctorCheck> {
  const name = 'schema objects';
  const { foreign, missing } = health;
  if (!foreign.length && !missing.length) return { name, ok: true, detail: 'only what integrate created' };
  const problems = [
    ...(foreign.length ? [`${describeObjects(foreign, Infinity)}: not created by integrate`] : []),
    ...(missing.length ? [`${describeObjects(missing, Infinity)}: missing (integrate creates ${missing.length === 1 ? 'it' : 'them'})`] : []),
  ].join('; ');
  const repair = [...(foreign.length ? ['remove'] : []), ...(missing.length ? ['restore'] : [])].join(' and ');
  if (columnsFirst) return { name, ok: false, detail: `${problems}; left as they are while the table columns below are not as integrate made them` };
  if (!fix) return { name, ok: false, detail: `${problems}; run integrate doctor --fix to ${repair} them (after a backup)` };
  const copy = await copyBeforeFix(store, ctx);
  if ('failed' in copy) return { name, ok: false, detail: `${problems}; ${copy.failed}` };
  const done = [
    ...(foreign.length ? [`removed ${describeObjects(store.dropForeignObjects(), Infinity)}`] : []),
    ...(missing.length ? [restoredLine(store.restoreMissingObjects())] : []),
  ].join('; ');
  return { name, ok: true, detail: `${done}; the database as it was is in ${copy.file}`, fixed: true };
}

/**
 * The columns of integrate's tables. One lost, or declared with another key, stops every command
 * reading its table; one another program added that every new row must fill stops writing there.
 * Nothing is changed, even with --fix: what a lost column held is gone (a default would even make
 * private entries shared), so the way back is a copy from before the change.
 */
function columnsCheck(health: ReturnType<Store['health']>): DoctorCheck {
  const name = 'table columns';
  const lost = health.changedTables.flatMap((t) => t.lost);
  const redeclared = health.changedTables.flatMap((t) => t.redeclared);
  const added = health.changedTables.flatMap((t) => t.added);
  // A lost column beside an added one in the same table may be that column renamed, values and all.
  const maybeRenamed = (a: TableColumn) => lost.some((l) => l.table === a.table);
  const blocking = added.filter((c) => c.blocking);
  const renamed = lost.flatMap((l) => added.filter((a) => a.table === l.table).map((a) => `${a.table}.${a.name} may be ${l.name} renamed (renaming it back restores it)`));
  const kept = added.filter((c) => !maybeRenamed(c) && !c.blocking);
  const problems = [
    ...(lost.length ? [`${describeColumns(lost)}: missing, so commands reading ${lost.length === 1 ? 'its table' : 'those tables'} fail`] : []),
    ...redeclared.map((c) => `${c.table}.${c.name}: declared ${c.now}, integrate made it ${c.was}`),
    ...(blocking.length ? [`${describeColumns(blocking)}: added by another program, and every new row must fill ${blocking.length === 1 ? 'it' : 'them'}, so integrate cannot write there`] : []),
    ...renamed,
  ];
  const extra = kept.length ? `${describeColumns(kept)}: not created by integrate (left as ${kept.length === 1 ? 'it is' : 'they are'})` : '';
  if (!problems.length) return { name, ok: true, detail: extra || 'as integrate created them' };
  return { name, ok: false, detail: `${[...problems, ...(extra ? [extra] : [])].join('; ')}; put back a copy of the database from before the change` };
}

/** What the ids of such values name, per table. */
const ROW_NAMES: Record<string, string> = { entries: 'entry', entry_metrics: 'entry', entry_answers: 'entry', sessions: 'session', intentions: 'intention', drafts: 'draft' };

/** Values in a form integrate does not write (another program's): commands showing their rows may fail. Reported only. */
function valuesCheck(health: ReturnType<Store['health']>): DoctorCheck {
  const name = 'stored values';
  if (!health.unreadable.length) return { name, ok: true, detail: 'times, days and numbers as integrate writes them' };
  const what = health.unreadable.map((v) => `${v.table}.${v.name}: ${v.rows} value${v.rows === 1 ? '' : 's'} not as integrate writes them (${ROW_NAMES[v.table] ?? 'row'} ${v.ids.join(', ')}${v.rows > v.ids.length ? ', …' : ''})`);
  return {
    name, ok: false,
    detail: `${what.join('; ')}; written by another program? Commands showing them may fail or show them wrongly: correct or delete those entries (integrate edit, integrate delete), or put back a copy of the database from before the change`,
  };
}

/** A copy of the database before --fix changes anything, next to it; or why none could be made (nothing is changed then). */
async function copyBeforeFix(store: Store, ctx: Ctx): Promise<{ file: string } | { failed: string }> {
  const stamp = ctx.clock.now().toISOString().replace(/[-:]/g, '').slice(0, 15);
  const file = path.join(path.dirname(store.path), `integrate-before-fix-${stamp}.db`);
  try {
    await store.copyTo(file);
    return { file };
  } catch (err) {
    return { failed: `nothing changed, the backup to ${file} failed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

/** "restored index x", and how many rows that repeated a restored key were removed (the last of each was kept). */
function restoredLine(restored: ReturnType<Store['restoreMissingObjects']>): string {
  const repeats = restored.reduce((n, o) => n + (o.repeatsRemoved ?? 0), 0);
  return `restored ${describeObjects(restored, Infinity)}${repeats ? ` (removed ${repeats} row${repeats === 1 ? '' : 's'} that repeated a key while it was gone, keeping the last written)` : ''}`;
}

export async function runDoctor(opts: { fix?: boolean; json?: boolean }, ctx: Ctx): Promise<void> {
  const { path: file, isDefault } = ctx.dbPath();
  const fix = Boolean(opts.fix);
  const checks: DoctorCheck[] = [];
  let counts: Record<string, number> = {};
  // The same checks the opening makes first; when one fails, the database is not opened at all.
  const place = file === ':memory:' ? [] : placeProblems(file);
  const store = place.length ? undefined : ctx.existingStore({ allowForeignObjects: true, write: fix });
  if (place.length) {
    checks.push({ name: 'database', ok: true, detail: `${file} (not opened: see below)` }, ...placeChecks(place));
  } else if (!store) {
    checks.push({ name: 'database', ok: true, detail: `${file} does not exist yet (it is created on the first check-in)` });
  } else {
    const health = store.health();
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const readonly = store.info.readonlyReason ? `, read-only: ${store.info.readonlyReason}` : '';
    checks.push({ name: 'database', ok: true, detail: `${store.path} (${kb(health.sizes.file ?? 0)}${readonly})` });
    checks.push({ name: 'schema', ok: health.version === LATEST_VERSION, detail: `version ${health.version} (this integrate: ${LATEST_VERSION})` });
    // While a column is lost or redeclared, objects of ours are not rebuilt (an index or trigger may
    // need that column, and the way back is a copy from before the change anyway).
    const columns = columnsCheck(health);
    checks.push(await objectsCheck(store, health, fix && columns.ok, ctx, !columns.ok), columns);
    checks.push({ name: 'integrity', ok: health.integrity.length === 1 && health.integrity[0] === 'ok', detail: health.integrity.slice(0, 3).join('; ') });
    checks.push({ name: 'references', ok: health.brokenReferences === 0, detail: health.brokenReferences ? `${health.brokenReferences} broken references` : 'ok' });
    checks.push(valuesCheck(health));
    const wal = health.sizes.wal === undefined ? 'no WAL file' : `WAL file ${kb(health.sizes.wal)}`;
    // A read-only database cannot be switched to WAL, and a backup is deliberately in rollback-journal mode.
    const journal = store.info.inMemory ? 'wal, read from a copy in memory' : `${health.journalMode}, ${wal}`;
    checks.push({ name: 'journal', ok: health.journalMode === 'wal' || store.readonly, detail: journal });
    checks.push({ name: 'encryption', ok: true, detail: store.info.encrypted ? 'encrypted (SQLCipher v4; integrate passphrase changes it)' : 'not encrypted (integrate encrypt encrypts it with a passphrase)' });
    checks.push(permissionCheck('file permissions', store.path, 0o700, fix));
    for (const suffix of ['-wal', '-shm']) checks.push(permissionCheck(`${suffix.slice(1)} permissions`, `${store.path}${suffix}`, 0o700, fix));
    checks.push(...placeChecks(place));
    // Only integrate's own data folder is held to 0700; another folder only must not let others replace files (above).
    if (isDefault) checks.push(permissionCheck('folder permissions', path.dirname(store.path), 0o700, fix));
    counts = health.counts;
  }
  const healthy = checks.every((c) => c.ok);
  if (opts.json) {
    ctx.io.out(`${toJson({ ok: healthy, checks, counts }, 2)}\n`);
  } else {
    const { c } = ctx.io;
    const lines = checks.map((k) => `${k.ok ? c.green('ok ') : c.red('!! ')} ${k.name.padEnd(18)} ${k.detail}${k.fixed ? ' (fixed)' : ''}`);
    if (Object.keys(counts).length) lines.push(`    ${'rows'.padEnd(18)} ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    ctx.io.out(`${lines.join('\n')}\n`);
  }
  if (!healthy) {
    throw new DataError('Something needs attention (marked !!). Make a backup first (integrate backup), then fix it or ask for help.');
  }
}
