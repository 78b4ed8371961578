// The package as a user gets it: `npm pack` (which builds through the prepare
// script), the tarball's file list, a global install of that tarball into a
// temp prefix, and the installed `integrate` running a check-in. `npm test`
// checks the file list npm would pack from this checkout (npm pack --dry-run);
// `npm run test:deep` packs a fresh copy, installs the tarball and runs it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, ensureBuilt, ROOT } from '../helpers/run-bin.js';
import { DEEP, DEEP_ONLY } from '../helpers/runs.js';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string; version: string; bin: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string>;
};
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let dir: string;
let tarball: string;
let files: string[];
let prefix: string;
let installed: string;

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', timeout: 110_000 });
  if (r.error) throw r.error;
  return r;
}

function must(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status ?? r.signal}:\n${r.stderr}\n${r.stdout}`);
  return r;
}

/** The files `npm pack` takes from this checkout (dist/ as `npm test` built it), without packing or running scripts. */
function dryRunFiles(): string[] {
  ensureBuilt();
  const r = must(run(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT }), 'npm pack --dry-run');
  return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-package-'));
  if (!DEEP) {
    files = dryRunFiles();
    return;
  }

  // Pack from a copy of the project without dist/, as a fresh clone would be, so
  // the prepare script must build it, and so the repository's own dist/ (which
  // other test files run at the same time) is never rebuilt under their feet.
  // node_modules is linked, not copied: the build only reads it.
  const project = path.join(dir, 'project');
  fs.mkdirSync(project);
  for (const name of fs.readdirSync(ROOT)) {
    if (['node_modules', 'dist', '.git', 'coverage', 'bench'].includes(name)) continue;
    fs.cpSync(path.join(ROOT, name), path.join(project, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');

  // npm prints warnings about the machine's npm config on stderr; only the exit code matters.
  must(run(NPM, ['pack', '--pack-destination', dir], { cwd: project }), 'npm pack');
  tarball = path.join(dir, `${pkg.name}-${pkg.version}.tgz`);
  expect(fs.existsSync(tarball)).toBe(true);
  files = must(run('tar', ['-tzf', tarball], { cwd: dir }), 'tar -tzf').stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();

  // A global install into a temp prefix. --ignore-scripts skips better-sqlite3-multiple-ciphers'
  // native build (compiling it takes about a minute); its compiled addon is
  // copied from this repository's node_modules below instead.
  prefix = path.join(dir, 'prefix');
  must(run(NPM, ['install', '-g', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', tarball], { cwd: dir }), 'npm install -g');
  installed = path.join(prefix, 'lib', 'node_modules', pkg.name);
  const addon = path.join(installed, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build');
  fs.cpSync(path.join(ROOT, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build'), addon, { recursive: true });
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('the tarball holds the built program, the bin, the packs, README, LICENSE and third-party licences', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/integrate.js', 'bin/package.json', 'dist/main.js', 'dist/package.json', 'dist/THIRD-PARTY-LICENSES.txt']) {
      expect(files, f).toContain(f);
    }
    const prompts = fs.readdirSync(path.join(ROOT, 'prompts')).filter((f) => f.endsWith('.yaml'));
    for (const p of prompts) expect(files).toContain(`prompts/${p}`);
    expect(files.some((f) => /^dist\/chunks\/.+\.js$/.test(f))).toBe(true);
    // The V8 code cache the build made (src/code-cache.ts).
    expect(files.some((f) => /^dist\/v8\/main\.js\.bin$|^dist\/v8\/chunks__run-.+\.js\.bin$/.test(f))).toBe(true);
  });

  it('and nothing else: no sources, tests, source maps, bench, scripts or databases', () => {
    expect(files.filter((f) => /^(src|test|bench|scripts|node_modules|coverage)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /\.(ts|db|tgz)$/.test(f))).toEqual([]);
    expect(files.filter((f) => !/^(dist\/|bin\/|prompts\/|package\.json$|README\.md$|LICENSE$)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/') && !f.endsWith('.js') && !/^dist\/v8\/[^/]+\.js\.bin$/.test(f) && !['dist/THIRD-PARTY-LICENSES.txt', 'dist/package.json'].includes(f))).toEqual([]);
  });

  it('the third-party licences name the bundled packages', () => {
    const notices = DEEP
      ? spawnSync('tar', ['-xzOf', tarball, 'package/dist/THIRD-PARTY-LICENSES.txt'], { encoding: 'utf8' }).stdout
      : fs.readFileSync(path.join(ROOT, 'dist', 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const name of ['commander', 'chalk', 'zod', 'yaml']) expect(notices).toMatch(new RegExp(`^${name}@\\d`, 'm'));
  });
});

describe.skipIf(!DEEP)(`installed globally from the tarball${DEEP ? '' : DEEP_ONLY}`, () => {
  const env = () => ({ ...baseEnv(dir), INTEGRATE_DB: path.join(dir, 'data', 'integrate.db'), INTEGRATE_CONFIG: path.join(dir, 'config.json') });
  const integrate = (...args: string[]) => run(path.join(prefix, 'bin', 'integrate'), args, { cwd: dir, env: env() });

  it('integrate --version matches package.json', () => {
    const r = must(integrate('--version'), 'integrate --version');
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('records a check-in and lists it', () => {
    const saved = must(integrate('checkin', '--mood', '6'), 'integrate checkin');
    expect(saved.stderr).toMatch(/^Saved check-in [0-9a-f]{8} \(mood 6\)\.\n$/);
    const list = JSON.parse(must(integrate('list', '--json'), 'integrate list --json').stdout) as { kind: string; metrics: Record<string, number> }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: 'checkin', metrics: { mood: 6 } });
    expect(fs.statSync(path.join(dir, 'data', 'integrate.db')).mode & 0o777).toBe(0o600);
  });

  it('with only its one runtime dependency installed: no devDependencies', () => {
    const modules = path.join(installed, 'node_modules');
    expect(fs.existsSync(path.join(modules, 'better-sqlite3-multiple-ciphers', 'package.json'))).toBe(true);
    for (const dev of Object.keys(pkg.devDependencies)) expect(fs.existsSync(path.join(modules, dev)), dev).toBe(false);
    expect(fs.existsSync(path.join(modules, 'vitest'))).toBe(false);
    expect(fs.existsSync(path.join(modules, 'commander'))).toBe(false);
    expect(Object.keys(pkg.dependencies)).toEqual(['better-sqlite3-multiple-ciphers']);
    // The installed files are the tarball's, with no sources among them.
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'dist', 'main.js'))).toBe(true);
  });

  it('the bin on the PATH is a link to the package\'s bin/integrate.js', () => {
    const link = path.join(prefix, 'bin', 'integrate');
    expect(fs.realpathSync(link)).toBe(fs.realpathSync(path.join(installed, pkg.bin.integrate!)));
  });
});
