// The entry point. `integrate --version` is answered here, before anything
// else loads (commander, the context, the store: most of a run's start-up);
// every other run imports the program from run.ts, the one exit point that
// builds the context, runs the command and turns failures into exit codes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useCodeCache } from './code-cache.js';
import type { Ctx } from './context.js';
import { VERSION } from './version.js';

export { useCodeCache, writeCodeCache } from './code-cache.js';

/** Set by the build (scripts/build.mjs): this file is dist/main.js, beside its code cache. */
declare const __INTEGRATE_BUNDLED__: boolean | undefined;

/** Runs integrate with `argv` (node, script, ...arguments) and returns the exit code. */
export async function main(argv: string[], ctx?: Ctx): Promise<number> {
  const run = await import('./run.js');
  return run.main(argv, ctx);
}

/**
 * The real process. A reader that stops early (integrate list | head,
 * integrate config 2>&1 | head -1) is not an error: with these listeners a
 * write to the closed pipe is dropped and the run finishes quietly. Without
 * them the error would be thrown, reported on the same closed stream, and
 * thrown again, forever, at full CPU.
 */
export async function runProcess(argv: string[]): Promise<number> {
  const closedOutput = () => {};
  process.stdout.on('error', closedOutput);
  process.stderr.on('error', closedOutput);
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (typeof __INTEGRATE_BUNDLED__ === 'boolean') useCodeCache(path.dirname(fileURLToPath(import.meta.url)));
  return (await import('./run.js')).runProcess(argv);
}
