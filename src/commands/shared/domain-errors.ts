// The domain's errors name values ("mood", "tag"), never a flag or a
// command; here they become sentences about what a person typed. Exit
// codes stay those of the error's kind (2 for a value, 1 for a missing pack).
import { InvalidValue, NotFoundError, UnknownPack } from '../../errors.js';

/** Runs `fn`; an InvalidValue it throws is reworded about `flag` ("--mood must be …", "--add-tag needs a name"). */
export function forFlag<T>(flag: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof InvalidValue ? err.reworded(flag) : err;
  }
}

/** A domain error as a person reads it at the command line (main.ts applies this last); any other error as it is. */
export function cliWording(err: unknown): unknown {
  if (err instanceof UnknownPack) return new NotFoundError(`${err.message.replace(/\.$/, '')} (integrate prompts list).`, err.hint);
  return err;
}
