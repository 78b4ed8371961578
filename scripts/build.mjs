// Bundles src/ into dist/ with esbuild. Start-up time matters (a check-in from
// a shell alias should feel instant), so everything pure-JS is bundled: one
// entry chunk with only what every command needs, and the heavy libraries
// (inquirer, marked-terminal, asciichart, zod, yaml, chrono, csv-parse) split
// into chunks loaded on demand. Only better-sqlite3 (a native addon) stays external.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  // Bundled CommonJS packages call require() for Node built-ins.
  banner: { js: "import { createRequire as __integrateCreateRequire } from 'node:module'; const require = __integrateCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'linked',
});
