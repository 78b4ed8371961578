import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { draftToJson, entryToJson } from '../domain/json-shapes.js';
import { entryLine } from '../render/entries.js';
import { entrySessionLabel } from '../domain/sessions.js';
import { localDateTimeAt } from '../domain/time.js';
import { sanitizeLine } from '../render/sanitize.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { addFilterOptions, parseFilter, type FilterFlags } from './shared/filters.js';
import { toJson } from '../render/json.js';

export interface ListOptions extends FilterFlags {
  drafts?: boolean;
  json?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate list': [
    { cmd: 'integrate list', why: 'the 20 most recent entries' },
    { cmd: 'integrate list --days 7 --tag work', why: 'the last week, tagged work' },
    { cmd: 'integrate list --since 2026-01-01 --json --limit 1000', why: 'as JSON for scripts' },
  ],
} satisfies CommandExamples;

export function registerList(program: Command, ctx: Ctx): void {
  const cmd = program.command('list').description('list entries, newest first');
  addFilterOptions(cmd, 'at most N entries (default 20)')
    .option('--drafts', 'list unfinished reflections instead (resume with integrate journal --resume)')
    .option('--json', 'print a JSON array of entries')
    .addHelpText('before', examplesHelp(examples['integrate list']))
    .addHelpText('after', related(['show', 'search', 'mood']))
    .action((opts: ListOptions) => runList(opts, ctx));
}

export async function runList(opts: ListOptions, ctx: Ctx): Promise<void> {
  if (opts.drafts) return listDrafts(opts, ctx);
  const filter = await parseFilter(opts, ctx.clock.now(), 20);
  const store = ctx.existingStore();
  const entries = store?.entries.list(filter) ?? [];
  if (opts.json) {
    ctx.io.out(`${toJson(entries.map(entryToJson), 2)}\n`);
    return;
  }
  if (entries.length === 0) {
    const filtered = opts.since || opts.until || opts.days || opts.tag || opts.kind;
    ctx.io.err(filtered ? 'No entries match these filters.\n' : 'No entries yet. Start with: integrate checkin --mood 6\n');
    return;
  }
  const sessions = store!.sessions.list();
  ctx.io.out(`${entries.map((e) => entryLine(e, ctx.io, entrySessionLabel(sessions, e), ctx.config().dateFormat)).join('\n')}\n`);
}

function listDrafts(opts: ListOptions, ctx: Ctx): void {
  const drafts = ctx.existingStore()?.drafts.all() ?? [];
  if (opts.json) {
    ctx.io.out(`${toJson(drafts.map(draftToJson), 2)}\n`);
    return;
  }
  if (!drafts.length) {
    ctx.io.err('No unfinished reflections.\n');
    return;
  }
  ctx.io.out(`${drafts.map((d) => `${ctx.io.c.yellow(d.id.slice(0, 8))}  ${localDateTimeAt(d.updatedAt, d.utcOffset)}  ${sanitizeLine(d.pack)}  ${Object.keys(d.answers).length} answered`).join('\n')}\n`);
  ctx.io.err('Continue the latest with integrate journal --resume.\n');
}
