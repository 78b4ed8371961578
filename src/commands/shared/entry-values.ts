// The value flags shared by `checkin` and `edit`: parsed and validated before
// anything is written, so bad input never leaves half a change behind.
import type { Command } from 'commander';
import { parseWhen } from '../../dates.js';
import { normalisePractice, normaliseTag, uniqueSorted } from '../../domain/entries.js';
import { CORE_METRICS, parseMetricValue } from '../../domain/metrics.js';
import { DAY_MS } from '../../domain/time.js';
import { UsageError } from '../../errors.js';
import type { Ctx } from '../../context.js';
import { emptyStdinRefusal, readTextFlag } from './stdin-text.js';
import { forFlag } from './domain-errors.js';

export interface ValueFlags {
  mood?: string;
  anxiety?: string;
  energy?: string;
  sleep?: string;
  practice?: string[];
  tag?: string[];
  note?: string;
  date?: string;
}

export interface ParsedValues {
  metrics: Record<string, number>;
  practices?: string[];
  tags?: string[];
  note?: string;
  when?: Date;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addValueOptions(cmd: Command): Command {
  return cmd
    .option('--mood <n>', 'mood, 0 (worst) to 10 (best)')
    .option('--anxiety <n>', 'anxiety, 0 (none) to 10 (extreme)')
    .option('--energy <n>', 'energy, 0 (none) to 10 (plenty)')
    .option('--sleep <hours>', 'hours slept, 0 to 24, e.g. 7.5')
    .option('--practice <name>', 'a practice you did (repeatable), e.g. meditation, breathwork, nature', collect)
    .option('--tag <tag>', 'a tag (repeatable)', collect)
    .option('--note <text>', 'a note; use "-" to read it from stdin (keeps it out of shell history)')
    .option('--date <when>', 'when it applies: 2026-03-14, "2026-03-14 21:00", "yesterday 21:00", "last friday"');
}

export function hasValueFlags(flags: ValueFlags): boolean {
  return CORE_METRICS.some((m) => flags[m.name as keyof ValueFlags] !== undefined)
    || flags.practice !== undefined || flags.tag !== undefined || flags.note !== undefined || flags.date !== undefined;
}

/** When "--note -" finds stdin empty while changing something that has text: refused rather than wiping it. */
export const EMPTY_STDIN_NOTE = emptyStdinRefusal('--note').message;

/** Reads --note, taking stdin for "-". */
export async function readNote(note: string | undefined, ctx: Ctx): Promise<string | undefined> {
  return readTextFlag(note, ctx, 'note');
}

export async function parseValueFlags(flags: ValueFlags, ctx: Ctx): Promise<ParsedValues> {
  const metrics: Record<string, number> = {};
  for (const spec of CORE_METRICS) {
    const raw = flags[spec.name as keyof ValueFlags];
    if (typeof raw === 'string') metrics[spec.name] = forFlag(`--${spec.name}`, () => parseMetricValue(spec, raw));
  }
  const values: ParsedValues = { metrics };
  if (flags.practice) values.practices = uniqueSorted(flags.practice.map((p) => forFlag('--practice', () => normalisePractice(p))));
  if (flags.tag) values.tags = uniqueSorted(flags.tag.map((t) => forFlag('--tag', () => normaliseTag(t))));
  if (flags.date !== undefined) values.when = await parseEntryDate(flags.date, ctx.clock.now());
  const note = await readNote(flags.note, ctx);
  if (note !== undefined) values.note = note;
  return values;
}

/** --date for an entry: not more than a day ahead (sessions may be planned: allowFuture); a bare date today means now. */
export async function parseEntryDate(raw: string, now: Date, opts: { allowFuture?: boolean } = {}): Promise<Date> {
  const { date, dateOnly } = await parseWhen(raw, now, '--date');
  if (!opts.allowFuture && date.getTime() > now.getTime() + DAY_MS) {
    throw new UsageError(`--date "${raw.trim()}" is more than a day in the future. Give today's date or an earlier one.`);
  }
  if (dateOnly && date.toDateString() === now.toDateString()) return new Date(now.getTime());
  return date;
}
