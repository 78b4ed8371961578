// Flags whose value is one of a list that lives in a registry (export and
// import formats, entry kinds, routes), and flags that exclude each other.
// Both are declared on commander's own objects (Option.argChoices,
// Option.conflictsWith), so help, completion and validation all read the
// one list from the command tree.
import { Argument, Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { sanitizeLine } from '../../render/sanitize.js';

export interface Choice {
  name: string;
  /** Other words accepted for it, e.g. "markdown" for md (not listed in help). */
  aliases?: readonly string[];
}

/** How a typed value is compared: trimmed and lower-cased by default. */
export type Normalise = (raw: string) => string;
const plain: Normalise = (raw) => raw.trim().toLowerCase();

/** The choice's name for a typed value (a name or an alias); a one-line UsageError naming the choices otherwise. */
export function parseChoice(choices: readonly (string | Choice)[], flag: string, raw: string, normalise: Normalise = plain): string {
  const wanted = normalise(raw);
  for (const c of choices) {
    const choice = typeof c === 'string' ? { name: c } : c;
    if (choice.name === wanted || choice.aliases?.includes(wanted)) return choice.name;
  }
  throw new UsageError(`${flag} must be one of ${choices.map((c) => (typeof c === 'string' ? c : c.name)).join(', ')}; got "${sanitizeLine(raw.trim())}".`);
}

/**
 * `--flag <value>` taking one of `choices`: commander lists them in help (and completion reads
 * them) from argChoices; the value is normalised and an alias becomes its name.
 */
export function choiceOption(flags: string, description: string, choices: readonly (string | Choice)[], normalise: Normalise = plain): Option {
  const option = new Option(flags, description).choices(choices.map((c) => (typeof c === 'string' ? c : c.name)));
  const flag = option.long ?? flags;
  return option.argParser((raw: string) => parseChoice(choices, flag, raw, normalise));
}

/**
 * Marks groups of flags on `cmd` as mutually exclusive: any two from one group are refused
 * by commander as one line ("option '--days <n>' cannot be used with option '--since <when>'").
 */
export function exclusive(cmd: Command, ...groups: string[][]): Command {
  for (const group of groups) {
    const options = group.map((flag) => {
      const option = cmd.options.find((o) => o.long === flag);
      if (!option) throw new Error(`${cmd.name()} has no option ${flag}`);
      return option;
    });
    for (const option of options) option.conflicts(options.filter((o) => o !== option).map((o) => o.attributeName()));
  }
  return cmd;
}

/**
 * A positional argument whose usual values are listed in the command tree (help shows them,
 * completion offers them) without commander enforcing them: the command checks the value in
 * its own words, or also takes other values (help takes command names besides topics).
 */
export function listedArgument(spec: string, description: string, values: readonly string[]): Argument {
  const argument = new Argument(spec, description);
  argument.argChoices = [...values];
  return argument;
}
