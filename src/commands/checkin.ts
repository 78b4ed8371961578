import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { mergeText, shortId, uniqueSorted, type Entry } from '../domain/entries.js';
import { entryToJson } from '../domain/json-shapes.js';
import { CORE_METRICS } from '../domain/metrics.js';
import { localDateAt, utcOffsetMinutes } from '../domain/time.js';
import { UsageError } from '../errors.js';
import { safetyTriggers } from '../domain/safety.js';
import { respondToFlags } from '../safety.js';
import { metricsSummary } from '../render/entries.js';
import { addValueOptions, hasValueFlags, parseValueFlags, type ParsedValues, type ValueFlags } from './shared/entry-values.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { welcomeBackLine } from './shared/welcome.js';
import { toJson } from '../render/json.js';

export interface CheckinOptions extends ValueFlags {
  private?: boolean;
  daily?: boolean;
  json?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate checkin': [
    { cmd: 'integrate checkin', why: 'answer a few questions (in a terminal)', interactive: true },
    { cmd: 'integrate checkin --mood 6 --anxiety 3 --sleep 7.5 --practice meditation', why: 'record values directly' },
    { cmd: 'echo "Slept badly, calmer after a walk" | integrate checkin --mood 5 --note -', why: 'a note from stdin, not shell history' },
    { cmd: 'integrate checkin --daily --mood 7', why: 'from cron: one check-in per day, updated in place' },
  ],
} satisfies CommandExamples;

export function registerCheckin(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('checkin')
    .description('record how you are doing today: mood, anxiety, energy, sleep, practices, a note');
  addValueOptions(cmd)
    .option('--private', 'keep this entry out of summaries and exports you share')
    .option('--daily', "update today's check-in instead of adding another (safe to run from cron)")
    .option('--json', 'print the stored entry as JSON')
    .addHelpText('before', examplesHelp(examples['integrate checkin']))
    .addHelpText('after', related(['list', 'mood', 'journal']))
    .action((opts: CheckinOptions) => runCheckin(opts, ctx));
}

async function askInteractively(ctx: Ctx): Promise<ParsedValues> {
  const metrics: Record<string, number> = {};
  for (const spec of CORE_METRICS) {
    const value = await ctx.prompter.number({
      message: `${spec.label} (${spec.scale}; Enter to skip)`,
      min: spec.min,
      max: spec.max,
      step: spec.integer ? 1 : 'any',
      required: false,
    });
    if (value !== undefined) metrics[spec.name] = value;
  }
  const note = await ctx.prompter.input({ message: 'Anything you want to note? (Enter to skip)' });
  return { metrics, note };
}

export async function runCheckin(opts: CheckinOptions, ctx: Ctx): Promise<void> {
  let values: ParsedValues;
  if (hasValueFlags(opts)) {
    values = await parseValueFlags(opts, ctx);
  } else if (ctx.io.canPrompt()) {
    values = await askInteractively(ctx);
  } else {
    throw new UsageError(
      'Nothing to record: give at least one value, e.g. integrate checkin --mood 6 (also --anxiety, --energy, --sleep, --practice, --tag, --note).',
    );
  }
  const note = values.note?.trim() ?? '';
  if (Object.keys(values.metrics).length === 0 && note === '' && !values.practices?.length && !values.tags?.length) {
    const fromStdin = opts.note === '-' ? ' The note from stdin was empty.' : '';
    throw new UsageError(`Nothing to record.${fromStdin} Give at least one of --mood, --anxiety, --energy, --sleep, --practice, --tag or --note.`);
  }

  const now = ctx.clock.now();
  const when = values.when ?? now;
  const utcOffset = utcOffsetMinutes(when);
  const entry: Entry = {
    id: randomUUID(),
    createdAt: when.toISOString(),
    utcOffset,
    localDate: localDateAt(when, utcOffset),
    kind: 'checkin',
    pack: null,
    private: Boolean(opts.private),
    starred: false,
    text: note,
    metrics: values.metrics,
    practices: values.practices ?? [],
    tags: values.tags ?? [],
  };

  const welcome = ctx.io.stderrIsTTY ? welcomeBackLine(ctx) : undefined;
  const store = ctx.store();
  const triggers = safetyTriggers({ metrics: values.metrics, isCheckin: true, texts: [note] });
  let saved = entry;
  let updated = false;
  // IMMEDIATE: take the write lock up front so concurrent --daily runs queue instead of racing.
  store.transaction(() => {
    if (opts.daily) {
      const result = store.entries.upsertDaily(
        entry,
        (existing) => ({
          ...existing,
          private: existing.private || entry.private,
          text: mergeText(existing.text, entry.text),
          metrics: { ...existing.metrics, ...entry.metrics },
          practices: uniqueSorted([...existing.practices, ...entry.practices]),
          tags: uniqueSorted([...existing.tags, ...entry.tags]),
        }),
        now.toISOString(),
      );
      saved = result.entry;
      updated = result.updated;
    } else {
      store.entries.insert(entry);
    }
    store.safety.addTo('entry', saved.id, triggers, saved.createdAt, saved.localDate);
  }, { immediate: true });

  if (opts.json) ctx.io.out(`${toJson(entryToJson(saved), 2)}\n`);
  const summary = metricsSummary(saved.metrics);
  const verb = updated ? `Updated the check-in for ${saved.localDate}` : `Saved check-in ${shortId(saved.id)}`;
  if (welcome) ctx.io.err(`${welcome}\n`);
  ctx.io.err(`${verb}${summary ? ` (${summary})` : ''}.\n`);
  respondToFlags(ctx, triggers);
}
