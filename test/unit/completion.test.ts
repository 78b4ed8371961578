// Shell completion scripts: valid syntax for each shell (checked by the shell
// itself where it is installed), every command and subcommand of the
// commander tree, flags, pack and instrument ids, flag choices, and what Tab
// really offers (bash always; zsh and fish when installed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli.js';
import { commandTree, completionScript } from '../../src/commands/completion.js';
import { createTestCtx } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { main } from '../../src/main.js';

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const HAS_ZSH = has('zsh');
const HAS_FISH = has('fish');
const zshIt = HAS_ZSH ? it : it.skip;
const fishIt = HAS_FISH ? it : it.skip;
const ZSH_NOTE = HAS_ZSH ? '' : ' (skipped: zsh is not installed)';
const FISH_NOTE = HAS_FISH ? '' : ' (skipped: fish is not installed)';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
const REFLECTION_PACKS = ['daily', 'month-after', 'post-session', 'pre-session', 'realms', 'week-after', 'weekly'];
const INSTRUMENTS = ['gad7', 'phq9', 'who5'];
const ROUTES = ['iv', 'im', 'oral', 'sublingual', 'intranasal', 'other'];

const isHidden = (c: Command) => Boolean((c as unknown as { _hidden?: boolean })._hidden);

/** Every visible command as its path, walking the commander tree (never a hand-kept list). */
function walk(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.filter((c) => !isHidden(c)).flatMap((c) => [[...prefix, c.name()], ...walk(c, [...prefix, c.name()])]);
}

let dir: string;
let configDir: string;
const scripts: Record<string, string> = {};
const files: Record<string, string> = {};
let tree: string[][];
let program: Command;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-completion-'));
  // A user pack in the config folder: its id is completed like the built-in ones.
  configDir = path.join(dir, 'config');
  fs.mkdirSync(path.join(configDir, 'prompts'), { recursive: true });
  fs.copyFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'packs', 'evening.yaml'), path.join(configDir, 'prompts', 'evening.yaml'));
  // Completion runs in an empty folder, so file-name completion has nothing to offer but what we put there.
  fs.mkdirSync(path.join(dir, 'cwd'));
  fs.writeFileSync(path.join(dir, 'cwd', 'notes.db'), '');
  const ctx = createTestCtx({ configDir });
  program = await createProgram(ctx);
  tree = walk(program);
  for (const shell of SHELLS) {
    scripts[shell] = await completionScript(program, shell, ctx);
    files[shell] = path.join(dir, `integrate.${shell}`);
    fs.writeFileSync(files[shell]!, scripts[shell]!);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What bash offers for a command line: words typed so far, the last one being completed. */
function bashComplete(...words: string[]): string[] {
  const driver = 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _integrate; printf "%s\\n" "${COMPREPLY[@]}"';
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', driver, 'bash', files.bash!, ...words], { cwd: path.join(dir, 'cwd'), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean).sort();
}

/**
 * What zsh offers, through bashcompinit's compgen -F as zsh's own completion
 * calls it. zsh's compgen does not filter by the typed prefix (compadd does),
 * so the prefix is applied here as zsh would.
 */
function zshComplete(...lines: string[][]): string[][] {
  // One zsh for all the lines: compinit alone takes seconds on a loaded machine.
  const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  const driver = ['autoload -U compinit && compinit -u -D; source "$1"', ...lines.map((words) =>
    `words=(${words.map(quote).join(' ')}); CURRENT=$#words; COMP_WORDS=("\${words[@]}"); COMP_CWORD=$(( $#words - 1 ))
compgen -F _integrate -- "\${words[CURRENT]}"; print -r -- '---'`)].join('\n');
  const r = spawnSync('zsh', ['-f', '-c', driver, 'zsh', files.zsh!], { cwd: path.join(dir, 'cwd'), encoding: 'utf8', env: { ...process.env, HOME: dir } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const outputs = r.stdout.split(/^---\n/m).slice(0, lines.length);
  expect(outputs).toHaveLength(lines.length);
  return outputs.map((out, i) => {
    const prefix = lines[i]!.at(-1)!;
    return [...new Set(out.split('\n').filter((w) => w && w.startsWith(prefix)))].sort();
  });
}

/** What fish offers for a command line (complete -C), candidates only. */
function fishComplete(line: string): string[] {
  const r = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', files.fish!, line], { cwd: path.join(dir, 'cwd'), encoding: 'utf8', env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg-config'), XDG_DATA_HOME: path.join(dir, 'xdg-data') } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]!).sort();
}

const sorted = (xs: string[]) => [...xs].sort();

describe('syntax, checked by each shell', () => {
  it('bash -n accepts the bash script', () => {
    const r = spawnSync('bash', ['-n', files.bash!], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  zshIt(`zsh -n accepts the zsh script${ZSH_NOTE}`, () => {
    const r = spawnSync('zsh', ['-n', files.zsh!], { encoding: 'utf8', env: { ...process.env, HOME: dir } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  fishIt(`fish --no-execute accepts the fish script${FISH_NOTE}`, () => {
    const r = spawnSync('fish', ['--no-execute', files.fish!], { encoding: 'utf8', env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg-config'), XDG_DATA_HOME: path.join(dir, 'xdg-data') } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('each script says what it is and how to install it', () => {
    expect(scripts.bash).toMatch(/^# bash completion for integrate/);
    expect(scripts.bash).toContain('complete -F _integrate integrate');
    expect(scripts.zsh).toMatch(/^#compdef integrate\n/);
    expect(scripts.zsh).toContain('bashcompinit');
    expect(scripts.fish).toMatch(/^# fish completion for integrate/);
    for (const shell of SHELLS) expect(scripts[shell]).toContain(`integrate completion ${shell} >`);
  });
});

describe('generated from the commander tree', () => {
  it('the tree is the real one: top-level commands and nested subcommands, not the hidden home', () => {
    const top = tree.filter((p) => p.length === 1).map((p) => p[0]);
    expect(top).toEqual(expect.arrayContaining(['checkin', 'journal', 'session', 'intentions', 'prompts', 'assess', 'summary', 'search', 'export', 'import', 'backup', 'doctor', 'config', 'completion', 'help', 'crisis', 'list', 'mood', 'stats', 'show', 'edit', 'delete']));
    expect(top).not.toContain('home');
    expect(tree).toEqual(expect.arrayContaining([['session', 'add'], ['intentions', 'done'], ['prompts', 'validate'], ['config', 'unset']]));
  });

  /** The words the bash/zsh table offers after a command path. */
  function tableEntry(script: string, fn: string, pathKey: string): string[] {
    const body = script.slice(script.indexOf(`${fn}() {`));
    const m = new RegExp(`^    '${pathKey}'\\) echo '([^']*)' ;;$`, 'm').exec(body.slice(0, body.indexOf('\n}')));
    expect(m, `${fn} has a case for "${pathKey}"`).not.toBeNull();
    return m![1]!.split(' ').filter(Boolean);
  }

  for (const shell of ['bash', 'zsh'] as const) {
    it(`${shell}: every command and subcommand is offered after its parent, and home is not`, () => {
      for (const p of tree) {
        expect(tableEntry(scripts[shell]!, '_integrate_subcommands', p.slice(0, -1).join(' ')), p.join(' ')).toContain(p.at(-1));
      }
      expect(tableEntry(scripts[shell]!, '_integrate_subcommands', '')).not.toContain('home');
    });
  }

  it('fish: every command and subcommand is offered after its parent, and home is not', () => {
    for (const p of tree) {
      const parent = p.slice(0, -1).join(' ');
      const line = scripts.fish!.split('\n').find((l) => l.includes(`'${parent}'`) && l.includes(` -a ${p.at(-1)} -d `));
      expect(line, p.join(' ')).toBeDefined();
    }
    expect(scripts.fish).not.toMatch(/ -a home /);
  });

  it('bash offers, after each command path, exactly its subcommands', () => {
    for (const p of [[], ...tree]) {
      const subs = program.commands.length && p.reduce<Command | undefined>((c, name) => c?.commands.find((s) => s.name() === name), program);
      const expected = (subs as Command).commands.filter((c) => !isHidden(c)).map((c) => c.name());
      if (!expected.length) continue;
      expect(bashComplete('integrate', ...p, ''), p.join(' ')).toEqual(expect.arrayContaining(expected));
    }
  });

  it('a command added to the tree appears in every script without anyone listing it', async () => {
    const ctx = createTestCtx();
    const extended = await createProgram(ctx);
    const added = extended.command('zz-new').description('a brand-new command');
    added.command('deeper').option('--zap <level>', 'how hard');
    extended.command('zz-secret', { hidden: true });
    for (const shell of SHELLS) {
      const script = await completionScript(extended, shell, ctx);
      expect(script, shell).toContain('zz-new');
      expect(script, shell).toContain('deeper');
      expect(script, shell).toMatch(shell === 'fish' ? /-l zap\b/ : /--zap\b/);
      expect(script, shell).not.toContain('zz-secret');
    }
  });

  it('commandTree lists each node with its options and their arity', () => {
    const nodes = commandTree(program, {});
    const add = nodes.find((n) => n.path.join(' ') === 'session add')!;
    expect(add.options.find((o) => o.long === '--route')).toMatchObject({ takesValue: true });
    expect(add.options.find((o) => o.long === '--json')).toMatchObject({ takesValue: false });
    expect(nodes.find((n) => n.path.length === 0)!.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--db', '--no-color']));
  });
});

describe('flags, ids and choices in every script', () => {
  const FLAGS: Record<string, string[]> = {
    checkin: ['--mood', '--anxiety', '--sleep', '--practice', '--note', '--daily'],
    'session add': ['--route', '--dose-mg', '--setting', '--intention'],
    export: ['--format', '--out', '--exclude-private'],
    list: ['--since', '--limit', '--drafts'],
    summary: ['--exclude-tag', '--include-private', '--format'],
  };

  it('bash and zsh: the flags of a few commands, under their own command', () => {
    for (const shell of ['bash', 'zsh'] as const) {
      const body = scripts[shell]!.slice(scripts[shell]!.indexOf('_integrate_options() {'));
      for (const [cmd, flags] of Object.entries(FLAGS)) {
        const line = body.split('\n').find((l) => l.startsWith(`    '${cmd}')`))!;
        for (const flag of flags) expect(line, `${shell} ${cmd}`).toContain(flag);
      }
      expect(body.split('\n').find((l) => l.startsWith(`    '')`))).toMatch(/--db.*--no-color/);
    }
  });

  it('fish: the flags of a few commands, under their own command', () => {
    for (const [cmd, flags] of Object.entries(FLAGS)) {
      for (const flag of flags) {
        expect(scripts.fish!.split('\n').some((l) => l.includes(`'${cmd}'`) && l.includes(` -l ${flag.slice(2)} `)), `${cmd} ${flag}`).toBe(true);
      }
    }
    expect(scripts.fish).toMatch(/-l db -r -F/);
  });

  it('pack ids (built-in and the user\'s), instrument ids, --route and --format choices, config keys', () => {
    for (const shell of SHELLS) {
      const s = scripts[shell]!;
      for (const id of [...REFLECTION_PACKS, 'evening', ...INSTRUMENTS]) expect(s, `${shell} ${id}`).toMatch(new RegExp(`\\b${id}\\b`));
      expect(s, shell).toContain(ROUTES.join(' '));
      expect(s, shell).toContain('json csv md');
      expect(s, shell).toContain('md html');
      expect(s, shell).toContain('integrate jrnl daylio dayone');
      expect(s, shell).toContain('cadence.who5');
      expect(s, shell).toContain('weekStart');
    }
  });

  it('unknown shell: a UsageError naming the shells', async () => {
    const ctx = createTestCtx();
    const p = await createProgram(ctx);
    await expect(completionScript(p, 'powershell', ctx)).rejects.toThrow(UsageError);
    await expect(completionScript(p, 'powershell', ctx)).rejects.toThrow('integrate completion needs one of bash, zsh, fish; got "powershell".');
    const run = createTestCtx();
    expect(await main(['node', 'integrate', 'completion', 'tcsh'], run)).toBe(2);
    expect(run.io.stderr()).toBe('integrate: integrate completion needs one of bash, zsh, fish; got "tcsh".\n');
    expect(run.io.stdout()).toBe('');
  });

  it('integrate completion SHELL prints the script on stdout', async () => {
    const ctx = createTestCtx();
    expect(await main(['node', 'integrate', 'completion', 'bash'], ctx)).toBe(0);
    expect(ctx.io.stdout()).toBe(await completionScript(await createProgram(createTestCtx()), 'bash', createTestCtx()));
    expect(ctx.io.stderr()).toBe('');
  });
});

describe('bash: what Tab offers', () => {
  it('integrate ses<TAB> → session', () => {
    expect(bashComplete('integrate', 'ses')).toEqual(['session']);
  });

  it('integrate session add --route <TAB> → the routes; a prefix narrows them', () => {
    expect(bashComplete('integrate', 'session', 'add', '--route', '')).toEqual(sorted(ROUTES));
    expect(bashComplete('integrate', 'session', 'add', '--route', 'i')).toEqual(['im', 'intranasal', 'iv']);
  });

  it('integrate journal <TAB> → the reflection packs (with the user\'s), no questionnaires', () => {
    expect(bashComplete('integrate', 'journal', '')).toEqual(sorted([...REFLECTION_PACKS, 'evening']));
  });

  it('integrate export --format <TAB> → json csv md; summary --format → md html', () => {
    expect(bashComplete('integrate', 'export', '--format', '')).toEqual(['csv', 'json', 'md']);
    expect(bashComplete('integrate', 'summary', '--format', '')).toEqual(['html', 'md']);
  });

  it('integrate assess <TAB> → the questionnaires and history; prompts show → every pack', () => {
    expect(bashComplete('integrate', 'assess', '')).toEqual(sorted([...INSTRUMENTS, 'history']));
    expect(bashComplete('integrate', 'prompts', 'show', '')).toEqual(sorted([...REFLECTION_PACKS, 'evening', ...INSTRUMENTS]));
  });

  it('flags: a command\'s own plus the global ones, not another command\'s', () => {
    const flags = bashComplete('integrate', 'checkin', '--');
    expect(flags).toEqual(expect.arrayContaining(['--mood', '--anxiety', '--energy', '--sleep', '--practice', '--note', '--db', '--no-color']));
    expect(flags).not.toContain('--route');
    expect(bashComplete('integrate', 'intentions', 'list', '--')).toEqual(expect.arrayContaining(['--all', '--json']));
    expect(bashComplete('integrate', 'intentions', 'list', '--')).not.toContain('--drafts');
  });

  it('flag values are skipped when working out the command, even when they look like commands', () => {
    expect(bashComplete('integrate', '--db', 'x.db', 'ses')).toEqual(['session']);
    expect(bashComplete('integrate', '--db', 'session', '')).toEqual(expect.arrayContaining(['checkin', 'session']));
    expect(bashComplete('integrate', 'list', '--tag', 'session', '--d')).toEqual(['--days', '--db', '--drafts']);
    expect(bashComplete('integrate', 'session', '--db', 'x.db', '')).toEqual(['add', 'delete', 'edit', 'list', 'show']);
  });

  it('other choices: --kind, --metric (with the questionnaires), --from, crisis --region, config keys, shells, help topics', () => {
    // Each command's own choices: list filters entries, search also finds session notes and intentions.
    expect(bashComplete('integrate', 'list', '--kind', '')).toEqual(sorted(['checkin', 'journal', 'assessment']));
    expect(bashComplete('integrate', 'search', 'x', '--kind', '')).toEqual(sorted(['checkin', 'journal', 'assessment', 'session', 'intention']));
    expect(bashComplete('integrate', 'mood', '--metric', '')).toEqual(expect.arrayContaining(['mood', 'anxiety', 'sleep', ...INSTRUMENTS]));
    expect(bashComplete('integrate', 'import', 'x.json', '--from', '')).toEqual(['daylio', 'dayone', 'integrate', 'jrnl']);
    expect(bashComplete('integrate', 'crisis', '--region', 'G')).toEqual(['GB']);
    expect(bashComplete('integrate', 'config', 'set', 'cad')).toEqual(['cadence.gad7', 'cadence.phq9', 'cadence.who5']);
    expect(bashComplete('integrate', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(bashComplete('integrate', 'help', 'pr')).toEqual(['privacy', 'prompts']);
  });

  it('every choice a flag or argument holds in the command tree is offered after it (no hand-kept list)', () => {
    const all = (cmd: Command): Command[] => cmd.commands.filter((c) => !isHidden(c)).flatMap((c) => [c, ...all(c)]);
    const path = (cmd: Command): string[] => (cmd.parent ? [...path(cmd.parent), cmd.name()] : []);
    let checked = 0;
    for (const cmd of all(program)) {
      for (const o of cmd.options.filter((x) => x.argChoices)) {
        expect(bashComplete('integrate', ...path(cmd), o.long!, ''), `${path(cmd).join(' ')} ${o.long}`).toEqual(sorted(o.argChoices!));
        checked++;
      }
      for (const a of cmd.registeredArguments.filter((x) => x.argChoices)) {
        expect(bashComplete('integrate', ...path(cmd), ''), `${path(cmd).join(' ')} <${a.name()}>`).toEqual(expect.arrayContaining(a.argChoices!));
        checked++;
      }
    }
    // export/summary --format, import --from, list/search/export --kind, session add/edit --route, completion <shell>, help <topic>.
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('file names after --db, --out and --answers, and for import', () => {
    expect(bashComplete('integrate', '--db', 'no')).toEqual(['notes.db']);
    expect(bashComplete('integrate', 'export', '--out', '')).toEqual(['notes.db']);
    expect(bashComplete('integrate', 'journal', '--answers', 'n')).toEqual(['notes.db']);
    expect(bashComplete('integrate', 'import', 'no')).toEqual(['notes.db']);
  });

  it('a value that needs no completion (--mood) offers nothing rather than commands', () => {
    expect(bashComplete('integrate', 'checkin', '--mood', '')).toEqual([]);
  });
});

describe('zsh: what Tab offers (through bashcompinit)', () => {
  zshIt(`the same answers as bash${ZSH_NOTE}`, () => {
    const [ses, routes, packs, formats, session, flags] = zshComplete(
      ['integrate', 'ses'],
      ['integrate', 'session', 'add', '--route', ''],
      ['integrate', 'journal', ''],
      ['integrate', 'export', '--format', ''],
      ['integrate', 'session', ''],
      ['integrate', 'checkin', '--'],
    );
    expect(ses).toEqual(['session']);
    expect(routes).toEqual(sorted(ROUTES));
    expect(packs).toEqual(sorted([...REFLECTION_PACKS, 'evening']));
    expect(formats).toEqual(['csv', 'json', 'md']);
    expect(session).toEqual(['add', 'delete', 'edit', 'list', 'show']);
    expect(flags).toEqual(expect.arrayContaining(['--mood', '--sleep', '--db']));
  });
});

describe('fish: what Tab offers', () => {
  fishIt(`commands, choices and pack ids${FISH_NOTE}`, () => {
    expect(fishComplete('integrate ses')).toEqual(['session']);
    expect(fishComplete('integrate session add --route ')).toEqual(sorted(ROUTES));
    expect(fishComplete('integrate journal ')).toEqual(sorted([...REFLECTION_PACKS, 'evening']));
    expect(fishComplete('integrate export --format ')).toEqual(['csv', 'json', 'md']);
    expect(fishComplete('integrate summary --format ')).toEqual(['html', 'md']);
    expect(fishComplete('integrate assess ')).toEqual(sorted([...INSTRUMENTS, 'history']));
    expect(fishComplete('integrate --db x.db session ')).toEqual(['add', 'delete', 'edit', 'list', 'show']);
  });

  fishIt(`a subcommand gets its own flags, not those of a top-level command with the same name${FISH_NOTE}`, () => {
    // intentions list vs list; session edit vs edit.
    const intentionsList = fishComplete('integrate intentions list --');
    expect(intentionsList).toEqual(expect.arrayContaining(['--all', '--json', '--db']));
    expect(intentionsList).not.toContain('--drafts');
    const sessionEdit = fishComplete('integrate session edit --s');
    expect(sessionEdit).toEqual(['--setting']);
    expect(fishComplete('integrate list --')).toEqual(expect.arrayContaining(['--drafts', '--since']));
  });

  fishIt(`choices and plain values never fall back to file names; --db does${FISH_NOTE}`, () => {
    expect(fishComplete('integrate session add --route ')).not.toContain('notes.db');
    expect(fishComplete('integrate checkin --mood ')).toEqual([]);
    expect(fishComplete('integrate --db no')).toEqual(['notes.db']);
  });
});
