// The built bundle loads only what a run needs: the invoked command's own
// chunk, no other command, and the heavy libraries only where they are used.
// The built-in packs it ships as JSON are the ones prompts/*.yaml describes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { createTestCtx } from '../../src/context.js';
import { main } from '../../src/main.js';
import { baseEnv, BIN, ensureBuilt, makeSandbox, ROOT, runBin, runBinBatch } from '../helpers/run-bin.js';

const DIST = path.join(ROOT, 'dist');
// Logs every file the app loads from dist/ to stderr, as "load chunks/x.js"
// (dist/ is CommonJS: each file passes through the .js loader once).
const HOOK = `
const Module = require('node:module');
const load = Module._extensions['.js'];
Module._extensions['.js'] = function (module, filename) {
  const m = /\\/dist\\/(.*)$/.exec(filename);
  if (m) process.stderr.write('load ' + m[1] + '\\n');
  return load.call(this, module, filename);
};
`;
let hookFile: string;

/** The packages bundled into each dist file, from the build's metafile. */
function packagesByFile(): Map<string, Set<string>> {
  const meta = JSON.parse(fs.readFileSync(path.join(DIST, 'metafile.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const byFile = new Map<string, Set<string>>();
  for (const [file, output] of Object.entries(meta.outputs)) {
    const names = Object.keys(output.inputs).map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]).filter((n): n is string => Boolean(n));
    byFile.set(path.relative('dist', file), new Set(names));
  }
  return byFile;
}

/** Libraries that only some commands need. */
const HEAVY = ['yaml', 'zod', '@inquirer/core', 'marked-terminal', 'marked', 'chrono-node', 'csv-parse', 'asciichart'];

let sandbox: ReturnType<typeof makeSandbox>;

beforeAll(async () => {
  ensureBuilt();
  sandbox = makeSandbox('integrate-startup-');
  hookFile = path.join(sandbox.dir, 'log-loads.cjs');
  fs.writeFileSync(hookFile, HOOK);
  const r = await runBin(['checkin', '--mood', '6'], sandbox.dir);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => sandbox?.cleanup());

/** The dist files a run imports, and the libraries found in them. */
function loads(args: string[]): Promise<{ code: number | null; files: string[]; libraries: string[]; packages: string[]; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', hookFile, BIN, ...args], { cwd: sandbox.dir, env: baseEnv(sandbox.dir), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const files = [...new Set([...stderr.matchAll(/^load (.+)$/gm)].map((m) => m[1]!))];
      const bundled = packagesByFile();
      const libraries = new Set(files.flatMap((f) => [...(bundled.get(f) ?? [])]));
      resolve({ code, files, libraries: HEAVY.filter((name) => libraries.has(name)), packages: [...libraries].sort(), stdout });
    });
  });
}

/** The command modules among the files (chunks are named after their module: checkin-X.js; topics.ts holds help). */
const MODULES = new Set([...COMMANDS.map((c) => c.name), 'topics']);
const commandChunks = (files: string[]) => files.map((f) => /^chunks\/([a-z]+)-[A-Z0-9]+\.js$/.exec(f)?.[1]).filter((n) => n && MODULES.has(n));

describe('each run loads only what it uses', () => {
  it.each([['--version'], ['-V']])('%s alone is answered before commander, the context or the store load', async (flag) => {
    const r = await loads([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
    expect(commandChunks(r.files)).toEqual([]);
    expect(r.packages).toEqual([]);
    expect(r.files.filter((f) => /^chunks\/run-/.test(f))).toEqual([]);
  });

  it('--version after a global flag goes through commander and says the same', async () => {
    const r = await loads(['--no-color', '--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await loads(['--version'])).stdout);
    expect(r.packages).toContain('commander');
  });

  it('checkin with flags loads its own chunk only: no prompts library, no yaml or zod', async () => {
    const r = await loads(['checkin', '--mood', '5']);
    expect(r.code).toBe(0);
    expect(commandChunks(r.files)).toEqual(['checkin']);
    expect(r.libraries).toEqual([]);
  });

  it('home (integrate alone) reads the built-in packs without yaml or zod', async () => {
    const r = await loads([]);
    expect(r.code).toBe(0);
    expect(commandChunks(r.files)).toEqual(['home']);
    expect(r.libraries).toEqual([]);
  });

  it('a user pack of ones own brings in yaml and zod to read it', async () => {
    const prompts = path.join(sandbox.dir, 'xdg-config', 'integrate', 'prompts');
    fs.mkdirSync(prompts, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'packs', 'evening.yaml'), path.join(prompts, 'evening.yaml'));
    try {
      const r = await loads(['prompts', 'list']);
      expect(r.code).toBe(0);
      expect(r.libraries).toEqual(expect.arrayContaining(['yaml', 'zod']));
    } finally {
      fs.rmSync(prompts, { recursive: true, force: true });
    }
  });
  it('a user pack is held to the ranges the built-in packs record, as when they are read from YAML', async () => {
    const prompts = path.join(sandbox.dir, 'xdg-config', 'integrate', 'prompts');
    fs.mkdirSync(prompts, { recursive: true });
    // balance is not a core metric: only the built-in packs say it goes 0–10.
    fs.writeFileSync(path.join(prompts, 'wide.yaml'), 'id: wide\ntitle: Wide\nversion: 1\nquestions:\n  - { id: b, type: scale, prompt: Balance?, min: 0, max: 100, metric: balance }\n');
    try {
      const r = await runBin(['prompts', 'list'], sandbox.dir);
      expect(r.stderr).toMatch(/Skipped your prompt pack .*wide\.yaml \(1 problem/);
      expect(r.stdout).not.toMatch(/^\s*wide\b/m);
      const checked = await runBin(['prompts', 'validate', path.join(prompts, 'wide.yaml')], sandbox.dir);
      expect(checked.code).toBe(2);
      expect(checked.stderr).toContain('the metric balance (set by the built-in pack ');
    } finally {
      fs.rmSync(prompts, { recursive: true, force: true });
    }
  });
});

describe('the built-in packs shipped as JSON', () => {
  it('are exactly what prompts/*.yaml reads as, pack by pack', async () => {
    const ids = fs.readdirSync(path.join(ROOT, 'prompts')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    // The built bundle, all in one process: its packs are the JSON the build shipped.
    const shown = await runBinBatch(['list', ...ids].map((id) => (id === 'list' ? ['prompts', 'list', '--json'] : ['prompts', 'show', id, '--json'])), sandbox.dir);
    for (const [i, id] of ['list', ...ids].entries()) {
      // In-process, from src/: the YAML read and validated at run time.
      const ctx = createTestCtx({ configDir: path.join(sandbox.dir, 'no-config') });
      expect(await main(['node', 'integrate', ...(id === 'list' ? ['prompts', 'list', '--json'] : ['prompts', 'show', id, '--json'])], ctx)).toBe(0);
      expect(shown[i]!.stderr).toBe('');
      expect(JSON.parse(shown[i]!.stdout), id).toEqual(JSON.parse(ctx.io.stdout()));
    }
  }, 60_000);
});

describe('a reader that stops early', () => {
  // Before, a closed stderr made the error report fail on the same stream, forever, at full CPU.
  // `integrate` runs in a subshell that writes its own exit code to a file, so both ends are checked.
  it.each([
    ['integrate config 2>&1 | head -1', 'Examples:\n'],
    ['integrate session 2>&1 | head -1', 'Examples:\n'],
    ['integrate prompts 2>&1 | head -1', 'Examples:\n'],
    ['integrate --help | head -1', 'Examples:\n'],
    ['integrate completion bash | head -1', '# bash completion for integrate (generated by: integrate completion bash)\n'],
    // The reader is gone before the first write.
    ['integrate config 2>&1 | true', ''],
    ['integrate session 2>&1 | true', ''],
    ['integrate --version | true', ''],
    ['integrate --no-color --version | true', ''],
    ['integrate list 2>&1 | true', ''],
    // Only stderr is closed (the help of a group goes there).
    ['integrate prompts 2>&1 >/dev/null | true', ''],
  ])('%s ends quietly', (command, first) => {
    const env = { ...baseEnv(sandbox.dir), PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
    const shim = path.join(sandbox.dir, 'integrate');
    const codeFile = path.join(sandbox.dir, 'exit-code');
    fs.rmSync(codeFile, { force: true });
    fs.writeFileSync(shim, `#!/bin/sh\n"${process.execPath}" "${BIN}" "$@"\necho $? > "${codeFile}"\n`, { mode: 0o755 });
    const r = spawnSync('sh', ['-c', command.replace(/^integrate/, `"${shim}"`)], { cwd: sandbox.dir, env, encoding: 'utf8', timeout: 30_000 });
    expect(r.error).toBeUndefined();
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe(first);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(codeFile, 'utf8').trim()).toBe('0');
  }, 40_000);
});

describe('the schema reference built into the bundle', () => {
  // The build works out what the migrations create; the bin checks each database against that, as the sources do.
  it('a current database opens; one with a planted trigger, or one of ours redefined, is refused and left as it was', async () => {
    const make = async (name: string, sql?: string) => {
      const file = path.join(sandbox.dir, name);
      const r = await runBin(['--db', file, 'checkin', '--mood', '6'], sandbox.dir);
      expect(r.code, r.stderr).toBe(0);
      if (sql) {
        const db = new Database(file);
        db.exec(sql);
        db.close();
      }
      return file;
    };
    const clean = await make('clean.db');
    expect((await runBin(['--db', clean, 'list'], sandbox.dir)).code).toBe(0);
    const planted = await make('planted.db', 'CREATE TRIGGER lift AFTER INSERT ON entry_metrics BEGIN UPDATE entry_metrics SET value = 10; END;');
    const redefined = await make('redefined.db', 'DROP TRIGGER entries_search_ai; CREATE TRIGGER entries_search_ai AFTER INSERT ON entries BEGIN SELECT 1; END;');
    for (const [file, what] of [[planted, 'trigger lift'], [redefined, 'trigger entries_search_ai']] as const) {
      const before = fs.readFileSync(file);
      const r = await runBin(['--db', file, 'list'], sandbox.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`contains ${what}, which integrate did not create`);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    }
  });
});

describe('commander errors, from the built bin', () => {
  // The hint names the command that raised the error, read from commander's parse (not guessed from argv).
  it.each([
    [['--db', 'mydb', 'checkin', '--bogus'], "integrate: unknown option '--bogus'. See integrate checkin --help.\n"],
    [['--db=mydb', '--no-color', 'assess', '--day', '2026-01-01'], "integrate: unknown option '--day'. Did you mean --date? See integrate assess --help.\n"],
    [['--db', 'mydb', 'session', 'add', '--bogus'], "integrate: unknown option '--bogus'. See integrate session add --help.\n"],
    [['--db', 'mydb', '--bogus'], "integrate: unknown option '--bogus'. See integrate --help.\n"],
    [['--db', 'mydb', 'mydb'], "integrate: unknown command 'mydb'. See integrate --help.\n"],
  ])('integrate %j', async (args, message) => {
    const r = await runBin(args, sandbox.dir);
    expect(r.stderr).toBe(message);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(sandbox.dir, 'mydb'))).toBe(false);
  });

  it('integrate --db PATH alone runs home on that database, read by commander (no command word)', async () => {
    const r = await runBin(['--db', path.join(sandbox.dir, 'other.db'), '--no-color'], sandbox.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(path.join(sandbox.dir, 'other.db'));
    expect(fs.existsSync(path.join(sandbox.dir, 'other.db'))).toBe(false);
  });
});

// Counts, at exit, the scripts compiled with cached data V8 took or refused.
const COUNT_CACHE = `
const vm = require('node:vm');
const Script = vm.Script;
let used = 0, refused = 0;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    if (options && options.cachedData) this.cachedDataRejected ? refused++ : used++;
  }
};
process.on('exit', () => process.stderr.write('code cache used ' + used + ' refused ' + refused + '\\n'));
`;

function runCounting(bin: string, args: string[]): { code: number | null; stdout: string; used: number; refused: number } {
  const counter = path.join(sandbox.dir, 'count-cache.cjs');
  fs.writeFileSync(counter, COUNT_CACHE);
  const r = spawnSync(process.execPath, ['--require', counter, bin, ...args], { cwd: sandbox.dir, env: baseEnv(sandbox.dir), encoding: 'utf8' });
  const m = /code cache used (\d+) refused (\d+)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return { code: r.status, stdout: r.stdout, used: Number(m![1]), refused: Number(m![2]) };
}

describe('the V8 code cache the build makes (src/code-cache.ts)', () => {
  it('list compiles the bundle from it: every file it loads has cached code, none refused', () => {
    const r = runCounting(BIN, ['list', '--limit', '5']);
    expect(r.code).toBe(0);
    expect(r.refused).toBe(0);
    expect(r.used).toBeGreaterThanOrEqual(10);
  });

  it('a damaged cache is refused by V8 and the run is the same without it', () => {
    // A private copy inside node_modules/, so dependencies and prompts/ resolve as usual.
    const copy = path.join(ROOT, 'node_modules', '.cache', `integrate-code-cache-${process.pid}`);
    fs.rmSync(copy, { recursive: true, force: true });
    try {
      fs.cpSync(path.join(ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true });
      fs.cpSync(path.join(ROOT, 'bin'), path.join(copy, 'bin'), { recursive: true });
      const caches = fs.readdirSync(path.join(copy, 'dist', 'v8'));
      expect(caches.length).toBeGreaterThan(10);
      for (const f of caches) {
        const file = path.join(copy, 'dist', 'v8', f);
        const bytes = fs.readFileSync(file);
        // Same length, every byte after the header flipped.
        for (let i = 16; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
        fs.writeFileSync(file, bytes);
      }
      const damaged = runCounting(path.join(copy, 'bin', 'integrate.js'), ['list', '--limit', '5']);
      const intact = runCounting(BIN, ['list', '--limit', '5']);
      expect(damaged.code).toBe(0);
      expect(damaged.used).toBe(0);
      expect(damaged.refused).toBeGreaterThanOrEqual(10);
      expect(damaged.stdout).toBe(intact.stdout);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
