// Free text given as "-" is read from stdin, for every free-text flag alike:
// text typed on the command line lands in shell history, which a journal
// about therapy should never require.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';

/** The flags (e.g. "--note") given as "-"; more than one is refused, since stdin can be read only once. */
export function stdinFlag(flags: readonly (readonly [flag: string, value: string | undefined])[]): string | undefined {
  const asking = flags.filter(([, value]) => value === '-').map(([flag]) => flag);
  if (asking.length > 1) {
    throw new UsageError(`Only one flag can read stdin, and ${asking.join(' and ')} all asked for it ("-"). Give the others as text, or set them afterwards with edit.`);
  }
  return asking[0];
}

/** A free-text flag's value: "-" reads stdin (with a hint on a terminal); line endings normalised, trimmed. */
export async function readTextFlag(value: string | undefined, ctx: Ctx, what = 'text'): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (value !== '-') return value;
  if (ctx.io.stdinIsTTY) ctx.io.err(`Type your ${what}, then press Ctrl-D on a new line.\n`);
  return (await ctx.io.readStdin()).replace(/\r\n/g, '\n').trim();
}

/** "flag -" found stdin empty while changing something that has text: refused rather than wiping it. */
export function emptyStdinRefusal(flag: string): UsageError {
  return new UsageError(`The ${flag.replace(/^--/, '')} from stdin was empty, so nothing was changed (the text you have is kept). To clear it on purpose, give ${flag} ''.`);
}
