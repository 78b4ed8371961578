// Runs a TypeScript script (bench/*.ts) on Node 20, which cannot run .ts by
// itself: esbuild bundles our own code into bench/out/.run/<name>.mjs (inside
// the project, so node_modules resolve as usual; packages stay external) and
// the result is imported with the remaining arguments in process.argv.
//   node scripts/run-ts.mjs bench/run.ts --runs 7
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const outDir = path.join(root, 'bench', 'out', '.run');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${path.basename(entry).replace(/\.ts$/, '')}.mjs`);
await build({
  entryPoints: [path.resolve(entry)],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
process.argv = [process.argv[0], path.resolve(entry), ...args];
await import(pathToFileURL(outfile).href);
