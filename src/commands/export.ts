import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { parsePositiveInt, resolveRange } from '../dates.js';
import { normaliseTag } from '../domain/entries.js';
import { UsageError } from '../errors.js';
import { buffered, openAtomicFile } from '../files.js';
import { EXPORTERS } from '../formats/export.js';
import { examples, related } from './help.js';

export interface ExportOptions {
  format?: string;
  out?: string;
  since?: string;
  until?: string;
  days?: string;
  tag?: string;
  kind?: string;
  limit?: string;
  excludePrivate?: boolean;
}

export function registerExport(program: Command, ctx: Ctx): void {
  program
    .command('export')
    .description('get your data out: JSON (everything, re-importable), CSV (spreadsheets) or Markdown (a readable journal)')
    .option('--format <format>', `${[...EXPORTERS.keys()].join(', ')} (default json)`)
    .option('--out <file>', 'write to this file (mode 0600, appears only when complete) instead of stdout')
    .option('--since <when>', 'entries from this date')
    .option('--until <when>', 'entries up to and including this date')
    .option('--days <n>', 'entries from the last N days')
    .option('--tag <tag>', 'only entries with this tag')
    .option('--kind <kind>', 'only this kind of entry')
    .option('--limit <n>', 'at most N entries (oldest first)')
    .option('--exclude-private', 'leave out entries marked private')
    .addHelpText('before', examples([
      ['integrate export --out integrate-backup.json', 'everything, to move machines (integrate import)'],
      ['integrate export --format csv --out entries.csv', 'one row per entry for a spreadsheet'],
      ['integrate export --format md --since 2026-01-01 > journal.md', 'a readable journal'],
    ]))
    .addHelpText('after', related(['import', 'backup', 'summary']))
    .action((opts: ExportOptions) => runExport(opts, ctx));
}

export async function runExport(opts: ExportOptions, ctx: Ctx): Promise<void> {
  const format = (opts.format ?? 'json').trim().toLowerCase();
  const exporter = EXPORTERS.get(format);
  if (!exporter) throw new UsageError(`--format must be one of ${[...EXPORTERS.keys()].join(', ')}; got "${opts.format}".`);
  const now = ctx.clock.now();
  const range = await resolveRange(opts, now);
  const filter = {
    since: range.since?.toISOString(),
    until: range.until?.toISOString(),
    tag: opts.tag === undefined ? undefined : normaliseTag(opts.tag),
    kind: opts.kind?.trim().toLowerCase(),
    limit: opts.limit === undefined ? undefined : parsePositiveInt(opts.limit, '--limit', 100_000_000),
    excludePrivate: Boolean(opts.excludePrivate),
  };
  const store = ctx.existingStore() ?? ctx.store();
  const exportedAt = now.toISOString();
  if (!opts.out) {
    const sink = buffered((chunk) => ctx.io.out(chunk));
    exporter.write(store, filter, sink.write, exportedAt);
    sink.flush();
    return;
  }
  const file = openAtomicFile(opts.out);
  let count: number;
  try {
    const sink = buffered((chunk) => file.write(chunk));
    count = exporter.write(store, filter, sink.write, exportedAt);
    sink.flush();
  } catch (err) {
    file.abort();
    throw err;
  }
  const written = file.commit();
  ctx.io.err(`Exported ${count} entr${count === 1 ? 'y' : 'ies'} to ${written}\n`);
}
