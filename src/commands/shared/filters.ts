// The entry filters shared by list, export and search: one set of flags, one parser.
import type { Command } from 'commander';
import { parsePositiveInt, resolveRange } from '../../dates.js';
import { ENTRY_KINDS, normaliseTag } from '../../domain/entries.js';
import { UsageError } from '../../errors.js';
import { sanitizeLine } from '../../render/sanitize.js';
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
  return cmd
    .option('--since <when>', 'from this date or time, e.g. 2026-03-01 or "last monday"')
    .option('--until <when>', 'up to and including this date or time')
    .option('--days <n>', 'the last N days, today included')
    .option('--tag <tag>', 'only entries with this tag')
    .option('--kind <kind>', `only this kind: ${ENTRY_KINDS.join(', ')}`)
    .option('--limit <n>', limitHelp);
}

/** --kind, forgiving of "check-in" and "Journal"; an unknown kind names the ones there are. */
function parseKind(raw: string): string {
  const kind = raw.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (!(ENTRY_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind must be one of ${ENTRY_KINDS.join(', ')}; got "${sanitizeLine(raw.trim())}".`);
  }
  return kind;
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
