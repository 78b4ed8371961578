// The entry filters shared by list, export and search: one set of flags, one parser.
import type { Command } from 'commander';
import { parsePositiveInt, resolveRange } from '../../dates.js';
import { ENTRY_KINDS, normaliseTag } from '../../domain/entries.js';
import { choiceOption, exclusive, parseChoice } from './choices.js';
import type { EntryFilter } from '../../store/entries.js';
import { forFlag } from './domain-errors.js';

export interface FilterFlags {
  since?: string;
  until?: string;
  days?: string;
  tag?: string;
  kind?: string;
  limit?: string;
}

export function addFilterOptions(cmd: Command, limitHelp: string): Command {
  cmd
    .option('--since <when>', 'from this date or time, e.g. 2026-03-01 or "last monday"')
    .option('--until <when>', 'up to and including this date or time')
    .option('--days <n>', 'the last N days, today included')
    .option('--tag <tag>', 'only entries with this tag')
    .addOption(choiceOption('--kind <kind>', 'only this kind', ENTRY_KINDS, normaliseKind))
    .option('--limit <n>', limitHelp);
  return exclusive(cmd, ['--days', '--since']);
}

/** --kind is forgiving of "check-in" and "Journal". */
export const normaliseKind = (raw: string) => raw.trim().toLowerCase().replace(/[\s_-]/g, '');

function parseKind(raw: string): string {
  return parseChoice(ENTRY_KINDS, '--kind', raw, normaliseKind);
}

/** Flags to a store filter; `defaultLimit` undefined means no limit. */
export async function parseFilter(flags: FilterFlags, now: Date, defaultLimit?: number): Promise<EntryFilter> {
  const range = await resolveRange(flags, now);
  return {
    since: range.since?.toISOString(),
    until: range.until?.toISOString(),
    tag: flags.tag === undefined ? undefined : forFlag('--tag', () => normaliseTag(flags.tag!)),
    kind: flags.kind === undefined ? undefined : parseKind(flags.kind),
    limit: flags.limit === undefined ? defaultLimit : parsePositiveInt(flags.limit, '--limit', 100_000_000),
  };
}
