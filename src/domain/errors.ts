// Typed errors: commands throw these, and run.ts alone turns them into a
// message on stderr and an exit code. The domain's own errors (at the end)
// carry what went wrong as fields and name no flag or command; the commands
// reword them (commands/shared/domain-errors.ts).

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

// The domain's errors. Each is still a usage or not-found error (so a
// command that does not reword one still exits 2 or 1 with a readable
// sentence), and each keeps its facts as fields for the wording.

/**
 * A value the domain cannot take. `field` names it in the domain's words
 * ("mood", "tag"); `problem` is the rest of the sentence, so a command can
 * put its flag in front: `${flag} ${problem}.` (`reworded(flag)`).
 */
export class InvalidValue extends UsageError {
  readonly field: string;
  /** What was given, as given. */
  readonly value: string;
  /** Worded to follow the field's or flag's name: 'must be a whole number from 0–10 (0 = worst, 10 = best); got 11'. */
  readonly problem: string;
  readonly min: number | undefined;
  readonly max: number | undefined;
  constructor(f: { field: string; value: string; problem: string; min?: number; max?: number }) {
    super(`${f.field} ${f.problem}.`);
    this.field = f.field;
    this.value = f.value;
    this.problem = f.problem;
    this.min = f.min;
    this.max = f.max;
  }

  /** The same sentence about `subject` (a flag, a column of a file) instead of the field. */
  reworded(subject: string): UsageError {
    return new UsageError(`${subject} ${this.problem}.`, this.hint);
  }
}

/** More text than one entry, session or intention may hold (domain/limits.ts). */
export class TextTooLong extends UsageError {
  constructor(readonly what: string, readonly bytes: number, readonly maxBytes: number) {
    super(`${what} is ${(bytes / maxBytes).toFixed(1)} MB of text; integrate keeps at most ${maxBytes / (1024 * 1024)} MB per entry. Split it over several entries, or keep the long document as a file. Nothing was saved.`);
  }
}

/** A prompt pack id that is not among the loaded packs. */
export class UnknownPack extends NotFoundError {
  constructor(readonly id: string, readonly available: readonly string[]) {
    super(`There is no prompt pack "${id}". Available: ${available.join(', ')}.`);
  }
}
