import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { shortId, uniqueSorted, normalisePractice, normaliseTag, type Entry } from '../domain/entries.js';
import { entryToJson } from '../domain/json-shapes.js';
import type { Intention } from '../domain/intentions.js';
import { checkAnswerSet, reflectionParts, type Answers, type Pack } from '../domain/packs.js';
import { dayAfterLabel, type NumberedSession } from '../domain/sessions.js';
import { daysBetween, localDate, localDateAt, localDateTimeAt, utcOffsetMinutes } from '../domain/time.js';
import { CancelledError, UsageError } from '../errors.js';
import type { LoadedPacks } from '../packs/load.js';
import { askRemaining, review } from '../packs/run.js';
import { sanitizeLine } from '../render/sanitize.js';
import { wrapItems } from '../render/wrap.js';
import { respondToFlags } from '../safety.js';
import { safetyTriggers } from '../domain/safety.js';
import type { Store } from '../store/index.js';
import type { Draft } from '../store/drafts.js';
import { parseEntryDate } from './shared/entry-values.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { exclusive } from './shared/choices.js';
import { loadAllPacks } from '../packs/installed.js';
import { requirePackIn } from '../domain/packs.js';
import { welcomeBackLine } from './shared/welcome.js';
import { followUpDays, followUpState } from './shared/followups.js';
import { nextReflection, type FollowUpStep } from '../domain/followups.js';
import type { Config } from '../config.js';
import { toJson } from '../render/json.js';
import { INPUT_LIMITS, readInputFile } from '../files.js';

export interface JournalOptions {
  answers?: string;
  resume?: boolean;
  private?: boolean;
  date?: string;
  json?: boolean;
  listDue?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate journal': [
    { cmd: 'integrate journal', why: 'picks the right reflection for now and says why (in a terminal)', interactive: true },
    { cmd: 'integrate journal --list-due', why: 'which follow-ups are done and which are due' },
    { cmd: 'integrate journal post-session', why: 'reflect after a dosing session (in a terminal)', interactive: true },
    { cmd: 'integrate journal daily --answers today.yaml', why: 'from a file, without prompts' },
    { cmd: 'integrate journal --resume', why: 'pick up where you left off (in a terminal)', interactive: true },
  ],
} satisfies CommandExamples;

export function registerJournal(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('journal')
    .description('reflect with guided prompts (after a session, daily, weekly); answers are saved as you go')
    .argument('[pack]', 'which prompt pack: daily, post-session, pre-session, weekly, realms, or your own (default: chosen for you)')
    .option('--answers <file>', 'answers from a JSON or YAML file keyed by question id ("-" reads stdin), without prompts')
    .option('--resume', 'continue your latest unfinished reflection')
    .option('--private', 'keep this reflection out of summaries you share')
    .option('--date <when>', 'the day you are reflecting on, e.g. yesterday')
    .option('--json', 'print the saved entry as JSON (with --list-due: the follow-ups as JSON)')
    .option('--list-due', 'list the follow-ups of your recent sessions: done, due, coming up or missed')
    .addHelpText('before', examplesHelp(examples['integrate journal']))
    .addHelpText('after', related(['prompts list', 'session add', 'intentions', 'list --drafts']))
    .action((pack: string | undefined, opts: JournalOptions) => runJournal(pack, opts, ctx));
  exclusive(cmd, ['--list-due', '--answers', '--resume']);
}

/** A reflection pack by id; questionnaires are taken with `integrate assess`. */
function reflectionPack(loaded: LoadedPacks, id: string): Pack {
  const pack = requirePackIn(loaded, id);
  if (pack.kind === 'assessment') {
    throw new UsageError(`${pack.id} is a questionnaire; take it with integrate assess ${pack.id}.`);
  }
  return pack;
}

interface Situation {
  session?: NumberedSession;
  /** "Day 2 after session 4", for the day being reflected on. */
  sessionLabel?: string;
  daysSinceEntry?: number;
  suggestedPack: string;
  /** Why that pack, without repeating the session label. */
  reason: string;
}

/**
 * Which reflection fits now: the due follow-up of the latest session (post-session,
 * a week, a month after), else the weekly review on the first day of the week,
 * else the default pack. `at` is the moment reflected on (--date), `now` the clock.
 */
export function situation(store: Store, now: Date, config: Pick<Config, 'defaultPack' | 'followUps' | 'postSessionRestHours' | 'weekStart'>, at: Date = now): Situation {
  const day = localDate(at);
  const session = store.sessions.latestBefore(at.toISOString());
  const last = store.entries.latestEntry();
  const daysSinceEntry = last ? daysBetween(last.localDate, localDate(now)) : undefined;
  const sessionLabel = session ? capitalise(dayAfterLabel(session.number, session.localDate, day)) : undefined;
  const base = { session, sessionLabel, daysSinceEntry };
  const defaultPack = config.defaultPack ?? 'daily';
  // Reflecting on another day: that day's situation is unknown, so no schedule.
  if (at.getTime() !== now.getTime()) {
    return { ...base, suggestedPack: defaultPack, reason: `Starting the ${defaultPack} reflection.` };
  }
  const next = nextReflection(followUpState(store, config, now), defaultPack);
  switch (next.reason) {
    case 'follow-up': {
      const gentle = next.step.day === 0 ? ' Rest comes first; stopping after one question is fine.' : '';
      return { ...base, suggestedPack: next.pack, reason: `${capitalise(next.step.label)}: starting the ${next.pack} reflection.${gentle}` };
    }
    case 'resting':
      return {
        ...base, suggestedPack: next.pack,
        reason: `Session ${next.step.sessionNumber} began only a few hours ago, and rest comes first. If you want to write now, here is the post-session reflection; stopping after one question is fine.`,
      };
    case 'pre-session':
      return { ...base, suggestedPack: next.pack, reason: `Session ${next.planned.number} is planned for ${next.planned.localDate}: starting the pre-session reflection (an intention is welcome, not required).` };
    case 'weekly':
      // The weekly pack as one's own default needs no announcement.
      if (defaultPack !== 'weekly') return { ...base, suggestedPack: next.pack, reason: 'A new week: starting the weekly review (integrate journal daily for the short one).' };
      break;
    case 'default':
      break;
  }
  return { ...base, suggestedPack: defaultPack, reason: `Starting the ${defaultPack} reflection.` };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function whereYouAre(s: Situation): string | undefined {
  const parts: string[] = [];
  if (s.sessionLabel) parts.push(s.sessionLabel);
  if (s.daysSinceEntry !== undefined) {
    parts.push(s.daysSinceEntry === 0 ? 'last entry today' : s.daysSinceEntry === 1 ? 'last entry yesterday' : `last entry ${s.daysSinceEntry} days ago`);
  }
  return parts.length ? parts.join(' · ') : undefined;
}

async function readAnswersSource(source: string, ctx: Ctx): Promise<string> {
  if (source === '-') return ctx.io.readStdin(INPUT_LIMITS.answers);
  return readInputFile(source, 'answers file', INPUT_LIMITS.answers).toString('utf8');
}

export async function runJournal(packArg: string | undefined, opts: JournalOptions, ctx: Ctx): Promise<void> {
  if (opts.listDue) {
    if (packArg) throw new UsageError('--list-due only lists; leave out the pack name.');
    return listDue(opts, ctx);
  }
  if (opts.resume && packArg) throw new UsageError('--resume continues your latest draft; leave out the pack name.');
  const now = ctx.clock.now();
  const when = opts.date !== undefined ? await parseEntryDate(opts.date, now) : undefined;
  if (!opts.answers && !ctx.io.canPrompt()) {
    throw new UsageError('journal asks questions in a terminal; without one, give the answers with --answers FILE (JSON or YAML keyed by question id, or - for stdin).');
  }
  const loaded = await loadAllPacks(ctx);
  const store = ctx.store();

  if (opts.answers) {
    const pack = reflectionPack(loaded, packArg ?? situation(store, now, ctx.config(), when).suggestedPack);
    const { parseAnswersText } = await import('../packs/load.js');
    const raw = parseAnswersText(await readAnswersSource(opts.answers, ctx), opts.answers === '-' ? 'stdin' : opts.answers);
    const { answers, errors } = checkAnswerSet(pack, raw);
    if (errors.length) {
      throw new UsageError(`The answers do not fit the ${pack.id} pack: ${errors.join('; ')}. Nothing was saved (see integrate prompts show ${pack.id}).`);
    }
    finish(pack, answers, { private: Boolean(opts.private), entryAt: when, json: opts.json }, ctx, store);
    return;
  }

  let draft: Draft | undefined;
  let pack: Pack;
  const drafts = store.drafts.all();
  if (opts.resume) {
    draft = drafts[0];
    if (!draft) throw new UsageError('There is no unfinished reflection to resume. Start one with integrate journal.');
    pack = requirePackIn(loaded, draft.pack);
  } else {
    const welcome = ctx.io.stderrIsTTY ? welcomeBackLine(ctx) : undefined;
    if (welcome) ctx.io.err(`${welcome}\n`);
    const found = situation(store, now, ctx.config(), when);
    const where = whereYouAre(found);
    if (where) ctx.io.err(`${where}\n`);
    if (!packArg && drafts[0]) {
      draft = await offerDraft(drafts[0], loaded, ctx, store);
    }
    if (draft) {
      pack = requirePackIn(loaded, draft.pack);
    } else {
      pack = reflectionPack(loaded, packArg ?? found.suggestedPack);
      if (!packArg) ctx.io.err(`${wrapItems(found.reason.split(' '), Math.max(30, ctx.io.columns - 1)).join('\n')}\n`);
    }
  }

  if (!draft) {
    draft = {
      id: randomUUID(), pack: pack.id, packVersion: pack.version, startedAt: now.toISOString(), updatedAt: now.toISOString(),
      utcOffset: utcOffsetMinutes(now), entryAt: when?.toISOString() ?? null, private: Boolean(opts.private), answers: {},
    };
  } else {
    ctx.io.err(`Resuming "${sanitizeLine(pack.title)}" from ${draft.startedAt.slice(0, 10)}.\n`);
    if (opts.private) draft.private = true;
  }
  remindIntentions(pack, store, ctx);

  const current = draft;
  const saveDraft = (answers: Answers) => {
    current.answers = answers;
    current.updatedAt = ctx.clock.now().toISOString();
    store.drafts.save(current);
  };
  let result: Answers | 'discard';
  try {
    const answered = await askRemaining(pack, { ...draft.answers }, ctx.prompter, ctx.io, saveDraft);
    result = await review(pack, answered, ctx.prompter, ctx.io, saveDraft);
  } catch (err) {
    if (err instanceof CancelledError && store.drafts.get(current.id)) {
      throw new CancelledError('Paused. Your answers so far are kept as a draft; continue any time with integrate journal --resume.');
    }
    throw err;
  }
  if (result === 'discard') {
    store.drafts.delete(draft.id);
    ctx.io.err('Discarded. Nothing was saved.\n');
    return;
  }
  const entryAt = draft.entryAt ? new Date(draft.entryAt) : undefined;
  finish(pack, result, { private: draft.private, entryAt, draftId: draft.id, json: opts.json }, ctx, store);
}

/** How a step reads in the list: "done 2026-11-21", "due now, until 2026-12-11", … */
function stepStatus(step: FollowUpStep, sessions: readonly NumberedSession[]): string {
  const day = (iso: string) => localDate(new Date(iso));
  switch (step.status) {
    case 'done': return `done ${day(step.doneBy!.createdAt)}`;
    case 'due': return `due now, until ${day(step.closesAt)}`;
    case 'resting': return `rest first; opens ${localDateTimeAt(step.opensAt, utcOffsetMinutes(new Date(step.opensAt)))}`;
    case 'upcoming': return `opens ${day(step.opensAt)}`;
    case 'missed': return 'not written, and that is all right';
    case 'closed': return `closed when session ${sessions.find((s) => s.number === step.sessionNumber + 1)?.number ?? step.sessionNumber + 1} began`;
  }
}

const STATUS_MARK: Record<FollowUpStep['status'], string> = { done: '✓', due: '•', resting: '…', upcoming: '○', missed: '–', closed: '–' };

async function listDue(opts: JournalOptions, ctx: Ctx): Promise<void> {
  const store = ctx.existingStore();
  const now = ctx.clock.now();
  const state = store ? followUpState(store, ctx.config(), now) : undefined;
  const sessions = store ? store.sessions.list() : [];
  // The latest three sessions: older follow-ups are long closed.
  const recent = (state?.schedule ?? []).slice(-3).reverse();
  if (opts.json) {
    ctx.io.out(`${JSON.stringify({
      due: state?.due ? { session: state.due.sessionNumber, day: state.due.day, pack: state.due.pack, label: state.due.label } : null,
      weeklyDue: state?.weeklyDue ?? false,
      sessions: recent.map((steps) => ({
        session: steps[0]!.sessionNumber,
        followUps: steps.map((s) => ({ day: s.day, pack: s.pack, label: s.label, status: s.status, opensAt: s.opensAt, closesAt: s.closesAt, doneBy: s.doneBy?.entryId ?? null })),
      })),
    }, null, 2)}\n`);
    return;
  }
  if (!recent.length) {
    ctx.io.out('No dosing sessions yet, so no follow-ups. Add one with integrate session add.\n');
    return;
  }
  const lines: string[] = [];
  for (const steps of recent) {
    const session = sessions.find((x) => x.number === steps[0]!.sessionNumber)!;
    lines.push(`Session ${session.number} (${session.localDate})`);
    const width = Math.max(...steps.map((s) => s.pack.length));
    for (const step of steps) lines.push(`  ${STATUS_MARK[step.status]} ${step.pack.padEnd(width)}  ${stepStatus(step, sessions)}`);
  }
  if (state?.weeklyDue) lines.push('', 'The weekly review is due today: integrate journal weekly');
  lines.push('', ctx.io.c.dim(`Schedule: ${followUpDays(ctx.config()).join(', ')} days after each session (integrate config set followUps 0,7,30).`));
  ctx.io.out(`${lines.join('\n')}\n`);
}

async function offerDraft(draft: Draft, loaded: LoadedPacks, ctx: Ctx, store: Store): Promise<Draft | undefined> {
  const pack = loaded.packs.get(draft.pack);
  if (!pack) return undefined;
  const answered = Object.keys(draft.answers).length;
  const choice = await ctx.prompter.select<'resume' | 'new' | 'discard'>({
    message: `You have an unfinished "${sanitizeLine(pack.title)}" from ${draft.startedAt.slice(0, 10)} (${answered} answered). Continue it?`,
    choices: [
      { name: 'Yes, continue where I left off', value: 'resume' },
      { name: 'Start a new reflection (keep the draft for later)', value: 'new' },
      { name: 'Discard the draft and start new', value: 'discard' },
    ],
    default: 'resume',
  });
  if (choice === 'resume') return draft;
  if (choice === 'discard') {
    const sure = await ctx.prompter.confirm({ message: 'Discard the unfinished reflection for good?', default: false });
    if (!sure) throw new CancelledError('Kept the draft; nothing was changed.');
    store.drafts.delete(draft.id);
  }
  return undefined;
}

function remindIntentions(pack: Pack, store: Store, ctx: Ctx): void {
  if (pack.id !== 'daily' && pack.id !== 'weekly') return;
  const open = store.intentions.open().slice(0, 3);
  if (!open.length) return;
  const span = pack.id === 'daily' ? 'today' : 'this week';
  ctx.io.err(`Your open intentions — did you practise any of them ${span}?\n${open.map((i) => `  • ${sanitizeLine(i.text)}`).join('\n')}\n`);
}

function finish(
  pack: Pack, answers: Answers,
  opts: { private: boolean; entryAt?: Date; draftId?: string; json?: boolean },
  ctx: Ctx, store: Store,
): void {
  const now = ctx.clock.now();
  const at = opts.entryAt ?? now;
  const parts = reflectionParts(pack, answers);
  const utcOffset = utcOffsetMinutes(at);
  const entry: Entry = {
    id: randomUUID(),
    createdAt: at.toISOString(),
    utcOffset,
    localDate: localDateAt(at, utcOffset),
    kind: 'journal',
    pack: pack.id,
    private: opts.private,
    starred: false,
    text: parts.text,
    metrics: parts.metrics,
    practices: [],
    tags: [],
  };
  try {
    entry.practices = uniqueSorted(parts.practices.map((p) => normalisePractice(p, 'practice')));
    entry.tags = uniqueSorted(parts.tags.map((t) => normaliseTag(t, 'tag')));
  } catch (err) {
    // Nothing is lost: an interrupted reflection is still its draft.
    if (err instanceof UsageError && opts.draftId) {
      throw new UsageError(`${err.message} Your answers are kept as a draft; change that answer with integrate journal --resume.`);
    }
    throw err;
  }
  const intentions: Intention[] = parts.intentions.map((text) => ({
    id: randomUUID(), text, createdAt: now.toISOString(), utcOffset: utcOffsetMinutes(now),
    sourceEntryId: entry.id, status: 'open', dueDate: null, closedAt: null,
  }));
  // Free text is checked for self-harm phrases: text answers, and the lines written as intentions.
  const textAnswers = [...parts.records.filter((r) => typeof r.value === 'string').map((r) => r.value as string), ...parts.intentions];
  const triggers = safetyTriggers({ metrics: parts.metrics, isCheckin: pack.id === 'daily', texts: textAnswers, safetyQuestionYes: parts.safetyYes });
  store.transaction(() => {
    store.reflections.save(entry, pack.version, parts.records, intentions, opts.draftId);
    store.safety.addTo('entry', entry.id, triggers, entry.createdAt, entry.localDate);
  });

  if (opts.json) ctx.io.out(`${toJson(entryToJson(entry), 2)}\n`);
  ctx.io.err(`Saved reflection ${shortId(entry.id)} (${sanitizeLine(pack.title)}).\n`);
  if (intentions.length) {
    ctx.io.err(`New intention${intentions.length === 1 ? '' : 's'} to carry forward:\n${intentions.map((i) => `  • ${sanitizeLine(i.text)}`).join('\n')}\nSee them any time with integrate intentions.\n`);
  }
  respondToFlags(ctx, triggers);
}
