// The command tree: global flags, and a table of every command with its name,
// usage and summary. Only the invoked command's module is imported (each one
// is its own chunk in dist/), so a check-in does not pay for 22 other commands;
// the rest stay stubs that root help and "did you mean" read their names from.
import { Command, CommanderError, Help } from 'commander';
import { VERSION } from './version.js';
import type { Ctx } from './context.js';
import { examplesHelp, type CommandExamples } from './commands/shared/help.js';
import { HELP_TOPICS } from './commands/shared/topics.js';


type Register = (program: Command, ctx: Ctx) => void;

export interface CommandEntry {
  name: string;
  /** What root help shows after the name: commander's own term for the loaded command (a test keeps them equal). */
  usage: string;
  /** The first line of the command's description (a test keeps them equal). */
  summary: string;
  hidden?: boolean;
  /** Reads the whole command tree (completion generates scripts from every command's flags). */
  needsAll?: boolean;
  /** Imports the command's module and returns its register function. */
  load(): Promise<Register>;
}

/** Every command, in the order root help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'checkin', usage: '[options]', summary: 'record how you are doing today: mood, anxiety, energy, sleep, practices, a note', load: async () => (await import('./commands/checkin.js')).registerCheckin },
  { name: 'journal', usage: '[options] [pack]', summary: 'reflect with guided prompts (after a session, daily, weekly); answers are saved as you go', load: async () => (await import('./commands/journal.js')).registerJournal },
  { name: 'session', usage: '', summary: 'record and review dosing sessions (numbered in date order)', load: async () => (await import('./commands/session.js')).registerSession },
  { name: 'intentions', usage: '', summary: 'intentions and small actions you are carrying forward from your insights', load: async () => (await import('./commands/intentions.js')).registerIntentions },
  { name: 'prompts', usage: '', summary: 'the prompt packs journal uses: list, show, validate your own', load: async () => (await import('./commands/prompts.js')).registerPrompts },
  { name: 'assess', usage: '[options] [instrument] [history-instrument]', summary: 'validated questionnaires (PHQ-9, GAD-7, WHO-5): what is due, take one, see your scores over time', load: async () => (await import('./commands/assess.js')).registerAssess },
  { name: 'summary', usage: '[options]', summary: 'a short summary of the period to share with your therapist (Markdown or HTML)', load: async () => (await import('./commands/summary.js')).registerSummary },
  { name: 'search', usage: '[options] <words...>', summary: 'search everything you wrote: notes, reflections, session notes, intentions', load: async () => (await import('./commands/search.js')).registerSearch },
  { name: 'export', usage: '[options]', summary: 'get your data out: JSON (everything, re-importable), CSV (spreadsheets) or Markdown (a readable journal)', load: async () => (await import('./commands/export.js')).registerExport },
  { name: 'import', usage: '[options] <file>', summary: 'bring in history: an integrate JSON export, jrnl JSON, Daylio CSV or Day One JSON (all or nothing, safe to repeat)', load: async () => (await import('./commands/import.js')).registerImport },
  { name: 'backup', usage: '[file]', summary: 'a consistent copy of the database, safe while integrate is in use', load: async () => (await import('./commands/backup.js')).registerBackup },
  { name: 'encrypt', usage: '[options]', summary: 'encrypt the database with a passphrase (it is then unreadable without it)', load: async () => (await import('./commands/encrypt.js')).registerEncrypt },
  { name: 'passphrase', usage: '[options]', summary: 'change the passphrase of an encrypted database', load: async () => (await import('./commands/encrypt.js')).registerPassphrase },
  { name: 'decrypt', usage: '[options]', summary: 'remove the encryption: store the database as plain SQLite again', load: async () => (await import('./commands/encrypt.js')).registerDecrypt },
  { name: 'unlock', usage: '[options]', summary: 'remember the key of an encrypted database in this computer\'s keyring (or forget it)', load: async () => (await import('./commands/unlock.js')).registerUnlock },
  { name: 'doctor', usage: '[options]', summary: 'check the database: where it is, owners, schema, integrity, permissions, WAL, counts', load: async () => (await import('./commands/doctor.js')).registerDoctor },
  { name: 'config', usage: '', summary: 'your settings: region, editor, default pack, reminders, week start, date format', load: async () => (await import('./commands/config.js')).registerConfig },
  // `integrate` with no command runs home (see addCommands).
  { name: 'home', usage: '[options]', summary: 'where you are and what might help next', hidden: true, load: async () => (await import('./commands/home.js')).registerHome },
  { name: 'completion', usage: '<shell>', summary: 'print a shell completion script (bash, zsh or fish)', needsAll: true, load: async () => (await import('./commands/completion.js')).registerCompletion },
  { name: 'help', usage: '[topic...]', summary: `help for a command, or a topic: ${HELP_TOPICS.join(', ')}`, load: async () => (await import('./commands/topics.js')).registerHelp },
  { name: 'crisis', usage: '[options]', summary: 'where to find help right now: crisis lines and emergency numbers', load: async () => (await import('./commands/crisis.js')).registerCrisis },
  { name: 'list', usage: '[options]', summary: 'list entries, newest first', load: async () => (await import('./commands/list.js')).registerList },
  { name: 'mood', usage: '[options]', summary: 'chart mood (or any metric) over time, with sessions marked and before/after means', load: async () => (await import('./commands/mood.js')).registerMood },
  { name: 'stats', usage: '[options]', summary: 'check-in streaks, entries per week, recent practices and open intentions', load: async () => (await import('./commands/stats.js')).registerStats },
  { name: 'show', usage: '[options] <id>', summary: 'show one entry in full', load: async () => (await import('./commands/show.js')).registerShow },
  { name: 'edit', usage: '[options] <id>', summary: 'change an entry: values by flag, or its text in your editor', load: async () => (await import('./commands/edit.js')).registerEdit },
  { name: 'delete', usage: '[options] <id>', summary: 'delete an entry for good (asks first)', load: async () => (await import('./commands/delete.js')).registerDelete },
];

const HOME = 'home';

/** The examples root help shows (each command module exports its own). */
export const examples = {
  integrate: [
    { cmd: 'integrate', why: 'where you are and what might help next' },
    { cmd: 'integrate checkin --mood 6 --sleep 7.5', why: 'record today in one line' },
    { cmd: 'integrate journal', why: 'a guided reflection (asks in a terminal)', interactive: true },
  ],
} satisfies CommandExamples;

const FOOTER = `
integrate is a private self-reflection tool, not a medical device and not a
substitute for care. Nobody monitors what you write. In an emergency, call
your local emergency number; \`integrate crisis\` lists crisis lines.

Your data stays on this computer (see --db and INTEGRATE_DB).
Set INTEGRATE_DEBUG=1 to see technical details when something fails.`;

/** The command each commander error was raised by, so the hint names the right --help. */
const RAISED_BY = new WeakMap<CommanderError, Command>();

export function commandOf(err: CommanderError): Command | undefined {
  return RAISED_BY.get(err);
}

/** Stubs show the usage from the table in root help; loaded commands show their own. */
const STUB_USAGE = new WeakMap<Command, string>();

/** The root command with the global flags and no commands yet. */
export function rootCommand(ctx: Ctx): Command {
  const program = new Command('integrate')
    .description('A private companion for integration after ketamine-assisted therapy:\ncheck-ins, reflection, mood over time, and summaries for your therapist.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--db <path>', 'use this database file (default: your data directory; or set INTEGRATE_DB)')
    .option('--no-color', 'plain output without colour (also NO_COLOR=1)')
    .option('--passphrase-file <file>', 'the passphrase of an encrypted database, in a file only you can read (or INTEGRATE_PASSPHRASE_FILE)')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      // run.ts prints errors itself, as one line.
      outputError: () => {},
    })
    .configureHelp({
      subcommandTerm(cmd) {
        const usage = STUB_USAGE.get(cmd);
        return usage === undefined ? Help.prototype.subcommandTerm.call(this, cmd) : `${cmd.name()} ${usage}`.trim();
      },
    })
    .showSuggestionAfterError(true)
    .addHelpText('before', examplesHelp(examples.integrate))
    .addHelpText('after', `
Topics: integrate help ${HELP_TOPICS.join(' | ')}
${FOOTER}`);

  program.hook('preAction', () => {
    const opts = program.opts<{ db?: string; color?: boolean; passphraseFile?: string }>();
    ctx.applyGlobals({ db: opts.db, color: opts.color, passphraseFile: opts.passphraseFile });
  });
  return program;
}

/**
 * Adds every command in table order: the named ones loaded for real, the
 * rest as stubs (name, usage and summary). `home` loaded as the default runs
 * when no command is given; it is the default only then, so an unknown word
 * is still an unknown command.
 */
export async function addCommands(program: Command, ctx: Ctx, load: ReadonlySet<string> | 'all', opts: { homeIsDefault?: boolean } = {}): Promise<void> {
  const wanted = (e: CommandEntry) => load === 'all' || load.has(e.name);
  const registers = await Promise.all(COMMANDS.map((e) => (wanted(e) ? e.load() : undefined)));
  COMMANDS.forEach((entry, i) => {
    const register = registers[i];
    if (register && entry.name === HOME && opts.homeIsDefault) {
      // Registered on a host so it can be added as the default (commander sets that only when adding).
      const host = new Command().copyInheritedSettings(program);
      register(host, ctx);
      for (const cmd of host.commands) program.addCommand(cmd, { isDefault: true, hidden: true });
    } else if (register) {
      register(program, ctx);
    } else {
      const stub = new Command(entry.name).description(entry.summary);
      STUB_USAGE.set(stub, entry.usage);
      program.addCommand(stub, { hidden: entry.hidden ?? false });
    }
  });
  recordRaiser(program);
}

function recordRaiser(cmd: Command): void {
  cmd.exitOverride((err) => {
    RAISED_BY.set(err, cmd);
    throw err;
  });
  for (const sub of cmd.commands) recordRaiser(sub);
}

/**
 * Which modules a run needs, from commander's reading of the arguments
 * (its operands, after the global flags): the command named, and for
 * `help X` also X; completion reads everything; no command is home.
 */
export function commandsFor(operands: readonly string[]): Set<string> | 'all' {
  const [first, second] = operands;
  if (first === undefined) return new Set([HOME]);
  const entry = COMMANDS.find((e) => e.name === first);
  if (!entry) return new Set();
  if (entry.needsAll) return 'all';
  return new Set(entry.name === 'help' && second !== undefined ? [first, second] : [first]);
}

/** The program for one run: only the command in `argv` is loaded. Throws commander's errors (and prints --version). */
export async function programFor(argv: readonly string[], ctx: Ctx): Promise<Command> {
  const program = rootCommand(ctx);
  recordRaiser(program);
  const { operands } = program.parseOptions(argv.slice(2));
  await addCommands(program, ctx, commandsFor(operands), { homeIsDefault: operands.length === 0 });
  return program;
}

/** The whole tree, every module loaded: for completion, help checks and tests. */
export async function createProgram(ctx: Ctx): Promise<Command> {
  const program = rootCommand(ctx);
  await addCommands(program, ctx, 'all');
  return program;
}
