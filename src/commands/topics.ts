// `integrate help [COMMAND|TOPIC]`: command help, plus topics that explain
// the things a person worries about (privacy, crisis) or configures (packs).
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { coveredRegions } from '../domain/crisis.js';
import { crisisReport, crisisTextFor, wrapCrisisText } from '../safety.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { HELP_TOPICS, type HelpTopic } from './shared/topics.js';
import { listedArgument } from './shared/choices.js';
import { userPromptsDir } from '../packs/installed.js';

/** Edit distance, for "did you mean" on topics. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

export function closest(word: string, candidates: string[]): string | undefined {
  const scored = candidates.map((c) => ({ c, d: distance(word.toLowerCase(), c) })).sort((x, y) => x.d - y.d);
  return scored[0] && scored[0].d <= Math.max(1, Math.floor(word.length / 3)) ? scored[0].c : undefined;
}

// Keyed by HELP_TOPICS: a topic without its text (or the reverse) does not compile.
const TOPICS: Record<HelpTopic, { summary: string; text: (ctx: Ctx) => string }> = {
  packs: {
    summary: 'the prompt pack YAML format, and where your own packs go',
    text: (ctx) => `Prompt packs are YAML files. Put your own in
  ${userPromptsDir(ctx)}
A pack with the id of a built-in one replaces it. Check a pack with
  integrate prompts validate FILE

  id: evening                # lowercase letters, digits, dashes
  title: Evening wind-down
  description: Three minutes before bed.
  when: evenings
  version: 1
  questions:
    - id: connection
      type: scale            # scale number text longtext select multiselect
      prompt: How connected did you feel today?   # confirm intention tags safety
      min: 0
      max: 10
      labels: { min: not at all, max: very }
      metric: connection     # charted by: integrate mood --metric connection
      required: true
    - id: hard
      type: confirm
      prompt: Was anything hard today?
    - id: hard-detail
      type: longtext
      prompt: What was it?
      showIf: { question: hard, equals: true }
      discuss: true          # listed under "Worth discussing" in the summary
    - id: next
      type: intention        # each line becomes a tracked intention
      prompt: One small step for tomorrow?

Other fields: help (a hint line), insight: true (an insight for the summary),
role (decision or unreal), choices (select/multiselect: strings or
{ value, label }), practices: true (multiselect: record as practices), unit
(number). The README has the full table.
`,
  },
  privacy: {
    summary: 'what is stored where, who can see it, how to delete everything',
    text: (ctx) => `What is stored: your check-ins, reflections, sessions, intentions and
questionnaire results, in one SQLite file:
  ${ctx.dbPath().path}
and your settings in:
  ${ctx.configPath()}

Who can see it: only your user account. The folder is 0700 and the file 0600;
integrate tightens looser permissions. Keep it in your home, not in /tmp or a
folder shared with others: integrate refuses a database (or -wal/-shm) that
another user owns, or in a folder others can write to. Anyone who can log in
as you, or who gets your backups or exports, can read them: keep exports
somewhere safe.

Encryption (integrate encrypt): the database, its WAL and search index, and
backups made with integrate backup are then unreadable without your
passphrase, on a lost laptop, a stolen disk or in a cloud backup. It does
not protect a running, unlocked session (anyone at your keyboard while
integrate is open, or while the key is remembered in the keyring and you are
logged in), exports and summaries (plain text by design), screenshots, or
plaintext copies from before you encrypted: old backups, exports and disk
snapshots stay readable until you delete them. A forgotten passphrase cannot
be recovered. Details: docs/encryption.md.

What leaves this computer: nothing. integrate makes no network connections,
has no accounts and no telemetry. Nobody monitors what you write. Summaries
and exports exist only when you make them, and private entries contribute no
words to summaries unless you pass --include-private.

Safety notes: when a check-in, reflection, session or intention speaks of
self-harm or suicide (or records mood 0-1, or a yes to the safety question),
integrate keeps the date and the kind of note, never a copy of the words. A
private entry's safety flag is still listed in the summary, by date and kind
only, without its words, so your therapist knows to ask; a softer mention
(past, negated, or about someone else) in a private entry is left out.

How to delete everything: remove the database file (and its -wal and -shm
files next to it, if any), your backups and exports, and the settings folder:
  rm -f "${ctx.dbPath().path}" "${ctx.dbPath().path}-wal" "${ctx.dbPath().path}-shm"
  rm -rf "${ctx.configDir()}"
`,
  },
  crisis: {
    summary: 'crisis lines, which country they are for, and what integrate does when you may be in danger',
    text: (ctx) => {
      const report = crisisReport(ctx);
      for (const warning of report.warnings) ctx.io.err(`${warning}\n`);
      return `${wrapCrisisText(crisisTextFor(report, true), 78)}

integrate shows these lines, once, after saving, when a check-in records mood
0 or 1, when the safety question is answered yes, when PHQ-9 item 9 is above 0,
or when something you write reads as thoughts of ending your life or harming
yourself now. Words about the past, about someone else, or said in the negative
("I no longer want to die") get one gentle line pointing here instead. This is
a word-level check: it can miss things and can be wrong. It never blocks
saving and never contacts anyone. Show the lines any time: integrate crisis

Which country: --region, then INTEGRATE_REGION, then your region setting
(integrate config set region AU), then your locale (LC_ALL or LANG). A code
integrate has no lines for is skipped with a warning, and the next one is
used. integrate crisis --list shows the ${coveredRegions().length} countries covered; the region
"international" shows only findahelpline.com. Each line's source and the day
it was checked: integrate crisis --json.
`;
    },
  },
  env: {
    summary: 'environment variables',
    text: () => `INTEGRATE_DB        database file (the --db option wins over it)
INTEGRATE_CONFIG    settings file (default: config.json in the config folder)
INTEGRATE_REGION    country for crisis lines, e.g. AU, GB, DE (wins over the region setting)
INTEGRATE_DEBUG=1   show technical details when something fails
INTEGRATE_PASSPHRASE_FILE  a file (mode 600) holding the passphrase of an
                    encrypted database (--passphrase-file wins over it)
NO_COLOR            no colour (also --no-color, TERM=dumb, or output that is not a terminal)
VISUAL, EDITOR      your editor (the editor setting wins over them)
XDG_DATA_HOME       base of the default data folder (Linux)
XDG_CONFIG_HOME     base of the default config folder (Linux)
`,
  },
  scripting: {
    summary: 'cron, --json, exit codes',
    text: () => `Every prompt is also a flag, so integrate works from scripts and cron:
  0 21 * * * integrate checkin --daily --mood 6 < /dev/null
--daily updates the day's check-in instead of adding another.
Listing commands take --json (stable shapes, documented in the README).
Data goes to stdout, messages to stderr.
Exit codes: 0 done, 1 environment problem or not found, 2 bad usage or value,
130 cancelled.
`,
  },
};

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate help': [
    { cmd: 'integrate help checkin', why: 'the same as integrate checkin --help' },
    { cmd: 'integrate help privacy', why: 'what is stored where, and how to delete it' },
    { cmd: 'integrate help packs', why: 'write your own prompt pack' },
  ],
} satisfies CommandExamples;

export function registerHelp(program: Command, ctx: Ctx): void {
  program.helpCommand(false);
  program
    .command('help')
    .description(`help for a command, or a topic: ${HELP_TOPICS.join(', ')}`)
    // The topics are listed, not enforced: a command name is just as welcome here.
    .addArgument(listedArgument('[topic...]', 'a command (e.g. checkin, session add) or a topic', HELP_TOPICS))
    .addHelpText('before', examplesHelp(examples['integrate help']))
    .addHelpText('after', related(['crisis', 'config list']))
    .action((words: string[]) => runHelp(program, words, ctx));
}

export function runHelp(program: Command, words: string[], ctx: Ctx): void {
  if (!words.length) {
    program.outputHelp();
    ctx.io.out(`\nTopics: ${HELP_TOPICS.join(', ')} (integrate help TOPIC)\n`);
    return;
  }
  const key = words[0]!.toLowerCase();
  const topic = (HELP_TOPICS as readonly string[]).includes(key) ? TOPICS[key as HelpTopic] : undefined;
  if (topic && words.length === 1) {
    ctx.io.out(topic.text(ctx));
    return;
  }
  let cmd: Command | undefined = program;
  for (const word of words) {
    cmd = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!cmd) break;
  }
  if (cmd && cmd !== program) {
    cmd.outputHelp();
    return;
  }
  const names = [...program.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => c.name()), ...HELP_TOPICS];
  const guess = closest(words.join(' '), names);
  throw new UsageError(`There is no command or topic "${words.join(' ')}".${guess ? ` Did you mean \`integrate help ${guess}\`?` : ''} Topics: ${HELP_TOPICS.join(', ')}.`);
}
