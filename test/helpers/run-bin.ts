// Runs the built `bin/integrate.js` as a child process, the way a person or a
// cron job would: no TTY, a private temp database, and a clean environment.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'integrate.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the child's stdin, which is then closed (stdin is never a TTY). */
  input?: string;
  /** Extra environment; a value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
}

/** Builds dist/ once when it is missing (`npm test` builds it first). */
export function ensureBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`);
}

/** A temp home for one test file: its own data dir, config dir and default database. */
export function makeSandbox(prefix = 'integrate-e2e-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    db: path.join(dir, 'data', 'integrate.db'),
    file: (name: string) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment every run starts from: nothing from the caller that changes output. */
export function baseEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(INTEGRATE_|NO_COLOR$|FORCE_COLOR$|CLICOLOR|VISUAL$|EDITOR$|COLUMNS$|NODE_OPTIONS$)/.test(key)) delete env[key];
    // Makes Node read a certificate bundle at every start (70–85 ms); integrate makes no network calls.
    if (key === 'NODE_EXTRA_CA_CERTS') delete env[key];
  }
  env.TZ = 'Europe/Berlin';
  env.TERM = 'xterm-256color';
  env.XDG_DATA_HOME = path.join(dir, 'xdg-data');
  env.XDG_CONFIG_HOME = path.join(dir, 'xdg-config');
  env.HOME = dir;
  return env;
}

export function runBin(args: string[], dir: string, opts: RunOptions = {}): Promise<RunResult> {
  const env = baseEnv(dir);
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the child may exit before reading stdin
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * JavaScript source of `captured(main, args)`: runs the built main() for one
 * argv in the current process and returns { code, stdout, stderr }, with what
 * it wrote kept instead of printed. Shared by runBinBatch and the fault tests'
 * worker threads.
 */
export const CAPTURED_MAIN = `
async function captured(main, args) {
  const out = process.stdout.write, err = process.stderr.write;
  let stdout = '', stderr = '';
  process.stdout.write = (chunk) => ((stdout += chunk), true);
  process.stderr.write = (chunk) => ((stderr += chunk), true);
  try {
    return { code: await main(['node', 'integrate', ...args]), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
`;

// One Node process that imports the built dist/main.js once and runs main()
// for each argv in turn, keeping what each run wrote: for checks that need the
// built bundle (not src/) but not a process of their own per run. stdin is
// closed, as for runBin.
const BATCH = `${CAPTURED_MAIN}
const { main } = await import(process.argv[1]);
const results = [];
for (const args of JSON.parse(process.argv[2])) results.push(await captured(main, args));
process.stdout.write(JSON.stringify(results));
`;

/** Runs each argv through the built main() in one process (see BATCH); one result per argv. */
export function runBinBatch(runs: string[][], dir: string, opts: Omit<RunOptions, 'input'> = {}): Promise<RunResult[]> {
  const env = baseEnv(dir);
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const main = pathToFileURL(path.join(ROOT, 'dist', 'main.js')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', BATCH, main, JSON.stringify(runs)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the batch of ${runs.length} runs exited ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout) as RunResult[]);
    });
  });
}
