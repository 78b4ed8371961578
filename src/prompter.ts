// The one place that talks to inquirer; tests swap in a scripted prompter.
// Each prompt's own package is imported only when that prompt is shown (the
// @inquirer/prompts bundle would also pull in an editor prompt we never use,
// with iconv-lite and chardet).
import { CancelledError } from './errors.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  input(opts: {
    message: string; default?: string; required?: boolean; validate?: (v: string) => string | true;
    /** How the typed value is shown; isFinal is true for the line left after Enter. */
    transformer?: (value: string, state: { isFinal: boolean }) => string;
  }): Promise<string>;
  number(opts: { message: string; min: number; max: number; step?: number | 'any'; required?: boolean; default?: number }): Promise<number | undefined>;
  /** Without a default, Enter alone is not an answer: the person types yes or no. */
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  checkbox<T>(opts: { message: string; choices: (Choice<T> & { checked?: boolean })[] }): Promise<T[]>;
  editor(opts: { message: string; default?: string }): Promise<string>;
}

const YES_NO = /^(?:y|yes|n|no)$/i;

function isCancel(err: unknown): boolean {
  const name = (err as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isCancel(err)) throw new CancelledError();
    throw err;
  }
}

export function inquirerPrompter(env: NodeJS.ProcessEnv, editor?: () => string | undefined): Prompter {
  return {
    input: (o) => guard(async () => (await import('@inquirer/input')).default({ message: o.message, default: o.default, required: o.required, validate: o.validate, transformer: o.transformer })),
    number: (o) =>
      guard(async () =>
        (await import('@inquirer/number')).default({ message: o.message, min: o.min, max: o.max, step: o.step ?? 1, required: o.required, default: o.default }),
      ),
    confirm: (o) =>
      guard(async () => {
        if (o.default !== undefined) return (await import('@inquirer/confirm')).default({ message: o.message, default: o.default });
        // Inquirer's confirm always has a default (Enter means yes); this one waits for a word.
        const answer = await (await import('@inquirer/input')).default({
          message: `${o.message} (yes/no)`,
          validate: (v) => YES_NO.test(v.trim()) || 'Please type yes or no.',
        });
        return /^y/i.test(answer.trim());
      }),
    select: <T>(o: { message: string; choices: Choice<T>[]; default?: T }) => guard(async () => (await import('@inquirer/select')).default<T>(o)),
    checkbox: <T>(o: { message: string; choices: (Choice<T> & { checked?: boolean })[] }) =>
      guard(async () => (await import('@inquirer/checkbox')).default<T>(o)),
    // Our own editor helper, not inquirer's: its temp file is private (0600 in a 0700 folder) and always removed.
    editor: async (o) => (await import('./editor.js')).editText(o.default ?? '', env, editor?.()),
  };
}

/** Scripted answers for tests, consumed in order; records every question asked. */
export function scriptedPrompter(answers: unknown[]): Prompter & { asked: string[]; finals: string[] } {
  const queue = [...answers];
  const asked: string[] = [];
  /** What each input's finished line would show (after its transformer). */
  const finals: string[] = [];
  const next = async <T>(message: string): Promise<T> => {
    asked.push(message);
    if (queue.length === 0) throw new Error(`scripted prompter ran out of answers at: ${message}`);
    const answer = queue.shift();
    if (answer instanceof CancelledError) throw answer;
    return answer as T;
  };
  return {
    asked,
    finals,
    input: async (o) => {
      const value = await next<string>(o.message);
      finals.push(o.transformer ? o.transformer(value, { isFinal: true }) : value);
      return value;
    },
    number: (o) => next(o.message),
    confirm: (o) => next(o.message),
    select: (o) => next(o.message),
    checkbox: (o) => next(o.message),
    editor: (o) => next(o.message),
  };
}
