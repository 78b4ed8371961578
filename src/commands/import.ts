import fs from 'node:fs';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { importInto, openText, type FlagReader } from '../formats/import.js';
import { sanitizeLine } from '../render/sanitize.js';
import { Store } from '../store/index.js';
import { openMemoryDatabase, removeDatabaseFiles } from '../store/open.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { choiceOption, parseChoice } from './shared/choices.js';
import { IMPORT_FORMATS, type ImportFormat } from '../formats/importers/formats.js';
import { toJson } from '../render/json.js';
import { formatBytes, INPUT_LIMITS, readInputChunks } from '../files.js';

export interface ImportOptions {
  from?: string;
  dryRun?: boolean;
  replace?: boolean;
  moodMap?: string[];
  json?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate import': [
    { cmd: 'integrate import integrate-backup.json', why: 'from integrate export (another machine)' },
    { cmd: 'integrate import daylio_export.csv --from daylio --dry-run', why: 'check first' },
    { cmd: 'integrate import journal.json --from jrnl', why: 'jrnl --export json output' },
    { cmd: 'integrate import Journal.json --from dayone', why: 'the JSON inside a Day One export zip' },
  ],
} satisfies CommandExamples;

export function registerImport(program: Command, ctx: Ctx): void {
  program
    .command('import')
    .description('bring in history: an integrate JSON export, jrnl JSON, Daylio CSV or Day One JSON (all or nothing, safe to repeat)')
    .argument('<file>', 'the file to import ("-" reads stdin)')
    .addOption(choiceOption('--from <format>', 'the file\'s format (default integrate)', IMPORT_FORMATS))
    .option('--dry-run', 'check the file and report what would be imported, without writing')
    .option('--replace', "where a record is stored already with different content, take the file's version (default: keep the stored one)")
    .option('--mood-map <label=N>', 'Daylio: map a custom mood label to 0–10 (repeatable), e.g. --mood-map "so-so=4"', (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'print the report as JSON')
    .addHelpText('before', examplesHelp(examples['integrate import']))
    .addHelpText('after', related(['export', 'backup']))
    .action((file: string, opts: ImportOptions) => runImport(file, opts, ctx));
}

function parseMoodMap(pairs: string[] = []): Map<string, number> {
  const map = new Map<string, number>();
  for (const pair of pairs) {
    const m = /^(.+?)=(\d+(?:\.\d+)?)$/.exec(pair.trim());
    if (!m || Number(m[2]) > 10) throw new UsageError(`--mood-map "${pair}" must look like LABEL=N with N from 0 to 10, e.g. --mood-map "so-so=4".`);
    map.set(m[1]!.trim().toLowerCase(), Number(m[2]));
  }
  return map;
}

export async function runImport(file: string, opts: ImportOptions, ctx: Ctx): Promise<void> {
  // Parsed again here for callers that skip commander (the parse is idempotent).
  const from = parseChoice(IMPORT_FORMATS, '--from', opts.from ?? 'integrate') as ImportFormat;
  const moodMap = parseMoodMap(opts.moodMap);
  // The words of a large file are read on a second thread, started first: it is ready by the time
  // the first entries are (its start overlaps loading the importers and opening the journal).
  const size = file === '-' ? 0 : sizeOf(file);
  let reader = file === '-' ? undefined : await flagReader(size);
  // A large file, someone watching: what is happening, and that stopping is safe, before the seconds it takes
  // (the import is one transaction: Ctrl-C ends the process before it commits, and the journal stays as it was).
  if (size >= THREAD_FROM_BYTES && ctx.io.stderrIsTTY) {
    ctx.io.err(`${opts.dryRun ? 'Reading' : 'Importing'} ${sanitizeLine(file)} (${formatBytes(size)}); this may take a while. Ctrl-C stops it${opts.dryRun ? '' : ' and imports nothing (once it is saving, it finishes and says so)'}.\n`);
  }
  // From the commit on, Ctrl-C waits until the report is printed: killed in the commit or the checkpoint
  // after it (most of a second for a large import), the process ended without a word although all was imported.
  // (SIGTERM and SIGHUP already wait for the event loop: run.ts listens for them.)
  const waitForReport = () => undefined;
  const holdCtrlC = () => void process.on('SIGINT', waitForReport);
  try {
    let report: ReturnType<typeof importInto>;
    try {
      // The file is read as it is imported (a 36,500-entry export is never held whole); stdin is read first.
      const stdin = file === '-' ? Buffer.from(await ctx.io.readStdin(INPUT_LIMITS.import), 'utf8') : undefined;
      if (stdin) reader = await flagReader(stdin.length);
      const input: Iterable<Buffer> = stdin ? [stdin] : readInputChunks(file, 'import file', INPUT_LIMITS.import);
      // Importers are loaded only for this command (CSV and JSON readers, the record checks).
      const { IMPORTERS } = await import('../formats/importers/index.js');
      const text = openText(input);
      // A dry run against no database counts against an empty one in memory and creates no file.
      const existing = ctx.existingStore();
      const store = opts.dryRun ? (existing ?? new Store(openMemoryDatabase(), ':memory:')) : ctx.store();
      try {
        report = importInto(store, IMPORTERS.get(from)!, text, { moodMap }, { dryRun: Boolean(opts.dryRun), now: ctx.clock.now(), replace: Boolean(opts.replace), reader, beforeCommit: holdCtrlC });
      } catch (err) {
        // The file is read as it is written, so a fault late in it comes after the
        // journal was created: a journal this import created, still empty, goes too.
        if (!opts.dryRun && !existing && store.isEmpty()) {
          ctx.close();
          removeDatabaseFiles(store.path);
        }
        throw err;
      }
    } finally {
      reader?.close();
    }
    if (opts.json) {
      ctx.io.out(`${toJson({ dryRun: Boolean(opts.dryRun), ...report }, 2)}\n`);
      safetyLine(report.safety, Boolean(opts.dryRun), ctx);
      return;
    }
    for (const w of report.warnings) ctx.io.err(`Note: ${sanitizeLine(w)}\n`);
    const extra = [report.sessionsAdded ? `${report.sessionsAdded} sessions` : '', report.intentionsAdded ? `${report.intentionsAdded} intentions` : ''].filter(Boolean);
    const verb = opts.dryRun ? 'Would import' : 'Imported';
    const parts = [
      `${verb} ${report.added} entr${report.added === 1 ? 'y' : 'ies'}${extra.length ? ` and ${extra.join(' and ')}` : ''}`,
      `skipped ${report.duplicates} already there`,
      ...(report.replaced ? [`${opts.dryRun ? 'would replace' : 'replaced'} ${report.replaced} that differed with the file's version`] : []),
      ...(report.conflicts ? [`${report.conflicts} differ${report.conflicts === 1 ? 's' : ''} from what is stored: kept the stored version; use --replace to take the file's`] : []),
      ...(report.warnings.length ? [`${report.warnings.length} note${report.warnings.length === 1 ? '' : 's'}`] : []),
    ];
    ctx.io.err(`${parts.join('; ')}.${opts.dryRun ? ' Nothing was written (dry run).' : ''}\n`);
    safetyLine(report.safety, Boolean(opts.dryRun), ctx);
  } finally {
    process.removeListener('SIGINT', waitForReport);
  }
}

/** From this size on, the words are read for safety on a second thread (starting one costs about 40 ms). */
const THREAD_FROM_BYTES = 1 << 20;

/** The file's size in bytes; 0 when it cannot be read (reading it says what is wrong). */
function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A reader on a worker thread for an import of `bytes`, where the bundle can start one; otherwise none (read in line). */
async function flagReader(bytes: number): Promise<FlagReader | undefined> {
  if (bytes < THREAD_FROM_BYTES) return undefined;
  const { canThread, threadedReader } = await import('../formats/safety-worker.js');
  if (!canThread) return undefined;
  try {
    return threadedReader();
  } catch {
    return undefined; // no thread to be had (a limit on threads): read on this one, the readings are the same
  }
}

/** One line for the whole import, never resources per row: old words are history, but worth a pointer. */
function safetyLine(counts: { risk: number; mention: number }, dryRun: boolean, ctx: Ctx): void {
  const n = counts.risk + counts.mention;
  if (n === 0) return;
  const records = `${n} ${dryRun ? '' : 'imported '}record${n === 1 ? '' : 's'}${dryRun ? ' in this file' : ''}`;
  ctx.io.err(`${records} ${n === 1 ? 'mentions' : 'mention'} self-harm or suicide${dryRun ? '' : ' and ' + (n === 1 ? 'is' : 'are') + ' flagged for your summary'}; if any of it is close right now, see integrate crisis.\n`);
}
