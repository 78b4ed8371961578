import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { entryWithAnswersJson } from '../domain/json-shapes.js';
import { entryDetail } from '../render/entries.js';
import { entrySessionLabel } from '../domain/sessions.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { findEntry } from './shared/lookup.js';
import { toJson } from '../render/json.js';

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate show': [
    { cmd: 'integrate show 1a2b3c4d', why: 'one entry in full' },
    { cmd: 'integrate show 1a2b --json', why: 'as JSON' },
  ],
} satisfies CommandExamples;

export function registerShow(program: Command, ctx: Ctx): void {
  program
    .command('show')
    .description('show one entry in full')
    .argument('<id>', 'the entry id, or its first 4+ characters')
    .option('--json', 'print the entry as JSON')
    .addHelpText('before', examplesHelp(examples['integrate show']))
    .addHelpText('after', related(['list', 'edit']))
    .action((id: string, opts: { json?: boolean }) => runShow(id, opts, ctx));
}

export async function runShow(id: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const entry = findEntry(ctx, id);
  const store = ctx.existingStore()!;
  const answers = store.reflections.answers(entry.id);
  if (opts.json) {
    ctx.io.out(`${toJson(entryWithAnswersJson(entry, answers), 2)}\n`);
    return;
  }
  ctx.io.out(entryDetail(entry, ctx.io, entrySessionLabel(store.sessions.list(), entry), answers, ctx.config().dateFormat));
}
