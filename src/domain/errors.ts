// Typed errors: commands throw these, and run.ts alone turns them into a
// message on stderr and an exit code.

export abstract class IntegrateError extends Error {
  abstract readonly exitCode: number;
  /** A second line telling the user what to do next. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags, bad values, bad input files: the user can fix the command. */
export class UsageError extends IntegrateError {
  readonly exitCode = 2;
}

/** An id or pack that does not exist. */
export class NotFoundError extends IntegrateError {
  readonly exitCode = 1;
}

/** The environment failed: an unreadable, damaged or read-only database, a directory that cannot be created. */
export class DataError extends IntegrateError {
  readonly exitCode = 1;
}

/** The user pressed Ctrl-C or declined. */
export class CancelledError extends IntegrateError {
  readonly exitCode = 130;
  constructor(message = 'Cancelled. Nothing was changed.', hint?: string) {
    super(message, hint);
  }
}

/** A signal (Ctrl-C, a kill, a closed terminal) stopped long work; exit 128 + the signal's number, as shells report it. */
export class InterruptedError extends IntegrateError {
  readonly exitCode: number;
  /** `what` completes "before … was complete"; `outcome` says what is left ("no partial file was left"). */
  constructor(readonly signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP', what: string, outcome = 'nothing was changed') {
    super(`Stopped by ${signal === 'SIGINT' ? 'Ctrl-C' : signal} before ${what} was complete; ${outcome}.`);
    this.exitCode = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal];
  }
}
