// The entry point. `integrate --version` is answered here, before anything
// else loads (commander, the context, the store: most of a run's start-up);
// every other run imports the program from run.ts, the one exit point that
// builds the context, runs the command and turns failures into exit codes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useCodeCache } from './code-cache.js';
import type { Ctx } from './context.js';
import { WRITE_FAILURES } from './errno-words.js';
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
 * thrown again, forever, at full CPU. Any other failure to write (a full
 * disk under `integrate export > backup.json`) lost output: it is said once
 * on stderr and the exit code is 1, so nobody keeps an empty file for a copy.
 */
export async function runProcess(argv: string[]): Promise<number> {
  let outputLost = false;
  const failedOutput = (stream: 'stdout' | 'stderr') => (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    process.exitCode = 1;
    if (outputLost) return;
    outputLost = true;
    if (stream === 'stdout') process.stderr.write(`integrate: Could not write the output: ${WRITE_FAILURES[err.code ?? ''] ?? err.code ?? err.message}. What was written is incomplete.\n`);
  };
  process.stdout.on('error', failedOutput('stdout'));
  process.stderr.on('error', failedOutput('stderr'));
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (typeof __INTEGRATE_BUNDLED__ === 'boolean') useCodeCache(path.dirname(fileURLToPath(import.meta.url)));
  const code = await (await import('./run.js')).runProcess(argv);
  return outputLost && code === 0 ? 1 : code;
}
