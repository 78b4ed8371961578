// Walks a person through a pack's questions, one prompt at a time, saving the
// answers after each one, then offers a review: save, edit an answer, or discard.
import {
  checkAnswer, firstUnanswered, formatAnswer, pruneHidden, visibleQuestions,
  type Answers, type AnswerValue, type Pack, type Question,
} from '../domain/packs.js';
import type { Io } from '../io.js';
import type { Prompter } from '../prompter.js';
import { sanitize, sanitizeLine } from '../render/sanitize.js';
import { truncate } from '../render/text.js';
import { wrapItems } from '../render/wrap.js';

const EDIT_COMMAND = '/edit';

function questionMessage(q: Question): string {
  let message = q.prompt;
  if (q.type === 'scale') {
    const low = q.labels?.min ? ` = ${q.labels.min}` : '';
    const high = q.labels?.max ? ` = ${q.labels.max}` : '';
    message += ` (${q.min}${low} … ${q.max}${high})`;
  }
  if (q.type === 'number' && q.unit) message += ` (${q.unit})`;
  return sanitizeLine(message);
}

/** A dim hint wrapped at word boundaries (the terminal itself would split words). */
function dimWrapped(text: string, io: Io): string {
  return `${wrapItems(text.split(' ').filter(Boolean), Math.max(30, io.columns - 1)).map((l) => io.c.dim(l)).join('\n')}\n`;
}

/** Asks one question; undefined means the person skipped it. */
export async function askQuestion(q: Question, prompter: Prompter, io: Io, current?: AnswerValue | null): Promise<AnswerValue | undefined> {
  const message = questionMessage(q);
  if (q.help) io.out(dimWrapped(sanitizeLine(q.help), io));
  const optional = q.required ? '' : ' (Enter to skip)';
  if (q.type === 'scale' && q.options) {
    // Labelled options (questionnaires): choose a label, store its number. An optional one can be skipped.
    const choices = q.options.map((o) => ({ name: sanitizeLine(o.label), value: o.value }));
    if (!q.required) choices.push({ name: '(skip)', value: Number.NaN });
    const value = await prompter.select<number>({ message, choices, default: typeof current === 'number' ? current : undefined });
    return Number.isNaN(value) ? undefined : value;
  }
  switch (q.type) {
    case 'scale':
    case 'number':
      return prompter.number({
        message: `${message}${optional}`,
        min: q.min ?? Number.MIN_SAFE_INTEGER,
        max: q.max ?? Number.MAX_SAFE_INTEGER,
        step: q.type === 'scale' ? 1 : 'any',
        required: q.required,
        default: typeof current === 'number' ? current : undefined,
      });
    case 'text': {
      const value = await prompter.input({ message: `${message}${optional}`, default: typeof current === 'string' ? sanitize(current) : undefined, required: q.required });
      return value.trim() === '' ? undefined : value.trim();
    }
    case 'longtext': {
      const value = await prompter.input({
        message: `${message}${q.required ? ` (${EDIT_COMMAND} opens your editor)` : ` (Enter to skip, ${EDIT_COMMAND} opens your editor)`}`,
        default: typeof current === 'string' && !current.includes('\n') ? sanitize(current) : undefined,
        required: q.required,
        // The finished line says what happened instead of echoing "/edit".
        transformer: (v, { isFinal }) => (isFinal && v.trim() === EDIT_COMMAND ? '(written in your editor)' : v),
      });
      const text = value.trim() === EDIT_COMMAND
        ? await prompter.editor({ message, default: typeof current === 'string' ? current : '' })
        : value;
      return text.trim() === '' ? undefined : text.replace(/\r\n/g, '\n').trim();
    }
    case 'confirm':
      return prompter.confirm({ message, default: typeof current === 'boolean' ? current : false });
    case 'safety':
      // No default: Enter alone must not record "no" to this one; a resumed draft keeps its answer.
      return prompter.confirm({ message, default: typeof current === 'boolean' ? current : undefined });
    case 'select': {
      const SKIP = '\u0000skip';
      const choices = q.choices!.map((c) => ({ name: sanitizeLine(c.label), value: c.value }));
      if (!q.required) choices.push({ name: '(skip)', value: SKIP });
      const value = await prompter.select<string>({ message, choices, default: typeof current === 'string' ? current : undefined });
      return value === SKIP ? undefined : value;
    }
    case 'multiselect': {
      const chosen = Array.isArray(current) ? current : [];
      return prompter.checkbox<string>({
        message,
        choices: q.choices!.map((c) => ({ name: sanitizeLine(c.label), value: c.value, checked: chosen.includes(c.value) })),
      });
    }
    case 'intention': {
      io.out(dimWrapped('One per line; press Enter on an empty line when you are done.', io));
      const items: string[] = [];
      for (;;) {
        const item = (await prompter.input({ message: items.length ? 'Another? (Enter to finish)' : message })).trim();
        if (item === '') break;
        items.push(item);
      }
      return items.length ? items : undefined;
    }
    case 'tags': {
      const value = await prompter.input({
        message: `${message} (comma-separated${q.required ? '' : ', Enter to skip'})`,
        validate: (v) => {
          const checked = checkAnswer(q, v);
          return 'error' in checked ? `${checked.error.charAt(0).toUpperCase()}${checked.error.slice(1)}.` : true;
        },
      });
      const tags = value.split(/[,\s]+/).map((t) => t.trim()).filter(Boolean);
      return tags.length ? tags : undefined;
    }
  }
}

/** Asks every visible question still unanswered, calling onAnswer (the draft save) after each. */
export async function askRemaining(
  pack: Pack, start: Answers, prompter: Prompter, io: Io, onAnswer: (answers: Answers) => void,
): Promise<Answers> {
  let answers = start;
  for (let q = firstUnanswered(pack, answers); q; q = firstUnanswered(pack, answers)) {
    const value = await askQuestion(q, prompter, io);
    answers = pruneHidden(pack, { ...answers, [q.id]: value ?? null });
    onAnswer(answers);
  }
  return answers;
}

export function reviewText(pack: Pack, answers: Answers, io: Io): string {
  const lines = visibleQuestions(pack, answers).map((q) => {
    const value = sanitize(formatAnswer(q, answers[q.id] ?? null)).replace(/\s*\n\s*/g, ' ↵ ');
    return `  ${io.c.dim(truncate(sanitizeLine(q.prompt), Math.min(48, io.columns - 4)))}\n    ${truncate(value, Math.max(20, io.columns - 6))}`;
  });
  return `\n${io.c.bold(`Your answers — ${sanitizeLine(pack.title)}:`)}\n${lines.join('\n')}\n\n`;
}

/** The review loop. Returns the final answers, or 'discard'. */
export async function review(
  pack: Pack, start: Answers, prompter: Prompter, io: Io, onAnswer: (answers: Answers) => void,
): Promise<Answers | 'discard'> {
  let answers = start;
  for (;;) {
    io.out(reviewText(pack, answers, io));
    const action = await prompter.select<'save' | 'edit' | 'discard'>({
      message: 'Save this reflection?',
      choices: [
        { name: 'Save', value: 'save' },
        { name: 'Change an answer', value: 'edit' },
        { name: 'Discard it', value: 'discard' },
      ],
      default: 'save',
    });
    if (action === 'save') return answers;
    if (action === 'discard') {
      const sure = await prompter.confirm({ message: 'Discard these answers for good?', default: false });
      if (sure) return 'discard';
      continue;
    }
    const questions = visibleQuestions(pack, answers);
    const id = await prompter.select<string>({
      message: 'Which answer?',
      choices: questions.map((q) => ({ name: truncate(sanitizeLine(q.prompt), Math.max(20, io.columns - 6)), value: q.id })),
    });
    const q = questions.find((x) => x.id === id)!;
    const value = await askQuestion(q, prompter, io, answers[q.id]);
    answers = pruneHidden(pack, { ...answers, [q.id]: value ?? null });
    onAnswer(answers);
    // A changed answer can reveal follow-up questions (a "no" turned "yes").
    answers = await askRemaining(pack, answers, prompter, io, onAnswer);
  }
}
