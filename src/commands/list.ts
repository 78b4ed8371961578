import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { parsePositiveInt, resolveRange } from '../dates.js';
import { entryToJson, normaliseTag } from '../domain/entries.js';
import { entryLine } from '../render/entries.js';
import { examples } from './help.js';

export interface ListOptions {
  since?: string;
  until?: string;
  days?: string;
  tag?: string;
  kind?: string;
  limit?: string;
  json?: boolean;
}

export function registerList(program: Command, ctx: Ctx): void {
  program
    .command('list')
    .description('list entries, newest first')
    .option('--since <when>', 'from this date or time, e.g. 2026-03-01 or "last monday"')
    .option('--until <when>', 'up to and including this date or time')
    .option('--days <n>', 'the last N days, today included')
    .option('--tag <tag>', 'only entries with this tag')
    .option('--kind <kind>', 'only this kind of entry, e.g. checkin or journal')
    .option('--limit <n>', 'at most N entries (default 20)')
    .option('--json', 'print a JSON array of entries')
    .addHelpText(
      'after',
      examples([
        ['integrate list', 'the 20 most recent entries'],
        ['integrate list --days 7 --tag work', 'the last week, tagged work'],
        ['integrate list --since 2026-01-01 --json --limit 1000', 'as JSON for scripts'],
      ], ['show', 'search', 'mood']),
    )
    .action((opts: ListOptions) => runList(opts, ctx));
}

export async function runList(opts: ListOptions, ctx: Ctx): Promise<void> {
  const now = ctx.clock.now();
  const range = await resolveRange(opts, now);
  const limit = opts.limit === undefined ? 20 : parsePositiveInt(opts.limit, '--limit', 1_000_000);
  const tag = opts.tag === undefined ? undefined : normaliseTag(opts.tag);
  const kind = opts.kind?.trim().toLowerCase();
  const store = ctx.existingStore();
  const entries = store?.entries.list({ since: range.since?.toISOString(), until: range.until?.toISOString(), tag, kind, limit }) ?? [];
  if (opts.json) {
    ctx.io.out(`${JSON.stringify(entries.map(entryToJson), null, 2)}\n`);
    return;
  }
  if (entries.length === 0) {
    const filtered = opts.since || opts.until || opts.days || opts.tag || opts.kind;
    ctx.io.err(filtered ? 'No entries match these filters.\n' : 'No entries yet. Start with: integrate checkin --mood 6\n');
    return;
  }
  ctx.io.out(`${entries.map((e) => entryLine(e, ctx.io)).join('\n')}\n`);
}
