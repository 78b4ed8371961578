// The command tree: global flags and one register call per command.
import { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import type { Ctx } from './context.js';
import { examples } from './commands/help.js';
import { registerCheckin } from './commands/checkin.js';
import { registerDelete } from './commands/delete.js';
import { registerEdit } from './commands/edit.js';
import { registerList } from './commands/list.js';
import { registerMood } from './commands/mood.js';
import { registerShow } from './commands/show.js';
import { registerStats } from './commands/stats.js';
import { registerJournal } from './commands/journal.js';
import { registerSession } from './commands/session.js';
import { registerIntentions } from './commands/intentions.js';
import { registerPrompts } from './commands/prompts.js';
import { registerAssess } from './commands/assess.js';
import { registerCrisis } from './commands/crisis.js';
import { registerSummary } from './commands/summary.js';
import { registerSearch } from './commands/search.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerBackup } from './commands/backup.js';
import { registerDoctor } from './commands/doctor.js';
import { registerConfig } from './commands/config.js';
import { registerHome } from './commands/home.js';
import { registerHelp } from './commands/topics.js';
import { registerCompletion } from './commands/completion.js';

export const VERSION: string = pkg.version;

const FOOTER = `
integrate is a private self-reflection tool, not a medical device and not a
substitute for care. Nobody monitors what you write. In an emergency, call
your local emergency number; \`integrate crisis\` lists crisis lines.

Your data stays on this computer (see --db and INTEGRATE_DB).
Set INTEGRATE_DEBUG=1 to see technical details when something fails.`;

export function createProgram(ctx: Ctx): Command {
  const program = new Command('integrate')
    .description('A private companion for integration after ketamine-assisted therapy:\ncheck-ins, reflection, mood over time, and summaries for your therapist.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--db <path>', 'use this database file (default: your data directory; or set INTEGRATE_DB)')
    .option('--no-color', 'plain output without colour (also NO_COLOR=1)')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      // main.ts prints errors itself, as one line.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .addHelpText('before', examples([
      ['integrate', 'where you are and what might help next'],
      ['integrate checkin --mood 6 --sleep 7.5', 'record today in one line'],
      ['integrate journal', 'a guided reflection (asks in a terminal)'],
    ]))
    .addHelpText('after', `
Topics: integrate help privacy | packs | crisis | env | scripting
${FOOTER}`);

  program.hook('preAction', () => {
    const opts = program.opts<{ db?: string; color?: boolean }>();
    ctx.applyGlobals({ db: opts.db, color: opts.color });
  });

  registerCheckin(program, ctx);
  registerJournal(program, ctx);
  registerSession(program, ctx);
  registerIntentions(program, ctx);
  registerPrompts(program, ctx);
  registerAssess(program, ctx);
  registerSummary(program, ctx);
  registerSearch(program, ctx);
  registerExport(program, ctx);
  registerImport(program, ctx);
  registerBackup(program, ctx);
  registerDoctor(program, ctx);
  registerConfig(program, ctx);
  registerHome(program, ctx);
  registerCompletion(program, ctx);
  registerHelp(program, ctx);
  registerCrisis(program, ctx);
  registerList(program, ctx);
  registerMood(program, ctx);
  registerStats(program, ctx);
  registerShow(program, ctx);
  registerEdit(program, ctx);
  registerDelete(program, ctx);
  return program;
}
