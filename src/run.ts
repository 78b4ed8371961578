// The one exit point: builds the context, runs the command, and turns every
// failure into one calm line on stderr and an exit code. Loaded by main.ts
// for every run but `integrate --version`.
import { CommanderError, type Command } from 'commander';
import { commandOf, programFor } from './cli.js';
import { createProcessCtx, type Ctx } from './context.js';
import { DataError, IntegrateError } from './errors.js';
import { removeTrackedTemps } from './interrupt.js';
import { sanitizeLine } from './render/sanitize.js';
import { cliWording } from './commands/shared/domain-errors.js';

/**
 * The one line for a failure integrate did not foresee. It points to doctor too: such a failure is
 * most often a journal another program changed (a value or column doctor names).
 */
const unexpectedLine = (err: unknown) =>
  `integrate: Something went wrong: ${sanitizeLine(err instanceof Error ? err.message : String(err))}. Run integrate doctor to check the database, or run again with INTEGRATE_DEBUG=1 for details.\n`;

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** Maps SQLite failures to messages a person can act on. */
function fromSqlite(err: { code?: string; message: string }, ctx: Ctx): IntegrateError | undefined {
  const code = err.code ?? '';
  if (!code.startsWith('SQLITE_')) return undefined;
  const file = ctx.dbPath().path;
  if (code.startsWith('SQLITE_READONLY')) {
    return new DataError(`Cannot write to the database ${file}: it is read-only. Make it writable (chmod u+w) or use another with --db. Nothing was saved.`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DataError(`The database ${file} stayed busy for 5 seconds (another integrate is writing?). Nothing was saved; try again.`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DataError(`The database ${file} is damaged or not an integrate database. It was left as it is; restore a backup or use another with --db.`);
  }
  if (code === 'SQLITE_FULL') return new DataError(`The disk holding ${file} is full. Nothing was saved.`);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_PERM')) {
    return new DataError(`Cannot use the database ${file} (${code}). Check the file and its folder, or use another with --db.`);
  }
  return undefined;
}

/** "integrate session --help" for the command that raised a commander error; the root's for the root and hidden commands. */
function helpFor(cmd: Command | undefined): string {
  const names: string[] = [];
  for (let c = cmd; c?.parent; c = c.parent) {
    if ((c as unknown as { _hidden?: boolean })._hidden) return 'integrate --help';
    names.unshift(c.name());
  }
  return ['integrate', ...names, '--help'].join(' ');
}

/** Commander's message as one line of sentences: "unknown option '--x'. Did you mean --y?" */
export function commanderMessage(message: string): string {
  return message
    .replace(/^error:\s*/i, '')
    .split('\n')
    .map((line) => line.trim().replace(/^\((.*)\)$/, '$1'))
    .filter(Boolean)
    .map((line) => (/[.?!]$/.test(line) ? line : `${line}.`))
    .join(' ');
}

export function report(raw: unknown, ctx: Ctx): number {
  // Domain errors name values, not flags or commands: worded for the command line here, last.
  const err = cliWording(raw);
  const debug = ctx.env.INTEGRATE_DEBUG === '1';
  if (err instanceof CommanderError) {
    if (HELP_CODES.has(err.code)) return 0;
    ctx.io.err(`integrate: ${sanitizeLine(commanderMessage(err.message))} See ${helpFor(commandOf(err))}.\n`);
    return 2;
  }
  const known = err instanceof IntegrateError ? err : fromSqlite(err as { code?: string; message: string }, ctx);
  if (known) {
    // Messages often quote what the user typed (a value, a path, a pack title): one clean line, always.
    ctx.io.err(`integrate: ${sanitizeLine(`${known.message}${known.hint ? ` ${known.hint}` : ''}`)}\n`);
    if (debug && !(err instanceof IntegrateError)) ctx.io.err(`${(err as Error).stack ?? String(err)}\n`);
    return known.exitCode;
  }
  ctx.io.err(unexpectedLine(err));
  if (debug) ctx.io.err(`${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}

export async function main(argv: string[], ctx: Ctx = createProcessCtx()): Promise<number> {
  try {
    const program = await programFor(argv, ctx);
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return report(err, ctx);
  } finally {
    try {
      ctx.close();
    } catch {
      // Closing can only fail after the real outcome is known; keep that outcome.
    }
  }
}

/**
 * The real process: main() plus what only a real process needs. A closed
 * terminal (SIGHUP) or a kill (SIGTERM) ends the run quietly: every answer
 * is already committed as a draft, so there is nothing to save, and the
 * terminal may be gone (inquirer's raw mode then fails with EIO).
 */
export async function runProcess(argv: string[]): Promise<number> {
  const ctx = createProcessCtx();
  // Re-raised with the default action so the process ends by the signal itself:
  // process.exit() would try to reset a terminal that may be gone and abort.
  const endBy = (signal: 'SIGHUP' | 'SIGTERM', say: boolean) => {
    try {
      if (say) ctx.io.err('\nintegrate: stopped. Everything saved before now is kept (unfinished reflections stay as drafts: integrate journal --resume).\n');
      ctx.close();
    } finally {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
  };
  process.once('SIGHUP', () => endBy('SIGHUP', false));
  process.once('SIGTERM', () => endBy('SIGTERM', true));
  process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
    if (err?.code === 'EPIPE') return;
    // The terminal went away under a prompt.
    if (err?.code === 'EIO') return endBy('SIGHUP', false);
    // A file being written (an export's or a backup's temp) is not left half-written behind.
    removeTrackedTemps();
    ctx.io.err(unexpectedLine(err));
    if (ctx.env.INTEGRATE_DEBUG === '1') ctx.io.err(`${err?.stack ?? ''}\n`);
    // Closing can fail too (a statement still being read): the line above is what the person sees.
    try {
      ctx.close();
    } catch {
      /* the process ends anyway */
    }
    process.exitCode = 1;
  });
  // EPIPE on stdout and stderr is handled in main.ts, before anything is written.
  return main(argv, ctx);
}
