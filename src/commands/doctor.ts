import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { LATEST_VERSION } from '../store/migrations/index.js';
import { examples, related } from './help.js';
import { DataError } from '../errors.js';
import { toJson } from '../render/json.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fixed?: boolean;
}

const TABLES = ['entries', 'entry_metrics', 'entry_tags', 'entry_practices', 'entry_answers', 'sessions', 'intentions', 'drafts', 'safety_flags'];

export function registerDoctor(program: Command, ctx: Ctx): void {
  program
    .command('doctor')
    .description('check the database: where it is, schema, integrity, permissions, WAL, counts')
    .option('--fix', 'tighten loose permissions')
    .option('--json', 'print JSON')
    .addHelpText('before', examples([
      ['integrate doctor', 'a health report; exit 1 when something is wrong'],
      ['integrate doctor --fix', 'also repair permissions'],
    ]))
    .addHelpText('after', related(['backup', 'export']))
    .action((opts: { fix?: boolean; json?: boolean }) => runDoctor(opts, ctx));
}

function modeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
}

function permissionCheck(name: string, file: string, wanted: number, fix: boolean): DoctorCheck {
  const mode = modeOf(file);
  if (mode === undefined) return { name, ok: true, detail: 'not present' };
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

export async function runDoctor(opts: { fix?: boolean; json?: boolean }, ctx: Ctx): Promise<void> {
  const { path: file } = ctx.dbPath();
  const checks: DoctorCheck[] = [];
  const counts: Record<string, number> = {};
  const store = ctx.existingStore();
  if (!store) {
    checks.push({ name: 'database', ok: true, detail: `${file} does not exist yet (it is created on the first check-in)` });
  } else {
    const size = fs.statSync(store.path).size;
    checks.push({ name: 'database', ok: true, detail: `${store.path} (${(size / 1024).toFixed(0)} KB)` });
    const version = store.db.pragma('user_version', { simple: true }) as number;
    checks.push({ name: 'schema', ok: version === LATEST_VERSION, detail: `version ${version} (this integrate: ${LATEST_VERSION})` });
    const integrity = (store.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    checks.push({ name: 'integrity', ok: integrity.length === 1 && integrity[0] === 'ok', detail: integrity.slice(0, 3).join('; ') });
    const fk = store.db.pragma('foreign_key_check') as unknown[];
    checks.push({ name: 'references', ok: fk.length === 0, detail: fk.length ? `${fk.length} broken references` : 'ok' });
    const mode = String(store.db.pragma('journal_mode', { simple: true }));
    const wal = modeOf(`${store.path}-wal`) === undefined ? 'no WAL file' : `WAL file ${(fs.statSync(`${store.path}-wal`).size / 1024).toFixed(0)} KB`;
    checks.push({ name: 'journal', ok: mode === 'wal', detail: `${mode}, ${wal}` });
    checks.push(permissionCheck('file permissions', store.path, 0o700, Boolean(opts.fix)));
    for (const suffix of ['-wal', '-shm']) checks.push(permissionCheck(`${suffix.slice(1)} permissions`, `${store.path}${suffix}`, 0o700, Boolean(opts.fix)));
    // Only integrate's own data folder is held to 0700; a folder chosen with --db (e.g. /tmp) is the user's business.
    if (ctx.dbPath().isDefault) checks.push(permissionCheck('folder permissions', path.dirname(store.path), 0o700, Boolean(opts.fix)));
    for (const table of TABLES) counts[table] = (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
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
