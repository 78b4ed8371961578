// Bundles src/ into dist/ with esbuild. Start-up time matters (a check-in from
// a shell alias should feel instant), so everything pure-JS is bundled and
// split: the entry chunk holds only what every run needs (commander, the
// context), each command is its own chunk imported when it runs, and the
// heavy libraries (inquirer, marked-terminal, asciichart, chrono, csv-parse,
// and yaml + zod for the user's own packs) are loaded on demand. What the
// program would otherwise work out at every start is worked out here, by the
// same code, and shipped as JSON: the built-in prompt packs (read and
// validated), the schema every database is checked against, and the safety
// rules' anchors. Only the native addon of better-sqlite3-multiple-ciphers stays
// outside.
import { build, transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Bundled CommonJS packages call require() for Node built-ins.
const REQUIRE_BANNER = "import { createRequire as __integrateCreateRequire } from 'node:module'; const require = __integrateCreateRequire(import.meta.url);";

/**
 * Runs `use` on a source module bundled to a temporary file: data the build
 * works out once with the same code the program runs, shipped as JSON.
 */
async function fromSources(name, contents, use) {
  const loader = path.resolve('dist', `.${name}-loader.mjs`);
  await build({
    stdin: { contents, resolveDir: path.resolve('.'), loader: 'ts' }, outfile: loader, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    banner: { js: REQUIRE_BANNER }, logLevel: 'warning',
  });
  try {
    return await use(await import(pathToFileURL(loader).href));
  } finally {
    rmSync(loader, { force: true });
  }
}

/**
 * prompts/*.yaml read and validated by the same code that reads a user's
 * packs (src/packs/load.ts), as JSON with each pack's file name in place of
 * its path. A broken built-in pack fails the build.
 */
const builtInPacksJson = () => fromSources('packs', "export { loadPacks } from './src/packs/load.ts';", ({ loadPacks }) => {
  const { packs, problems } = loadPacks(undefined, path.resolve('prompts'));
  if (problems.length) throw new Error(`built-in packs are invalid:\n${problems.flatMap((p) => p.errors).join('\n')}`);
  return JSON.stringify([...packs.values()].map((pack) => ({ ...pack, file: path.basename(pack.file) })));
});

/** What the migrations create at the latest version (src/store/schema.ts checks every database it opens against it). */
const schemaReferenceJson = () => fromSources(
  'schema',
  "export { referenceObjects } from './src/store/schema.ts'; export { LATEST_VERSION } from './src/store/migrations/index.ts';",
  ({ referenceObjects, LATEST_VERSION }) => JSON.stringify(referenceObjects(LATEST_VERSION)),
);

/** The literals each safety rule's matches must contain (src/domain/safety-text.ts skips a rule on a text with none of them). */
const safetyAnchorsJson = () => fromSources(
  'anchors',
  "export { safetyRules } from './src/domain/safety-text.ts';",
  ({ safetyRules }) => JSON.stringify(safetyRules().map((rule) => rule.anchors)),
);

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3-multiple-ciphers' JavaScript is bundled too (one file instead of its 16);
  // its native addon is loaded from the installed package (src/store/sqlite.ts).
  define: {
    __INTEGRATE_BUILT_IN_PACKS__: JSON.stringify(await builtInPacksJson()),
    __INTEGRATE_SCHEMA_REFERENCE__: JSON.stringify(await schemaReferenceJson()),
    __INTEGRATE_SAFETY_ANCHORS__: JSON.stringify(await safetyAnchorsJson()),
    __INTEGRATE_BUNDLED__: 'true',
  },
  // No source maps: the files are rewritten to CommonJS below, which would leave a map pointing at the wrong lines.
  sourcemap: false,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
});

// esbuild splits only ES modules, but Node 20 can cache compiled code only
// for scripts (src/code-cache.ts): each file is rewritten as CommonJS, the
// chunks it imports required (dynamic import() becomes a require when the
// command runs), and dist/package.json marks the folder as CommonJS.
const bundled = readdirSync('dist', { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
for (const file of bundled) {
  const full = path.join('dist', file);
  const source = readFileSync(full, 'utf8');
  const usesMetaUrl = source.includes('import.meta.url');
  const { code } = await transform(source, {
    format: 'cjs', platform: 'node', target: 'node20', loader: 'js', logLevel: 'warning', supported: { 'dynamic-import': false },
    define: usesMetaUrl ? { 'import.meta.url': '__integrateMetaUrl' } : {},
    banner: usesMetaUrl ? "var __integrateMetaUrl = require('node:url').pathToFileURL(__filename).href;" : '',
  });
  writeFileSync(full, code);
}
writeFileSync('dist/package.json', '{\n  "type": "commonjs"\n}\n');

// The code cache: the commands people run most, once each in one process
// against a throw-away journal, then what V8 compiled is saved per file.
// Export, import (into a second journal) and summary too: they load the
// largest chunks (the importers' zod alone took 70 ms to compile each run).
const sandbox = mkdtempSync(path.join(os.tmpdir(), 'integrate-build-'));
const TRAINING = [
  ['--help'],
  ['checkin', '--mood', '6', '--anxiety', '3', '--energy', '5', '--sleep', '7.5', '--note', 'A calm walk by the river.'],
  ['checkin', '--mood', '5', '--note', '-'],
  ['list', '--limit', '30'],
  ['list', '--json'],
  ['search', 'river'],
  ['stats'],
  ['mood', '--days', '30'],
  [],
  ['export', '--format', 'json', '--out', path.join(sandbox, 'export.json')],
  ['--db', path.join(sandbox, 'moved.db'), 'import', path.join(sandbox, 'export.json')],
  ['summary', '--days', '30', '--out', path.join(sandbox, 'summary.md')],
];
try {
  const driver = `
    const m = require(${JSON.stringify(path.resolve('dist/main.js'))});
    m.useCodeCache(${JSON.stringify(path.resolve('dist'))}, true);
    (async () => {
      for (const args of ${JSON.stringify(TRAINING)}) {
        const code = await m.main(['node', 'integrate', ...args]);
        if (code !== 0) throw new Error('integrate ' + args.join(' ') + ' exited ' + code);
      }
      process.stderr.write('code cache: ' + Math.round(m.writeCodeCache() / 1024) + ' kB\\n');
    })().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\\n'); process.exitCode = 1; });`;
  const env = { PATH: process.env.PATH, TZ: 'UTC', HOME: sandbox, XDG_CONFIG_HOME: path.join(sandbox, 'config'), XDG_DATA_HOME: path.join(sandbox, 'data'), INTEGRATE_DB: path.join(sandbox, 'journal.db'), NO_COLOR: '1' };
  const trained = spawnSync(process.execPath, ['-e', driver], { env, input: 'Slept badly, better after lunch.\n', encoding: 'utf8' });
  if (trained.status !== 0) throw new Error(`training the code cache failed:\n${trained.stderr}`);
} finally {
  rmSync(sandbox, { recursive: true, force: true });
}

// Which sources went into which chunk: tests check what each run loads (not shipped: files lists dist/**/*.js).
writeFileSync('dist/metafile.json', JSON.stringify(result.metafile));

// The bundle carries other people's code: ship their licences with it.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]);
}
const notices = [...packages].sort().map((name) => {
  const dir = path.join('node_modules', name);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = existsSync(dir) ? readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f)) : undefined;
  const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see package'}`;
  return `${name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`;
});
writeFileSync('dist/THIRD-PARTY-LICENSES.txt', `integrate bundles these packages:\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);
