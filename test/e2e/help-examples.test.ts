// Every example shown in `--help` really runs. Each command module exports
// its examples as data (`examples`, keyed by the command as typed; the root's
// are in src/cli.ts); help renders them, and this test reads the same data
// (loading every command module) and checks that help shows exactly these.
// Each one that does not need a person at a terminal is run exactly as
// written, in a fresh copy of a seeded database, in a folder holding the
// files the examples name, and must exit 0. An example with anything the
// shell interprets beyond simple quotes (pipes, redirections, globs,
// variables) runs through `sh -c` with the built `integrate` on the PATH; a
// list of plain or simply quoted words runs in-process through the same main()
// with a real context on the same files, which proves the same thing without
// a process start each (the built bin is run by the others).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram, examples as rootExamples } from '../../src/cli.js';
import type { CommandExamples, Example } from '../../src/commands/shared/help.js';
import { createProcessCtx, createTestCtx } from '../../src/context.js';
import { memoryIo } from '../../src/io.js';
import { main } from '../../src/main.js';
import { baseEnv, BIN, ensureBuilt, ROOT } from '../helpers/run-bin.js';

/** Every command module's examples, by command path: loaded from the modules themselves. */
async function loadAllExamples(): Promise<Map<string, readonly Example[]>> {
  const dir = path.join(ROOT, 'src', 'commands');
  const modules = await Promise.all(fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => import(path.join(dir, f)) as Promise<{ examples?: CommandExamples }>));
  const all = new Map<string, readonly Example[]>(Object.entries(rootExamples));
  for (const mod of modules) for (const [key, list] of Object.entries(mod.examples ?? {})) all.set(key, list);
  return all;
}

const BY_COMMAND = await loadAllExamples();
/** Each distinct example once (some commands show the same one in two places). */
const EXAMPLES: Example[] = [...new Map([...BY_COMMAND.values()].flat().map((e) => [`${e.interactive === true}|${e.cmd}`, e])).values()];
const RUNNABLE = EXAMPLES.filter((e) => !e.interactive);
const INTERACTIVE = EXAMPLES.filter((e) => e.interactive);

/** Every command in the tree with its path as typed ("integrate session add"). */
function walk(cmd: Command, prefix = ''): [string, Command][] {
  const name = prefix ? `${prefix} ${cmd.name()}` : cmd.name();
  return [[name, cmd], ...cmd.commands.flatMap((sub) => walk(sub, name))];
}

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const DAY_MS = 86_400_000;

let root: string;
let template: string;
let seededDb: string;
let binDir: string;

/** The local calendar day `days` ago, as YYYY-MM-DD (TZ is Europe/Berlin for the bin too). */
function dayAgo(days: number): string {
  const d = new Date(Date.now() - days * DAY_MS);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** An instant at a local wall-clock time `days` ago, with its UTC offset, as the importer wants it. */
function at(days: number, time: string): string {
  const local = new Date(`${dayAgo(days)}T${time}:00`);
  const offset = -local.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${dayAgo(days)}T${time}:00${sign}${hh}:${mm}`;
}

const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An integrate-format export (format "integrate", version 1) with what the examples refer to. */
function seedDocument() {
  const entry = (n: number, days: number, fields: Record<string, unknown>) => ({
    id: id('e0000000', n), createdAt: at(days, '20:30'), kind: 'checkin', pack: null, packVersion: null, metrics: {}, practices: [], tags: [],
    text: '', private: false, starred: false, updatedAt: null, answers: [], safetyFlags: [], ...fields,
  });
  const entries: Record<string, unknown>[] = [];
  // Check-ins over the last three weeks: moods, anxiety, sleep, tags work/family, practices.
  for (let days = 21; days >= 1; days--) {
    if (days % 6 === 0) continue; // a few gaps
    const mood = 4 + ((days * 3) % 5);
    entries.push(entry(days, days, {
      metrics: { mood, anxiety: 9 - mood, ...(days % 2 ? { sleep: 6 + (days % 4) * 0.5 } : {}) },
      tags: days % 3 === 0 ? ['family'] : days % 3 === 1 ? ['work'] : [],
      practices: days % 2 ? ['meditation'] : ['breathwork', 'nature'],
      text: days % 4 === 0 ? 'A steadier day.' : '',
    }));
  }
  // The entry the show/edit/delete examples name.
  entries.push(entry(0, 2, {
    id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', metrics: { mood: 6, anxiety: 3, sleep: 7 }, tags: ['work'], practices: ['meditation'],
    text: 'Dreamt of my grandmother\'s kitchen; calmer at work afterwards.',
  }));
  // A reflection the search examples find.
  entries.push(entry(100, 3, {
    id: id('f0000000', 1), createdAt: at(3, '21:15'), kind: 'journal', pack: 'daily', packVersion: 1, metrics: { mood: 7 },
    text: 'After the walk I felt lighter. Ten minutes of breathwork before bed helped too.',
    answers: [{ question: 'mood', position: 0, type: 'scale', prompt: 'How is your mood today?', value: 7, insight: false, discuss: false, role: null }],
  }));
  const session = (n: number, days: number, route: string) => ({
    id: id('a0000000', n), occurredAt: at(days, '10:00'), route, doseMg: route === 'im' ? 50 : null, setting: 'clinic', guide: 'Dr. Example',
    intention: 'meet the grief', notes: `Session ${n} notes.`,
  });
  const intention = (ident: string, text: string, days: number) => ({
    id: ident, text, createdAt: at(days, '09:00'), status: 'open', dueDate: null, closedAt: null, sourceEntryId: null,
  });
  return {
    format: 'integrate', version: 1, exportedAt: new Date().toISOString(), entries,
    sessions: [session(1, 40, 'im'), session(2, 26, 'iv'), session(3, 12, 'iv')],
    intentions: [
      intention('3f2a9c1e-7b4d-4e2a-9f00-1234567890ab', 'Ten minutes outside after lunch', 11),
      intention(id('b0000000', 1), 'Call my sister on Sunday', 10),
    ],
  };
}

function runSh(command: string, cwd: string, env: NodeJS.ProcessEnv) {
  // stdin is /dev/null: an example that reads stdin gets it from its own pipe.
  return spawnSync('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 });
}

/** Words the shell passes on unchanged (no globs, pipes, redirections or variables), and quoted ones ('...' or "..." holding nothing the shell expands inside double quotes). */
const QUOTED = /^integrate( ([A-Za-z0-9_.,=:/+@-]+|'[^']*'|"[^"$`\\]*"))*$/;

/** The words sh makes of a command QUOTED accepts: each quote removed, its inside kept as one word. */
function shellWords(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|([^ ]+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/**
 * Runs an example: plain and quoted words in-process (cwd, env and files as
 * for the shell), anything else (pipes, redirections, globs) through sh.
 */
async function runExample(command: string, home: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = envFor(home);
  if (!QUOTED.test(command)) {
    const r = runSh(command, home, env);
    return { status: r.status ?? null, stdout: r.stdout, stderr: r.stderr };
  }
  // A real context (database, settings, environment) with stdin closed, no terminal, and output kept.
  const io = memoryIo({ stdin: '', tty: false, columns: 80 });
  const ctx = { ...createProcessCtx(env), io };
  const cwd = process.cwd();
  process.chdir(home);
  try {
    const status = await main(['node', 'integrate', ...shellWords(command).slice(1)], ctx);
    return { status, stdout: io.stdout(), stderr: io.stderr() };
  } finally {
    process.chdir(cwd);
  }
}

/** The environment of one run: a clean one, `integrate` first on the PATH, the database and settings in `home`. */
function envFor(home: string): NodeJS.ProcessEnv {
  const env = baseEnv(home);
  env.PATH = `${binDir}${path.delimiter}${env.PATH ?? ''}`;
  env.INTEGRATE_DB = path.join(home, 'data', 'integrate.db');
  env.INTEGRATE_CONFIG = path.join(home, 'config', 'config.json');
  return env;
}

beforeAll(() => {
  ensureBuilt();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-examples-'));

  // `integrate` on the PATH, as after installing the package.
  binDir = path.join(root, 'bin');
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, 'integrate'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });

  // The files the examples name, in the folder they run in.
  template = path.join(root, 'template');
  fs.mkdirSync(template);
  fs.copyFileSync(path.join(FIXTURES, 'examples', 'today.yaml'), path.join(template, 'today.yaml'));
  fs.copyFileSync(path.join(FIXTURES, 'examples', 'my-pack.yaml'), path.join(template, 'my-pack.yaml'));
  fs.copyFileSync(path.join(FIXTURES, 'packs', 'evening.yaml'), path.join(template, 'evening.yaml'));
  // A Daylio export with Daylio's own five mood labels (rad, good, meh, bad, awful).
  fs.copyFileSync(path.join(FIXTURES, 'examples', 'daylio_export.csv'), path.join(template, 'daylio_export.csv'));
  fs.copyFileSync(path.join(FIXTURES, 'import', 'jrnl.json'), path.join(template, 'journal.json'));
  fs.copyFileSync(path.join(FIXTURES, 'import', 'dayone.json'), path.join(template, 'Journal.json'));
  fs.copyFileSync(path.join(FIXTURES, 'examples', 'gad7.json'), path.join(template, 'gad7.json'));
  // The passphrase file of the encrypt example (a passphrase file must be 0600).
  fs.writeFileSync(path.join(template, '.integrate-pass'), 'a passphrase for the examples\n', { mode: 0o600 });
  // The folders the completion examples write into.
  fs.mkdirSync(path.join(template, '.local', 'share', 'bash-completion', 'completions'), { recursive: true });
  fs.mkdirSync(path.join(template, '.config', 'fish', 'completions'), { recursive: true });

  // The seeded database: imported from the document above, then exported as the backup the import example reads.
  const seedHome = path.join(root, 'seed');
  fs.mkdirSync(seedHome);
  fs.writeFileSync(path.join(seedHome, 'seed.json'), JSON.stringify(seedDocument(), null, 2));
  const env = envFor(seedHome);
  for (const command of ['integrate import seed.json', 'integrate export --out integrate-backup.json']) {
    const r = runSh(command, seedHome, env);
    if (r.status !== 0) throw new Error(`seeding failed: ${command}\n${r.stderr}`);
  }
  fs.copyFileSync(path.join(seedHome, 'integrate-backup.json'), path.join(template, 'integrate-backup.json'));
  seededDb = env.INTEGRATE_DB!;
  expect(fs.existsSync(`${seededDb}-wal`) ? fs.statSync(`${seededDb}-wal`).size : 0).toBe(0);
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh home for one example: the files, a copy of the seeded database (0600 in a 0700 folder), no settings yet. */
function freshHome(): string {
  const home = fs.mkdtempSync(path.join(root, 'run-'));
  fs.cpSync(template, home, { recursive: true });
  fs.mkdirSync(path.join(home, 'data'), { mode: 0o700 });
  fs.copyFileSync(seededDb, path.join(home, 'data', 'integrate.db'));
  fs.chmodSync(path.join(home, 'data', 'integrate.db'), 0o600);
  return home;
}

/** Checks beyond the exit code, for examples whose point is to find the seeded data. */
const FINDS: Record<string, (stdout: string) => void> = {
  'integrate search grandmother': (out) => expect(out).toContain('1a2b3c4d'),
  'integrate search \'"felt lighter"\'': (out) => expect(out).toMatch(/felt.*lighter/),
  'integrate search breath* --since 2026-01-01': (out) => expect(out).toContain('breathwork'),
  'integrate show 1a2b3c4d': (out) => expect(out).toContain('grandmother'),
  'integrate show 1a2b --json': (out) => expect(JSON.parse(out)).toMatchObject({ id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }),
  'integrate list --days 7 --tag work': (out) => expect(out).toContain('1a2b3c4d'),
  'integrate session show 3': (out) => expect(out).toContain('meet the grief'),
  'integrate session list': (out) => expect(out.trim().split('\n').length).toBeGreaterThanOrEqual(3),
  'integrate intentions': (out) => expect(out).toContain('Ten minutes outside after lunch'),
  'integrate mood': (out) => expect(out.length).toBeGreaterThan(0),
};

describe('help examples are data each command exports', () => {
  it('help shows exactly the examples the command modules export, each under its own command', async () => {
    const ctx = createTestCtx();
    const tree = walk(await createProgram(ctx));
    const shown = new Map<string, string[]>();
    for (const [name, cmd] of tree) {
      const before = ctx.io.stdout().length;
      cmd.outputHelp();
      const lines = ctx.io.stdout().slice(before).split('\n').filter((l) => l.startsWith('  $ '));
      if (lines.length) shown.set(name, lines.map((l) => l.slice(4).split(/ {3}/)[0]!.trimEnd()));
    }
    const data = new Map([...BY_COMMAND].map(([name, list]) => [name, list.map((e) => e.cmd)]));
    expect(shown).toEqual(data);
    for (const name of BY_COMMAND.keys()) expect(tree.map(([n]) => n), `examples for "${name}", which is no command`).toContain(name);
  });

  it('most are runnable; the interactive ones are marked as such, not guessed', () => {
    expect(EXAMPLES.length).toBeGreaterThan(50);
    expect(RUNNABLE.length).toBeGreaterThan(INTERACTIVE.length * 3);
    // Interactive ones are the ones that ask: journal/checkin with no flags, the editor, confirmations.
    expect(INTERACTIVE.map((e) => e.cmd)).toEqual(expect.arrayContaining(['integrate journal', 'integrate checkin', 'integrate assess phq9', 'integrate edit 1a2b', 'integrate delete 1a2b']));
    console.log(`help examples: ${RUNNABLE.length} run, ${INTERACTIVE.length} interactive skipped (${INTERACTIVE.map((e) => e.cmd).join('; ')})`);
  });
});

describe('help examples run as written', () => {
  it.each(RUNNABLE.map((e) => [e.cmd]))('%s', async (command) => {
    const home = freshHome();
    const r = await runExample(command, home);
    if (r.status !== 0) {
      throw new Error(`The help example \`${command}\` exited ${r.status}.\nstderr:\n${r.stderr}\nstdout:\n${r.stdout.slice(0, 2000)}`);
    }
    expect(r.stderr, `stderr of \`${command}\``).not.toMatch(/^integrate: /m);
    FINDS[command]?.(r.stdout);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it.skip.each(INTERACTIVE.map((e) => [e.cmd]))('%s (interactive: needs a person at a terminal)', () => {});

  // Marked interactive honestly: without a terminal each one refuses (exit 2) and says what to do instead.
  it.each(INTERACTIVE.map((e) => [e.cmd]))('%s, without a terminal, refuses to prompt', async (command) => {
    const home = freshHome();
    const r = await runExample(command, home);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^integrate: .+\n$/);
    expect(r.stdout).toBe('');
    fs.rmSync(home, { recursive: true, force: true });
  });
});
