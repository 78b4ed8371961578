import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { shortId } from '../domain/entries.js';
import { CancelledError, UsageError } from '../errors.js';
import { entryLine } from '../render/entries.js';
import { examples, related } from './shared/help.js';
import { findEntry } from './shared/lookup.js';

export function registerDelete(program: Command, ctx: Ctx): void {
  program
    .command('delete')
    .description('delete an entry for good (asks first)')
    .argument('<id>', 'the entry id, or its first 4+ characters')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('before', examples([
      ['integrate delete 1a2b', 'asks before deleting'],
      ['integrate delete 1a2b3c4d --yes', 'in a script'],
    ]))
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
