import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import {
  ACUTE_WINDOW_HOURS, cadenceOf, classifyChange, describeChange, holdText, instrumentsOf, maxScoreOf, neededItemIds, questionnaireDue,
  resultNotes, safetyItemTriggered, scoreAssessment, unscoredAnswers, type AssessmentResult, type Instrument, type ScoredResult,
} from '../domain/assessments.js';
import { type Entry } from '../domain/entries.js';
import { checkAnswerSet, isVisible, reflectionParts, type Answers, type Pack } from '../domain/packs.js';
import { daysBetween, localDate, localDateAt, utcOffsetMinutes } from '../domain/time.js';
import { CancelledError, NotFoundError, UsageError } from '../errors.js';
import type { LoadedPacks } from '../packs/load.js';
import { askQuestion } from '../packs/run.js';
import { sanitizeLine } from '../render/sanitize.js';
import { sparkline } from '../render/sparkline.js';
import { offerSupport, supportReason } from '../safety.js';
import { parseEntryDate } from './shared/entry-values.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { exclusive } from './shared/choices.js';
import { loadAllPacks } from '../packs/installed.js';
import { instrumentHistory } from './shared/assessments.js';
import { toJson } from '../render/json.js';
import { assessmentResultJson, questionnaireStatusJson } from '../domain/json-shapes.js';
import { INPUT_LIMITS, readInputFile } from '../files.js';

export interface AssessOptions {
  answers?: string;
  json?: boolean;
  /** When it was taken, e.g. at the clinic yesterday (not in the future). */
  date?: string;
  /** A result of the same instrument on that day already exists: replace it, or keep both. */
  replace?: boolean;
  keepBoth?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate assess': [
    { cmd: 'integrate assess', why: 'which questionnaires are due' },
    { cmd: 'integrate assess phq9', why: 'take the PHQ-9 (in a terminal)', interactive: true },
    { cmd: 'integrate assess gad7 --date yesterday --answers gad7.json', why: 'record one you filled in at the clinic' },
    { cmd: 'integrate assess history gad7', why: 'your GAD-7 scores over time' },
  ],
} satisfies CommandExamples;

export function registerAssess(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('assess')
    .description('validated questionnaires (PHQ-9, GAD-7, WHO-5): what is due, take one, see your scores over time')
    .argument('[instrument]', 'a questionnaire id such as phq9 (integrate assess lists every one, your own too), or "history"')
    .argument('[history-instrument]', 'with "history": only this instrument')
    .option('--answers <file>', 'item answers from a JSON/YAML file ("-" for stdin), e.g. {"item1": 0, "item2": 1, ...}')
    .option('--date <when>', 'when you took it, if earlier (e.g. at the clinic): 2026-03-14, "yesterday 15:00"; not in the future')
    .option('--replace', 'already took it that day: replace that result')
    .option('--keep-both', 'already took it that day: keep both results')
    .option('--json', 'print JSON')
    .addHelpText('before', examplesHelp(examples['integrate assess']))
    .addHelpText('after', related(['mood --metric phq9', 'summary', 'crisis']))
    .action((id: string | undefined, historyId: string | undefined, opts: AssessOptions) => {
      if (id === 'history') return runAssessHistory(historyId, opts, ctx);
      if (historyId !== undefined) throw new UsageError(`Unexpected "${sanitizeLine(historyId)}". Use integrate assess ID, or integrate assess history [ID].`);
      return id === undefined ? runAssessList(opts, ctx) : runAssess(id, opts, ctx);
    });
  exclusive(cmd, ['--replace', '--keep-both']);
}

function findInstrument(loaded: LoadedPacks, id: string): Instrument {
  const key = id.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  const all = instrumentsOf(loaded.packs.values());
  const pack = all.find((p) => p.id === key || p.id.replace(/-/g, '') === key);
  if (!pack) throw new NotFoundError(`There is no questionnaire "${sanitizeLine(id)}". Available: ${all.map((p) => p.id).join(', ')}.`);
  return pack;
}

function formatScore(pack: Pack, score: number): string {
  return `${Math.round(score * 10) / 10}${sanitizeLine(pack.scoring?.unit ?? '')}`;
}

export async function runAssessList(opts: AssessOptions, ctx: Ctx): Promise<void> {
  const loaded = await loadAllPacks(ctx, !opts.json);
  const store = ctx.existingStore();
  const now = ctx.clock.now();
  const today = localDate(now);
  const hold = store?.assessments.holdInput(now) ?? { now };
  const rows = instrumentsOf(loaded.packs.values()).map((pack) => {
    const last = instrumentHistory(store, pack, ctx).results.at(-1);
    const cadenceDays = cadenceOf(pack, ctx.config().cadence);
    const status = questionnaireDue({ ...hold, lastDate: last?.date, cadenceDays, today });
    return { pack, last, cadenceDays, status };
  });
  if (opts.json) {
    ctx.io.out(`${toJson(rows.map(({ pack, last, cadenceDays, status }) => questionnaireStatusJson(pack, last, cadenceDays, status)), 2)}\n`);
    return;
  }
  const { c } = ctx.io;
  const lines = rows.map(({ pack, last, status }) => {
    const taken = last ? `last ${last.date}: ${formatScore(pack, last.score)} (${sanitizeLine(last.band ?? 'no band')})` : 'not taken yet';
    const due = status.due ? c.yellow(last ? 'due now' : 'due') : status.hold ? `due, ${holdText(status.hold)}` : `next on ${status.dueDate}`;
    return `${pack.id.padEnd(6)} ${sanitizeLine(pack.title).padEnd(7)} ${taken.padEnd(38)} ${due}`;
  });
  ctx.io.out(`${lines.join('\n')}\n`);
  const held = rows.find((r) => r.status.hold)?.status.hold;
  if (held?.reason === 'low-mood') {
    ctx.io.err(`Your check-in today says mood ${held.mood}. Questionnaires can wait; rest first. If it gets too much: integrate crisis\n`);
  } else if (held) {
    ctx.io.err(`Right after a session, acute effects colour the answers, so questionnaires ${holdText(held)}.\n`);
  }
  const dueIds = rows.filter((r) => r.status.due).map((r) => r.pack.id);
  if (dueIds.length) ctx.io.err(`Take one with: integrate assess ${dueIds[0]}\n`);
}

async function collectAnswers(pack: Pack, opts: AssessOptions, ctx: Ctx): Promise<Answers> {
  const needed = neededItemIds(pack);
  if (opts.answers) {
    const text = opts.answers === '-' ? await ctx.io.readStdin(INPUT_LIMITS.answers) : readFile(opts.answers);
    const { parseAnswersText } = await import('../packs/load.js');
    const raw = parseAnswersText(text, opts.answers === '-' ? 'stdin' : opts.answers);
    const { answers, errors } = checkAnswerSet(pack, raw);
    // Every item the score needs requires an answer, even where the pack left it optional.
    for (const q of pack.questions) {
      if (needed.has(q.id) && !q.required && answers[q.id] === undefined) errors.push(`"${q.id}" is required (it counts towards the score)`);
    }
    if (errors.length) throw new UsageError(`The answers do not fit ${pack.title}: ${errors.join('; ')}. Nothing was saved.`);
    // An answer to a question the instrument does not ask here (e.g. difficulty with every item at 0) is left out, said aloud.
    const hidden = pack.questions.filter((q) => raw[q.id] !== undefined && raw[q.id] !== null && !isVisible(q, answers));
    for (const q of hidden) ctx.io.err(`Left out "${q.id}": ${sanitizeLine(pack.title)} asks it only when its condition holds (e.g. an item above 0).\n`);
    return answers;
  }
  if (!ctx.io.canPrompt()) {
    throw new UsageError(`${pack.title} asks its questions in a terminal; without one, give the item answers with --answers FILE (or - for stdin).`);
  }
  if (pack.instructions) ctx.io.out(`${ctx.io.c.bold(sanitizeLine(pack.instructions))}\n`);
  const answers: Answers = {};
  for (const q of pack.questions) {
    if (!isVisible(q, answers)) continue; // e.g. the difficulty question when every item was 0
    const value = await askQuestion(needed.has(q.id) ? { ...q, required: true } : q, ctx.prompter, ctx.io);
    if (value !== undefined) answers[q.id] = value;
  }
  return answers;
}

function readFile(file: string): string {
  return readInputFile(file, 'answers file', INPUT_LIMITS.answers).toString('utf8');
}

/** --date: an earlier time (a bare date today means now); never the future. */
async function takenAt(raw: string | undefined, now: Date): Promise<Date> {
  if (raw === undefined) return now;
  const when = await parseEntryDate(raw, now);
  if (when.getTime() > now.getTime()) {
    throw new UsageError(`--date "${raw.trim()}" is in the future. A questionnaire is recorded when you took it: give today or an earlier date. Nothing was saved.`);
  }
  return when;
}

/** A result of the same instrument on the same local day: replace it, keep both, or stop. */
async function retakeChoice(pack: Pack, sameDay: ScoredResult, opts: AssessOptions, ctx: Ctx): Promise<'replace' | 'keep-both'> {
  if (opts.replace) return 'replace';
  if (opts.keepBoth) return 'keep-both';
  const earlier = `${sanitizeLine(pack.title)} on ${sameDay.date} (${formatScore(pack, sameDay.score)}, ${sanitizeLine(sameDay.band ?? 'no band')}, at ${sameDay.createdAt.slice(11, 16)})`;
  if (!ctx.io.canPrompt()) {
    throw new UsageError(`You already have a ${earlier}. Add --replace to replace it or --keep-both to keep both. Nothing was saved.`);
  }
  const choice = await ctx.prompter.select<'replace' | 'keep-both' | 'cancel'>({
    message: `You already have a ${earlier}. What should happen to it?`,
    choices: [
      { name: 'Replace it with this one', value: 'replace' },
      { name: 'Keep both', value: 'keep-both' },
      { name: 'Cancel (nothing is saved)', value: 'cancel' },
    ],
    default: 'replace',
  });
  if (choice === 'cancel') throw new CancelledError('Cancelled. Nothing was saved.');
  return choice;
}

export async function runAssess(id: string, opts: AssessOptions, ctx: Ctx): Promise<void> {
  const loaded = await loadAllPacks(ctx, !opts.json);
  const pack = findInstrument(loaded, id);
  const now = ctx.clock.now();
  const when = await takenAt(opts.date, now);
  const utcOffset = utcOffsetMinutes(when);
  const day = localDateAt(when, utcOffset);

  const store = ctx.store();
  const { results } = instrumentHistory(store, pack, ctx);
  const sameDay = results.filter((r) => r.date === day).at(-1);
  // An answers file is checked first (its problems matter more); in a terminal, the retake question comes before the items.
  const fromFile = opts.answers ? await collectAnswers(pack, opts, ctx) : undefined;
  const replacing = sameDay && (await retakeChoice(pack, sameDay, opts, ctx)) === 'replace' ? sameDay : undefined;
  const answers = fromFile ?? await collectAnswers(pack, opts, ctx);
  let result: AssessmentResult;
  try {
    result = scoreAssessment(pack, answers);
  } catch (err) {
    // An item the score needs went unanswered (e.g. hidden by showIf in your own pack).
    throw new UsageError(`The answers do not fit ${pack.title}: ${(err as Error).message}. Nothing was saved.`);
  }

  // The change is read against the result before this one in time (with --date, an earlier one).
  const previous = results.filter((r) => r !== replacing && Date.parse(r.createdAt) <= when.getTime()).at(-1);
  const parts = reflectionParts(pack, answers);
  const entry: Entry = {
    id: randomUUID(), createdAt: when.toISOString(), utcOffset, localDate: day,
    kind: 'assessment', pack: pack.id, private: false, starred: false, text: '',
    metrics: { [pack.scoring!.metric]: result.score }, practices: [], tags: [],
  };
  const flagged = safetyItemTriggered(pack, result);
  store.transaction(() => {
    if (replacing) store.entries.delete(replacing.entryId);
    store.reflections.save(entry, pack.version, parts.records, []);
    if (flagged) store.safety.addTo('entry', entry.id, [pack.scoring!.safetyItem!.flag], entry.createdAt, entry.localDate);
  });

  if (opts.json) {
    ctx.io.out(`${toJson(assessmentResultJson(pack, entry, result, {
      previous, replaced: replacing, changeReading: previous ? classifyChange(pack.scoring!, previous.score, result.score) : null,
      unscored: unscoredAnswers(pack, answers), notes: resultNotes(result),
    }), 2)}\n`);
  } else {
    ctx.io.out(`${resultText(pack, result, answers, previous)}\n`);
  }
  if (replacing) ctx.io.err(`Replaced the ${sanitizeLine(pack.title)} of ${replacing.date} (was ${formatScore(pack, replacing.score)}).\n`);
  else if (previous && previous.date !== day && daysBetween(previous.date, day) < cadenceOf(pack, ctx.config().cadence)) {
    ctx.io.err(`Your last ${sanitizeLine(pack.title)} was on ${previous.date}; each one looks back two weeks, so results this close overlap.\n`);
  }
  const session = store.sessions.latestBefore(when.toISOString());
  if (session && when.getTime() - Date.parse(session.occurredAt) < ACUTE_WINDOW_HOURS * 3_600_000) {
    ctx.io.err(`Taken within ${ACUTE_WINDOW_HOURS} hours of session ${session.number}: acute effects can colour the answers, so read this one with care.\n`);
  }
  if (flagged) {
    // The pack says what its item asks about (PHQ-9 item 9: these thoughts in so many words); otherwise the general words.
    const support = pack.scoring!.safetyItem!.support;
    offerSupport(ctx, support ? sanitizeLine(support) : supportReason([pack.scoring!.safetyItem!.flag]));
  }
}

function resultText(pack: Pack, r: AssessmentResult, answers: Answers, previous: ScoredResult | undefined): string {
  const rawMax = r.maxScore / pack.scoring!.multiplier;
  const num = (n: number) => String(Math.round(n * 10) / 10);
  const lines = [
    `${pack.title}: ${num(r.score)} of ${num(r.maxScore)}${pack.scoring!.multiplier !== 1 ? ` (raw ${r.raw} of ${num(rawMax)})` : ''} — ${r.band?.label ?? 'no band'}`,
    describeChange(pack, previous && { score: previous.score, date: previous.date }, r.score),
  ];
  for (const a of unscoredAnswers(pack, answers)) lines.push(`${a.prompt} ${a.answer} (recorded; not part of the score)`);
  for (const s of r.subscales) lines.push(`${s.title}: ${s.raw}`);
  const notes = resultNotes(r);
  for (const note of notes) lines.push(/[.!?]$/.test(note) ? note : `Note: ${note}.`);
  lines.push(`A score describes the last two weeks; it is not a diagnosis.${r.band?.note ? '' : ' Share it with your clinician if it helps.'}`);
  if (pack.source) lines.push(`Source: ${pack.source}`);
  // Titles, prompts, bands, notes and sources can come from your own packs: shown without control sequences.
  return lines.map(sanitizeLine).join('\n');
}

export async function runAssessHistory(id: string | undefined, opts: AssessOptions, ctx: Ctx): Promise<void> {
  const loaded = await loadAllPacks(ctx, !opts.json);
  const packs = id ? [findInstrument(loaded, id)] : instrumentsOf(loaded.packs.values());
  const store = ctx.existingStore();
  const history = packs.map((pack) => ({ pack, results: instrumentHistory(store, pack, ctx).results }));
  if (opts.json) {
    ctx.io.out(`${toJson(Object.fromEntries(history.map(({ pack, results }) => [pack.id, results])), 2)}\n`);
    return;
  }
  const blocks = history.filter((h) => h.results.length).map(({ pack, results }) => {
    const scores = results.map((r) => r.score);
    const spark = sparkline(scores, { min: 0, max: maxScoreOf(pack) });
    const rows = results.slice(-12).map((r) => `  ${r.date}  ${formatScore(pack, r.score).padStart(4)}  ${sanitizeLine(r.band ?? '')}`);
    return `${ctx.io.c.bold(sanitizeLine(pack.title))}  ${spark}  (${pack.scoring!.higherIsBetter ? 'higher' : 'lower'} is better)\n${rows.join('\n')}`;
  });
  if (!blocks.length) {
    ctx.io.err(packs[0] ? `No results yet. Take one with integrate assess ${packs[0].id}.\n` : 'No results yet, and no questionnaire is installed (integrate prompts list).\n');
    return;
  }
  ctx.io.out(`${blocks.join('\n\n')}\n`);
}
