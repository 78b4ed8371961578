import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { buffered, openOutput } from '../files.js';
import { checkInterrupt, interruptible, letSignalsIn } from '../interrupt.js';
import { EXPORTERS, type ExportCounts } from '../formats/export.js';
import { sanitize, sanitizeLine } from '../render/sanitize.js';
import { Store } from '../store/index.js';
import { openMemoryDatabase } from '../store/open.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { choiceOption, exclusive, parseChoice } from './shared/choices.js';
import { addFilterOptions, parseFilter, type FilterFlags } from './shared/filters.js';

export interface ExportOptions extends FilterFlags {
  format?: string;
  out?: string;
  excludePrivate?: boolean;
  includePrivate?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate export': [
    { cmd: 'integrate export --out integrate-backup.json', why: 'everything, to move machines (integrate import)' },
    { cmd: 'integrate export --format csv --out entries.csv', why: 'one row per entry for a spreadsheet' },
    { cmd: 'integrate export --format md --since 2026-01-01 > journal.md', why: 'a readable journal, without private entries' },
  ],
} satisfies CommandExamples;

export function registerExport(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('export')
    .description('get your data out: JSON (everything, re-importable), CSV (spreadsheets) or Markdown (a readable journal)')
    .addOption(choiceOption('--format <format>', 'default json (everything, re-importable); csv for spreadsheets, md for a readable journal', [...EXPORTERS.values()]))
    .option('--out <file>', 'write to this file (mode 0600, appears only when complete; - for stdout); never the journal database itself');
  addFilterOptions(cmd, 'at most N entries (oldest first)')
    .option('--exclude-private', 'json: leave out private entries and sessions (csv and md leave them out already)')
    .option('--include-private', 'csv, md: include private entries too (json, the complete copy, always does)')
    .addHelpText('before', examplesHelp(examples['integrate export']))
    .addHelpText('after', related(['import', 'backup', 'summary']))
    .action((opts: ExportOptions) => runExport(opts, ctx));
  exclusive(cmd, ['--exclude-private', '--include-private']);
}

export async function runExport(opts: ExportOptions, ctx: Ctx): Promise<void> {
  // Parsed again here for callers that skip commander (the parse is idempotent).
  const exporter = EXPORTERS.get(parseChoice([...EXPORTERS.values()], '--format', opts.format ?? 'json'))!;
  const now = ctx.clock.now();
  // Private means out of everything shared (csv, md) unless asked for by name; json is the complete copy.
  const excludePrivate = Boolean(opts.excludePrivate) || (exporter.forSharing && !opts.includePrivate);
  const filter = { ...(await parseFilter(opts, now)), excludePrivate };
  // With no database yet, export an empty document without creating one.
  const store = ctx.existingStore() ?? new Store(openMemoryDatabase(), ':memory:');
  if (store.info.encrypted) ctx.io.err('Note: the database is encrypted, but this export is not: anyone who gets the file can read it.\n');
  const exportedAt = now.toISOString();
  // The guard, FIFOs/devices and "-" are decided before anything is read or written.
  const out = openOutput(opts.out ?? '-', { database: ctx.dbPath().path, stdout: ctx.io.out });
  // A terminal gets the document without the control and escape sequences user text may hold; files and pipes get it as stored.
  const clean = out.toStdout && ctx.io.stdoutIsTTY ? sanitize : undefined;
  let counts: ExportCounts;
  try {
    counts = await interruptible('the export', async () => {
      // Chunks end where a piece ends, so one never splits a character or an escape sequence.
      const sink = buffered((chunk) => out.write(clean ? clean(chunk.toString('utf8')) : chunk));
      // After every ~64 KB the event loop turns (at the exporter's next awaited piece), so Ctrl-C,
      // SIGTERM and SIGHUP are seen and honoured at the piece after. Pieces not awaited share the wait.
      let turn: Promise<void> | undefined;
      const written = await exporter.write(store, filter, (piece) => {
        checkInterrupt();
        if (sink.write(piece)) turn ??= letSignalsIn().then(() => void (turn = undefined));
        return turn;
      }, exportedAt);
      sink.flush();
      checkInterrupt();
      return written;
    }, out.toStdout ? 'what was printed is incomplete; the journal is unchanged' : 'no partial file was left; the journal is unchanged');
  } catch (err) {
    out.abort();
    throw err;
  }
  const written = out.commit();
  // Said once written: the private entries are counted in the same pass as they are exported.
  const privateSessions = exporter.withSessions ? store.exports.sessions(filter).filter((s) => s.private).length : 0;
  if (counts.privateEntries || privateSessions) {
    const what = [
      counts.privateEntries ? `${counts.privateEntries} private entr${counts.privateEntries === 1 ? 'y' : 'ies'}` : '',
      privateSessions ? `${privateSessions} private session${privateSessions === 1 ? '' : 's'}` : '',
    ].filter(Boolean).join(' and ');
    ctx.io.err(`Note: this export includes ${what}${exporter.forSharing ? ' (--include-private)' : '; json is the complete copy: add --exclude-private before sharing it'}.\n`);
  }
  const count = counts.entries;
  if (!out.toStdout) ctx.io.err(`Exported ${count} entr${count === 1 ? 'y' : 'ies'} to ${sanitizeLine(written)}\n`);
}
