import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { shortId } from '../domain/entries.js';
import { CancelledError, UsageError } from '../errors.js';
import { entryLine } from '../render/entries.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { findEntry } from './shared/lookup.js';

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate delete': [
    { cmd: 'integrate delete 1a2b', why: 'asks before deleting', interactive: true },
    { cmd: 'integrate delete 1a2b3c4d --yes', why: 'in a script' },
  ],
} satisfies CommandExamples;

export function registerDelete(program: Command, ctx: Ctx): void {
  program
    .command('delete')
    .description('delete an entry for good (asks first)')
    .argument('<id>', 'the entry id, or its first 4+ characters')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('before', examplesHelp(examples['integrate delete']))
    .addHelpText('after', related(['list', 'edit']))
    .action((id: string, opts: { yes?: boolean }) => runDelete(id, opts, ctx));
}

export async function runDelete(id: string, opts: { yes?: boolean }, ctx: Ctx): Promise<void> {
  const entry = findEntry(ctx, id);
  if (!opts.yes) {
    if (!ctx.io.canPrompt()) {
      throw new UsageError(`Not deleting ${shortId(entry.id)} without confirmation: add --yes to delete it from a script.`);
    }
    ctx.io.err(`${entryLine(entry, ctx.io)}\n`);
    const sure = await ctx.prompter.confirm({ message: 'Delete this entry for good? It cannot be undone.', default: false });
    if (!sure) throw new CancelledError('Kept the entry; nothing was deleted.');
  }
  ctx.store().entries.delete(entry.id);
  ctx.io.err(`Deleted entry ${shortId(entry.id)}.\n`);
}
