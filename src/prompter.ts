// The one place that talks to @inquirer/prompts; tests swap in a scripted
// prompter. Inquirer is imported only when a prompt is actually shown.
import { editText } from './editor.js';
import { CancelledError } from './errors.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  input(opts: { message: string; default?: string; required?: boolean; validate?: (v: string) => string | true }): Promise<string>;
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
  const load = () => import('@inquirer/prompts');
  return {
    input: (o) => guard(async () => (await load()).input({ message: o.message, default: o.default, required: o.required, validate: o.validate })),
    number: (o) =>
      guard(async () =>
        (await load()).number({ message: o.message, min: o.min, max: o.max, step: o.step ?? 1, required: o.required, default: o.default }),
      ),
    confirm: (o) =>
      guard(async () => {
        const prompts = await load();
        if (o.default !== undefined) return prompts.confirm({ message: o.message, default: o.default });
        // Inquirer's confirm always has a default (Enter means yes); this one waits for a word.
        const answer = await prompts.input({
          message: `${o.message} (yes/no)`,
          validate: (v) => YES_NO.test(v.trim()) || 'Please type yes or no.',
        });
        return /^y/i.test(answer.trim());
      }),
    select: <T>(o: { message: string; choices: Choice<T>[]; default?: T }) => guard(async () => (await load()).select<T>(o)),
    checkbox: <T>(o: { message: string; choices: (Choice<T> & { checked?: boolean })[] }) =>
      guard(async () => (await load()).checkbox<T>(o)),
    // Our own editor helper, not inquirer's: its temp file is private (0600 in a 0700 folder) and always removed.
    editor: async (o) => editText(o.default ?? '', env, editor?.()),
  };
}

/** Scripted answers for tests, consumed in order; records every question asked. */
export function scriptedPrompter(answers: unknown[]): Prompter & { asked: string[] } {
  const queue = [...answers];
  const asked: string[] = [];
  const next = async <T>(message: string): Promise<T> => {
    asked.push(message);
    if (queue.length === 0) throw new Error(`scripted prompter ran out of answers at: ${message}`);
    const answer = queue.shift();
    if (answer instanceof CancelledError) throw answer;
    return answer as T;
  };
  return {
    asked,
    input: (o) => next(o.message),
    number: (o) => next(o.message),
    confirm: (o) => next(o.message),
    select: (o) => next(o.message),
    checkbox: (o) => next(o.message),
    editor: (o) => next(o.message),
  };
}
