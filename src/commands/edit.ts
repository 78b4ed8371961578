import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { editText } from '../editor.js';
import { normaliseTag, shortId, uniqueSorted, type Entry } from '../domain/entries.js';
import { entryToJson } from '../domain/json-shapes.js';
import { localDateAt, utcOffsetMinutes } from '../domain/time.js';
import { UsageError } from '../errors.js';
import { addValueOptions, collect, EMPTY_STDIN_NOTE, hasValueFlags, parseValueFlags, type ValueFlags } from './shared/entry-values.js';
import { safetyTriggers } from '../domain/safety.js';
import { respondToFlags } from '../safety.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { exclusive } from './shared/choices.js';
import { findEntry } from './shared/lookup.js';
import { toJson } from '../render/json.js';
import { forFlag } from './shared/domain-errors.js';

export interface EditOptions extends ValueFlags {
  addTag?: string[];
  removeTag?: string[];
  private?: boolean;
  public?: boolean;
  star?: boolean;
  unstar?: boolean;
  json?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate edit': [
    { cmd: 'integrate edit 1a2b', why: 'edit the text in $VISUAL/$EDITOR', interactive: true },
    { cmd: 'integrate edit 1a2b --mood 5 --add-tag family', why: 'change values' },
    { cmd: 'integrate edit 1a2b --star', why: 'mark it as an insight' },
  ],
} satisfies CommandExamples;

export function registerEdit(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('edit')
    .description('change an entry: values by flag, or its text in your editor')
    .argument('<id>', 'the entry id, or its first 4+ characters');
  addValueOptions(cmd)
    .option('--add-tag <tag>', 'add a tag (repeatable)', collect)
    .option('--remove-tag <tag>', 'remove a tag (repeatable)', collect)
    .option('--private', 'mark private (left out of summaries)')
    .option('--public', 'clear the private mark')
    .option('--star', 'star it (starred entries count as insights in summaries)')
    .option('--unstar', 'remove the star')
    .option('--json', 'print the updated entry as JSON')
    .addHelpText('before', examplesHelp(examples['integrate edit']))
    .addHelpText('after', related(['show', 'delete']))
    .action((id: string, opts: EditOptions) => runEdit(id, opts, ctx));
  exclusive(cmd, ['--private', '--public'], ['--star', '--unstar']);
}

export async function runEdit(id: string, opts: EditOptions, ctx: Ctx): Promise<void> {
  const flagged = hasValueFlags(opts) || Boolean(opts.addTag || opts.removeTag || opts.private || opts.public || opts.star || opts.unstar);
  if (!flagged && !ctx.io.canPrompt()) {
    throw new UsageError('Nothing to change: give flags such as --mood 5, --note -, --add-tag T, --star (see integrate edit --help), or run it in a terminal to use your editor.');
  }
  const values = flagged ? await parseValueFlags(opts, ctx) : undefined;
  const addTags = (opts.addTag ?? []).map((t) => forFlag('--add-tag', () => normaliseTag(t)));
  const removeTags = new Set((opts.removeTag ?? []).map((t) => forFlag('--remove-tag', () => normaliseTag(t))));

  const entry = findEntry(ctx, id);
  // "--note -" with nothing on stdin (a script without a pipe) would silently wipe the text.
  if (opts.note === '-' && values?.note === '' && entry.text.trim() !== '') throw new UsageError(EMPTY_STDIN_NOTE);
  const next: Entry = { ...entry, metrics: { ...entry.metrics } };
  if (values) {
    Object.assign(next.metrics, values.metrics);
    if (values.note !== undefined) next.text = values.note;
    if (values.practices) next.practices = values.practices;
    if (values.tags) next.tags = values.tags;
    if (values.when) {
      next.createdAt = values.when.toISOString();
      next.utcOffset = utcOffsetMinutes(values.when);
      next.localDate = localDateAt(values.when, next.utcOffset);
    }
  } else {
    next.text = editText(entry.text, ctx.env, ctx.config().editor).replace(/\r\n/g, '\n').trim();
    if (next.text === entry.text.trim()) {
      ctx.io.err('No changes.\n');
      return;
    }
  }
  next.tags = uniqueSorted([...next.tags, ...addTags].filter((t) => !removeTags.has(t)));
  if (opts.private) next.private = true;
  if (opts.public) next.private = false;
  if (opts.star) next.starred = true;
  if (opts.unstar) next.starred = false;

  // Changed words or a changed check-in mood are read for safety like new ones.
  const changedMetrics = Object.fromEntries(Object.entries(next.metrics).filter(([k, v]) => entry.metrics[k] !== v));
  const triggers = safetyTriggers({
    metrics: changedMetrics, isCheckin: next.kind === 'checkin', texts: next.text !== entry.text ? [next.text] : [],
  });
  const store = ctx.store();
  store.transaction(() => {
    store.entries.update(next, ctx.clock.now().toISOString());
    store.safety.addTo('entry', next.id, triggers, next.createdAt, next.localDate);
  });
  if (opts.json) ctx.io.out(`${toJson(entryToJson(next), 2)}\n`);
  ctx.io.err(`Updated entry ${shortId(next.id)}.\n`);
  respondToFlags(ctx, triggers);
}
