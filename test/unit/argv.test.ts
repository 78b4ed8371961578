// argv -> parsed options, for every command, apart from what the commands do:
// renaming, dropping or re-typing a flag fails here. Each command's action is
// replaced by one that records what commander handed it.
import type { Command, Option } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { Help } from 'commander';
import { COMMANDS, createProgram } from '../../src/cli.js';
import { createTestCtx } from '../../src/context.js';
import { main } from '../../src/main.js';

interface Parsed {
  command: string;
  args: unknown[];
  opts: Record<string, unknown>;
}

let program: Command;
let parsed: Parsed | undefined;

const pathOf = (cmd: Command): string => (cmd.parent?.parent ? `${pathOf(cmd.parent)} ${cmd.name()}` : cmd.name());

function record(cmd: Command): void {
  cmd.action((...received: unknown[]) => {
    // commander passes the arguments, then the options object, then the command.
    parsed = { command: pathOf(cmd), args: received.slice(0, -2), opts: { ...cmd.opts() } };
  });
  for (const sub of cmd.commands) record(sub);
}

beforeAll(async () => {
  program = await createProgram(createTestCtx());
  for (const cmd of program.commands) record(cmd);
});

async function parse(argv: string): Promise<Parsed & { globals: Record<string, unknown> }> {
  parsed = undefined;
  await program.parseAsync(['node', 'integrate', ...argv.split(' ').filter(Boolean)]);
  const r = parsed as Parsed | undefined;
  if (!r) throw new Error(`no command ran for: ${argv}`);
  return { ...r, globals: { ...program.opts() } };
}

/** argv, then the command that runs, its arguments and its options. */
const TABLE: [argv: string, command: string, args: unknown[], opts: Record<string, unknown>][] = [
  ['checkin --mood 6 --anxiety 3 --energy 5 --sleep 7.5 --practice meditation --practice walk --tag work --tag family --note hi --date yesterday --private --daily --json', 'checkin', [], { mood: '6', anxiety: '3', energy: '5', sleep: '7.5', practice: ['meditation', 'walk'], tag: ['work', 'family'], note: 'hi', date: 'yesterday', private: true, daily: true, json: true }],
  ['checkin', 'checkin', [], {}],
  ['journal daily --answers today.yaml --private --date yesterday --json', 'journal', ['daily'], { answers: 'today.yaml', private: true, date: 'yesterday', json: true }],
  ['journal --resume', 'journal', [undefined], { resume: true }],
  ['session add --date yesterday --route iv --dose-mg 50 --setting clinic --guide Sam --intention grief --note calm --json', 'session add', [], { date: 'yesterday', route: 'iv', doseMg: '50', setting: 'clinic', guide: 'Sam', intention: 'grief', note: 'calm', json: true }],
  ['journal --list-due --json', 'journal', [undefined], { listDue: true, json: true }],
  ['session add --planned --date tomorrow', 'session add', [], { planned: true, date: 'tomorrow' }],
  ['session add --route iv --private', 'session add', [], { route: 'iv', private: true }],
  ['session add --route im --dose 0.5mg/kg', 'session add', [], { route: 'im', dose: '0.5mg/kg' }],
  ['session edit 2 --dose 40', 'session edit', ['2'], { dose: '40' }],
  ['session edit 2 --private', 'session edit', ['2'], { private: true }],
  ['session edit 2 --public', 'session edit', ['2'], { public: true }],
  ['export --format md --include-private', 'export', [], { format: 'md', includePrivate: true }],
  ['import a.json --from integrate --replace', 'import', ['a.json'], { from: 'integrate', replace: true }],
  ['session show 3 --full', 'session show', ['3'], { full: true }],
  ['crisis --list --json', 'crisis', [], { list: true, json: true }],
  ['session list --json', 'session list', [], { json: true }],
  ['session show 3 --json', 'session show', ['3'], { json: true }],
  ['session edit 3 --date today --route im --dose-mg 40 --setting home --guide Kim --intention rest --note ok --json', 'session edit', ['3'], { date: 'today', route: 'im', doseMg: '40', setting: 'home', guide: 'Kim', intention: 'rest', note: 'ok', json: true }],
  ['session delete 3 --yes', 'session delete', ['3'], { yes: true }],
  ['session delete 3 -y', 'session delete', ['3'], { yes: true }],
  ['intentions', 'intentions list', [[]], {}],
  ['intentions list --all --json', 'intentions list', [[]], { all: true, json: true }],
  ['intentions add walk after lunch --due friday --json', 'intentions add', [['walk', 'after', 'lunch']], { due: 'friday', json: true }],
  ['intentions done 3f2a', 'intentions done', ['3f2a'], {}],
  ['intentions drop 3f2a', 'intentions drop', ['3f2a'], {}],
  ['prompts list --json', 'prompts list', [], { json: true }],
  ['prompts show daily --json', 'prompts show', ['daily'], { json: true }],
  ['prompts validate my-pack.yaml', 'prompts validate', ['my-pack.yaml'], {}],
  ['assess', 'assess', [undefined, undefined], {}],
  ['assess phq9 --answers a.yaml --json', 'assess', ['phq9', undefined], { answers: 'a.yaml', json: true }],
  ['assess history gad7', 'assess', ['history', 'gad7'], {}],
  ['assess gad7 --answers - --date yesterday --replace', 'assess', ['gad7', undefined], { answers: '-', date: 'yesterday', replace: true }],
  ['assess who5 --keep-both', 'assess', ['who5', undefined], { keepBoth: true }],
  ['summary --days 30 --until 2026-02-01 --out s.md --format html --include-private --exclude-tag work --exclude-tag family', 'summary', [], { days: '30', until: '2026-02-01', out: 's.md', format: 'html', includePrivate: true, excludeTag: ['work', 'family'] }],
  ['summary --since 2026-01-01 --format Markdown', 'summary', [], { since: '2026-01-01', format: 'md' }],
  ['summary --since-last', 'summary', [], { sinceLast: true }],
  ['summary', 'summary', [], {}],
  ['search breath* lighter --since 2026-01-01 --until 2026-02-01 --tag work --kind journal --limit 5 --json', 'search', [['breath*', 'lighter']], { since: '2026-01-01', until: '2026-02-01', tag: 'work', kind: 'journal', limit: '5', json: true }],
  ['export --format csv --out e.csv --since 2026-01-01 --until 2026-02-01 --tag work --kind checkin --limit 10 --exclude-private', 'export', [], { format: 'csv', out: 'e.csv', since: '2026-01-01', until: '2026-02-01', tag: 'work', kind: 'checkin', limit: '10', excludePrivate: true }],
  ['export --format markdown --days 30 --kind Check-In', 'export', [], { format: 'md', days: '30', kind: 'checkin' }],
  ['export', 'export', [], {}],
  ['import daylio.csv --from daylio --dry-run --mood-map rad=9 --mood-map awful=1 --json', 'import', ['daylio.csv'], { from: 'daylio', dryRun: true, moodMap: ['rad=9', 'awful=1'], json: true }],
  ['import Journal.json --from Day-One', 'import', ['Journal.json'], { from: 'dayone' }],
  ['search grief --kind Session', 'search', [['grief']], { kind: 'session' }],
  ['session add --route IV', 'session add', [], { route: 'iv' }],
  ['backup b.db', 'backup', ['b.db'], {}],
  ['backup', 'backup', [undefined], {}],
  ['doctor --fix --json', 'doctor', [], { fix: true, json: true }],
  ['config list --json', 'config list', [], { json: true }],
  ['config get region', 'config get', ['region'], {}],
  ['config set region DE', 'config set', ['region', 'DE'], {}],
  ['config unset region', 'config unset', ['region'], {}],
  ['config path', 'config path', [], {}],
  ['home --json', 'home', [], { json: true }],
  ['completion bash', 'completion', ['bash'], {}],
  ['help session add', 'help', [['session', 'add']], {}],
  ['help', 'help', [[]], {}],
  ['crisis --region GB', 'crisis', [], { region: 'GB' }],
  ['list --since 2026-01-01 --until 2026-02-01 --tag work --kind checkin --limit 30 --drafts --json', 'list', [], { since: '2026-01-01', until: '2026-02-01', tag: 'work', kind: 'checkin', limit: '30', drafts: true, json: true }],
  ['list --days 7', 'list', [], { days: '7' }],
  ['list', 'list', [], {}],
  ['mood --metric mood,sleep --days 90 --until 2026-02-01 --json', 'mood', [], { metric: 'mood,sleep', days: '90', until: '2026-02-01', json: true }],
  ['mood --since 2026-01-01', 'mood', [], { since: '2026-01-01' }],
  ['mood', 'mood', [], {}],
  ['stats --json', 'stats', [], { json: true }],
  ['show 1a2b --json', 'show', ['1a2b'], { json: true }],
  ['edit 1a2b --mood 5 --anxiety 2 --energy 6 --sleep 8 --practice yoga --tag rest --note better --date today --add-tag a --remove-tag b --private --star --json', 'edit', ['1a2b'], { mood: '5', anxiety: '2', energy: '6', sleep: '8', practice: ['yoga'], tag: ['rest'], note: 'better', date: 'today', addTag: ['a'], removeTag: ['b'], private: true, star: true, json: true }],
  ['edit 1a2b --public --unstar', 'edit', ['1a2b'], { public: true, unstar: true }],
  ['delete 1a2b --yes', 'delete', ['1a2b'], { yes: true }],
  ['encrypt --new-passphrase-file p.txt', 'encrypt', [], { newPassphraseFile: 'p.txt' }],
  ['encrypt', 'encrypt', [], {}],
  ['passphrase --new-passphrase-file p.txt', 'passphrase', [], { newPassphraseFile: 'p.txt' }],
  ['decrypt --yes', 'decrypt', [], { yes: true }],
  ['decrypt -y', 'decrypt', [], { yes: true }],
  ['unlock --remember', 'unlock', [], { remember: true }],
  ['unlock --forget', 'unlock', [], { forget: true }],
];

describe('argv -> options, every command', () => {
  it.each(TABLE)('%s', async (argv, command, args, opts) => {
    const r = await parse(argv);
    expect({ command: r.command, args: r.args, opts: r.opts }).toEqual({ command, args, opts });
  });


  it('the global flags, before or after the command', async () => {
    expect((await parse('--db x.db --no-color list')).globals).toEqual({ db: 'x.db', color: false });
    expect((await parse('list --db=y.db')).globals).toEqual({ db: 'y.db', color: true });
    expect((await parse('stats')).globals).toEqual({ color: true });
    expect((await parse('--passphrase-file p.txt list')).globals).toEqual({ passphraseFile: 'p.txt', color: true });
  });

  it('every command and every flag has a row above (a new flag needs one too)', () => {
    const missing: string[] = [];
    const visit = (cmd: Command) => {
      const path = pathOf(cmd);
      const rows = TABLE.filter(([, command]) => command === path).map(([argv]) => ` ${argv} `);
      if (!cmd.commands.length && !rows.length) missing.push(`${path}: no row`);
      for (const option of cmd.options) {
        const flags = [option.long, option.short].filter(Boolean) as string[];
        if (rows.length && !rows.some((argv) => flags.some((f) => argv.includes(` ${f} `)))) missing.push(`${path} ${option.long}`);
      }
      for (const sub of cmd.commands) visit(sub);
    };
    for (const cmd of program.commands) visit(cmd);
    expect(missing).toEqual([]);
  });
});

describe('the command table in cli.ts', () => {
  it('names every command, in order, with the usage and summary the command itself declares', () => {
    expect(COMMANDS.map((e) => e.name)).toEqual(program.commands.map((c) => c.name()));
    const help = new Help();
    for (const entry of COMMANDS) {
      const cmd = program.commands.find((c) => c.name() === entry.name)!;
      expect(`${entry.name} ${entry.usage}`.trim(), entry.name).toBe(help.subcommandTerm(cmd));
      expect(entry.summary, entry.name).toBe(cmd.description().split('\n')[0]);
    }
  });

  it('root help lists every visible command from the table without loading them', async () => {
    const ctx = createTestCtx();
    expect(await main(['node', 'integrate', '--help'], ctx)).toBe(0);
    for (const entry of COMMANDS.filter((e) => !e.hidden)) expect(ctx.io.stdout()).toContain(`  ${`${entry.name} ${entry.usage}`.trim()}`);
    expect(ctx.io.stdout()).not.toMatch(/^\s+home\b/m);
  });
});

/** Every command in the tree with its path, for the checks that read choices and conflicts from it. */
function allCommands(cmd: Command = program): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** The attribute names an option conflicts with (commander keeps them; its typings do not declare them). */
const conflictsOf = (o: Option): string[] => (o as Option & { conflictsWith: string[] }).conflictsWith;

/** A value each flag's placeholder accepts at parse time. */
function valueFor(option: Option): string[] {
  if (!option.required && !option.optional) return [];
  if (option.argChoices) return [option.argChoices[0]!];
  return [/when/.test(option.flags) ? '2026-01-01' : /<n>/.test(option.flags) ? '3' : 'x'];
}

describe('one list, read from the tree', () => {
  it('a flag with choices takes each of them, and refuses anything else in one line naming them all (exit 2)', async () => {
    const withChoices = allCommands().flatMap((cmd) => cmd.options.filter((o) => o.argChoices).map((o) => ({ cmd, o })));
    expect(withChoices.map(({ cmd, o }) => `${pathOf(cmd)} ${o.long}`)).toEqual(expect.arrayContaining([
      'export --format', 'import --from', 'summary --format', 'list --kind', 'search --kind', 'session add --route',
    ]));
    for (const { cmd, o } of withChoices) {
      const args = cmd.registeredArguments.filter((a) => a.required).map(() => 'x');
      for (const choice of o.argChoices!) {
        expect((await parse([...pathOf(cmd).split(' '), ...args, o.long!, choice].join(' '))).opts[o.attributeName()]).toBe(choice);
      }
      const ctx = createTestCtx();
      expect(await main(['node', 'integrate', ...pathOf(cmd).split(' '), ...args, o.long!, 'nonsense'], ctx), `${pathOf(cmd)} ${o.long}`).toBe(2);
      expect(ctx.io.stderr()).toBe(`integrate: ${o.long} must be one of ${o.argChoices!.join(', ')}; got "nonsense".\n`);
    }
  });

  it('flags that exclude each other: each pair exits 2 with one line naming both, before anything runs', async () => {
    const pairs = allCommands().flatMap((cmd) => cmd.options.flatMap((o) => conflictsOf(o).map((name) => ({ cmd, o, other: cmd.options.find((x) => x.attributeName() === name)! }))));
    expect(pairs.map(({ cmd, o, other }) => `${pathOf(cmd)} ${o.long} ${other.long}`)).toEqual(expect.arrayContaining([
      'assess --replace --keep-both', 'mood --days --since', 'list --days --since', 'export --days --since', 'export --exclude-private --include-private',
      'summary --days --since-last', 'summary --since --since-last', 'journal --resume --answers', 'journal --list-due --resume',
      'edit --private --public', 'edit --star --unstar', 'session add --dose --dose-mg', 'session edit --private --public',
    ]));
    for (const { cmd, o, other } of pairs) {
      const ctx = createTestCtx();
      const args = cmd.registeredArguments.filter((a) => a.required).map(() => 'x');
      const argv = [...pathOf(cmd).split(' '), ...args, o.long!, ...valueFor(o), other.long!, ...valueFor(other)];
      expect(await main(['node', 'integrate', ...argv], ctx), argv.join(' ')).toBe(2);
      // Commander names the two in the order the command declares them.
      const [a, b] = cmd.options.indexOf(o) < cmd.options.indexOf(other) ? [o, other] : [other, o];
      expect(ctx.io.stderr()).toBe(`integrate: option '${a.flags}' cannot be used with option '${b.flags}'. See integrate ${pathOf(cmd)} --help.\n`);
      expect(ctx.io.stdout()).toBe('');
    }
  });
});

describe('usage errors name the command that raised them', () => {
  it.each([
    [['--db', 'mydb', 'checkin', '--bogus'], "integrate: unknown option '--bogus'. See integrate checkin --help.\n"],
    [['checkin', '--mod', '5'], "integrate: unknown option '--mod'. Did you mean --mood? See integrate checkin --help.\n"],
    [['chekin'], "integrate: unknown command 'chekin'. Did you mean checkin? See integrate --help.\n"],
    [['session', 'ad'], "integrate: unknown command 'ad'. Did you mean add? See integrate session --help.\n"],
    [['show'], "integrate: missing required argument 'id'. See integrate show --help.\n"],
    [['--db'], "integrate: option '--db <path>' argument missing. See integrate --help.\n"],
  ])('integrate %j', async (args, message) => {
    const ctx = createTestCtx();
    expect(await main(['node', 'integrate', ...args], ctx)).toBe(2);
    expect(ctx.io.stderr()).toBe(message);
    expect(ctx.io.stdout()).toBe('');
  });
});
