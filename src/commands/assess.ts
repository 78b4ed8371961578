import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { describeChange, dueStatus, maxScoreOf, neededItemIds, safetyItemTriggered, scoreAssessment, type AssessmentResult } from '../domain/assessments.js';
import { type Entry } from '../domain/entries.js';
import { checkAnswerSet, reflectionParts, type Answers, type Pack } from '../domain/packs.js';
import { isoWithOffset, localDate, localDateAt, utcOffsetMinutes } from '../domain/time.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { LoadedPacks } from '../packs/load.js';
import { askQuestion } from '../packs/run.js';
import { sanitizeLine } from '../render/sanitize.js';
import { sparkline } from '../render/sparkline.js';
import { offerSupport, supportReason } from '../safety.js';
import type { Store } from '../store/index.js';
import { examples, related } from './help.js';
import { loadAllPacks } from './journal.js';
import { toJson } from '../render/json.js';
import { INPUT_LIMITS, readInputFile } from '../files.js';

export interface AssessOptions {
  answers?: string;
  json?: boolean;
}

export function registerAssess(program: Command, ctx: Ctx): void {
  program
    .command('assess')
    .description('validated questionnaires (PHQ-9, GAD-7, WHO-5): what is due, take one, see your scores over time')
    .argument('[instrument]', 'phq9, gad7, who5 (or "history")')
    .argument('[history-instrument]', 'with "history": only this instrument')
    .option('--answers <file>', 'item answers from a JSON/YAML file ("-" for stdin), e.g. {"item1": 0, "item2": 1, ...}')
    .option('--json', 'print JSON')
    .addHelpText('before', examples([
      ['integrate assess', 'which questionnaires are due'],
      ['integrate assess phq9', 'take the PHQ-9 (in a terminal)'],
      ['integrate assess history gad7', 'your GAD-7 scores over time'],
    ]))
    .addHelpText('after', related(['mood --metric phq9', 'summary', 'crisis']))
    .action((id: string | undefined, historyId: string | undefined, opts: AssessOptions) => {
      if (id === 'history') return runAssessHistory(historyId, opts, ctx);
      if (historyId !== undefined) throw new UsageError(`Unexpected "${sanitizeLine(historyId)}". Use integrate assess ID, or integrate assess history [ID].`);
      return id === undefined ? runAssessList(opts, ctx) : runAssess(id, opts, ctx);
    });
}

/** Days between reminders: the user's setting, else the pack's, else 14. */
export function cadenceOf(pack: Pack, ctx: Ctx): number {
  const cadence = ctx.config().cadence;
  return (Object.hasOwn(cadence, pack.id) ? cadence[pack.id] : undefined) ?? pack.cadenceDays ?? 14;
}

export function instruments(loaded: LoadedPacks): Pack[] {
  return [...loaded.packs.values()].filter((p) => p.kind === 'assessment').sort((a, b) => a.id.localeCompare(b.id));
}

function findInstrument(loaded: LoadedPacks, id: string): Pack {
  const key = id.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  const pack = instruments(loaded).find((p) => p.id === key || p.id.replace(/-/g, '') === key);
  if (!pack) throw new NotFoundError(`There is no questionnaire "${sanitizeLine(id)}". Available: ${instruments(loaded).map((p) => p.id).join(', ')}.`);
  return pack;
}

export interface ScoredResult {
  entryId: string;
  date: string;
  createdAt: string;
  score: number;
  raw: number;
  band: string | null;
}

/** Every stored result of an instrument, oldest first, rescored from the stored item answers. */
export function resultsOf(store: Store | undefined, pack: Pack): ScoredResult[] {
  if (!store) return [];
  return store.entries.list({ kind: 'assessment', pack: pack.id }).reverse().flatMap((e) => {
    const answers: Answers = {};
    for (const a of store.reflections.answers(e.id)) answers[a.questionId] = a.value;
    try {
      const r = scoreAssessment(pack, answers);
      return [{ entryId: e.id, date: e.localDate, createdAt: isoWithOffset(e.createdAt, e.utcOffset), score: r.score, raw: r.raw, band: r.band?.label ?? null }];
    } catch {
      return []; // items changed since; skip rather than guess
    }
  });
}

function formatScore(pack: Pack, score: number): string {
  return `${Math.round(score * 10) / 10}${sanitizeLine(pack.scoring?.unit ?? '')}`;
}

export async function runAssessList(opts: AssessOptions, ctx: Ctx): Promise<void> {
  const loaded = await loadAllPacks(ctx, !opts.json);
  const store = ctx.existingStore();
  const today = localDate(ctx.clock.now());
  const rows = instruments(loaded).map((pack) => {
    const results = resultsOf(store, pack);
    const last = results.at(-1);
    const status = dueStatus(last?.date, cadenceOf(pack, ctx), today);
    return { pack, last, status };
  });
  if (opts.json) {
    ctx.io.out(`${toJson(rows.map(({ pack, last, status }) => ({
      id: pack.id, title: pack.title, cadenceDays: cadenceOf(pack, ctx), lastTaken: last?.date ?? null,
      lastScore: last?.score ?? null, lastBand: last?.band ?? null, dueDate: status.dueDate, due: status.due,
    })), 2)}\n`);
    return;
  }
  const { c } = ctx.io;
  const lines = rows.map(({ pack, last, status }) => {
    const taken = last ? `last ${last.date}: ${formatScore(pack, last.score)} (${sanitizeLine(last.band ?? 'no band')})` : 'not taken yet';
    const due = status.due ? c.yellow(last ? 'due now' : 'due') : `next on ${status.dueDate}`;
    return `${pack.id.padEnd(6)} ${sanitizeLine(pack.title).padEnd(7)} ${taken.padEnd(38)} ${due}`;
  });
  ctx.io.out(`${lines.join('\n')}\n`);
  const dueIds = rows.filter((r) => r.status.due).map((r) => r.pack.id);
  if (dueIds.length) ctx.io.err(`Take one with: integrate assess ${dueIds[0]}\n`);
}

async function collectAnswers(pack: Pack, opts: AssessOptions, ctx: Ctx): Promise<Answers> {
  const needed = neededItemIds(pack);
  if (opts.answers) {
    const text = opts.answers === '-' ? await ctx.io.readStdin(INPUT_LIMITS.answers) : readFile(opts.answers);
    const { parseAnswersText } = await import('../packs/load.js');
    const { answers, errors } = checkAnswerSet(pack, parseAnswersText(text, opts.answers === '-' ? 'stdin' : opts.answers));
    // Every item the score is built from needs an answer, even where the pack left it optional.
    for (const q of pack.questions) {
      if (needed.has(q.id) && !q.required && answers[q.id] === undefined) errors.push(`"${q.id}" is required (it counts towards the score)`);
    }
    if (errors.length) throw new UsageError(`The answers do not fit ${pack.title}: ${errors.join('; ')}. Nothing was saved.`);
    return answers;
  }
  if (!ctx.io.canPrompt()) {
    throw new UsageError(`${pack.title} asks its questions in a terminal; without one, give the item answers with --answers FILE (or - for stdin).`);
  }
  if (pack.instructions) ctx.io.out(`${ctx.io.c.bold(sanitizeLine(pack.instructions))}\n`);
  const answers: Answers = {};
  for (const q of pack.questions) {
    const value = await askQuestion(needed.has(q.id) ? { ...q, required: true } : q, ctx.prompter, ctx.io);
    if (value !== undefined) answers[q.id] = value;
  }
  return answers;
}

function readFile(file: string): string {
  return readInputFile(file, 'answers file', INPUT_LIMITS.answers).toString('utf8');
}

export async function runAssess(id: string, opts: AssessOptions, ctx: Ctx): Promise<void> {
  const loaded = await loadAllPacks(ctx, !opts.json);
  const pack = findInstrument(loaded, id);
  const answers = await collectAnswers(pack, opts, ctx);
  let result: AssessmentResult;
  try {
    result = scoreAssessment(pack, answers);
  } catch (err) {
    // An item the score needs went unanswered (e.g. hidden by showIf in your own pack).
    throw new UsageError(`The answers do not fit ${pack.title}: ${(err as Error).message}. Nothing was saved.`);
  }

  const store = ctx.store();
  const previous = resultsOf(store, pack).at(-1);
  const now = ctx.clock.now();
  const utcOffset = utcOffsetMinutes(now);
  const parts = reflectionParts(pack, answers);
  const entry: Entry = {
    id: randomUUID(), createdAt: now.toISOString(), utcOffset, localDate: localDateAt(now, utcOffset),
    kind: 'assessment', pack: pack.id, private: false, starred: false, text: '',
    metrics: { [pack.scoring!.metric]: result.score }, practices: [], tags: [],
  };
  const flagged = safetyItemTriggered(pack, result);
  store.db.transaction(() => {
    store.reflections.save(entry, pack.version, parts.records, []);
    if (flagged) store.safety.add(entry.id, [pack.id === 'phq9' ? 'phq9-item9' : 'safety-item'], entry.createdAt, entry.localDate);
  })();

  if (opts.json) {
    ctx.io.out(`${toJson(resultJson(pack, entry, result, previous), 2)}\n`);
  } else {
    ctx.io.out(`${resultText(pack, result, previous)}\n`);
  }
  if (flagged) {
    // Only PHQ-9 item 9 is known to ask about these thoughts; another questionnaire's safety item gets the general words.
    offerSupport(ctx, pack.id === 'phq9'
      ? 'You said you have had thoughts of being better off dead or of hurting yourself. Thank you for answering honestly — please talk to someone today.'
      : supportReason(['safety-item']));
  }
}

function resultJson(pack: Pack, entry: Entry, r: AssessmentResult, previous: ScoredResult | undefined) {
  return {
    id: entry.id, instrument: pack.id, createdAt: isoWithOffset(entry.createdAt, entry.utcOffset),
    score: r.score, raw: r.raw, maxScore: r.maxScore, band: r.band?.label ?? null, flags: r.flags,
    subscales: r.subscales, higherIsBetter: pack.scoring!.higherIsBetter,
    change: previous ? Math.round((r.score - previous.score) * 10) / 10 : null, previousDate: previous?.date ?? null,
  };
}

function resultText(pack: Pack, r: AssessmentResult, previous: ScoredResult | undefined): string {
  const lines = [
    `${pack.title}: ${formatScore(pack, r.score)} of ${formatScore(pack, r.maxScore)}${pack.scoring!.multiplier !== 1 ? ` (raw ${r.raw})` : ''} — ${r.band?.label ?? 'no band'}`,
    describeChange(pack, previous && { score: previous.score, date: previous.date }, r.score),
  ];
  for (const flag of r.flags) if (flag !== r.band?.label) lines.push(`Note: ${flag}.`);
  for (const s of r.subscales) lines.push(`${s.title}: ${s.raw}`);
  lines.push('A score describes the last two weeks; it is not a diagnosis. Share it with your clinician if it helps.');
  // Titles, bands, flags and units can come from your own packs: shown without control sequences.
  return lines.map(sanitizeLine).join('\n');
}

export async function runAssessHistory(id: string | undefined, opts: AssessOptions, ctx: Ctx): Promise<void> {
  const loaded = await loadAllPacks(ctx, !opts.json);
  const packs = id ? [findInstrument(loaded, id)] : instruments(loaded);
  const store = ctx.existingStore();
  const history = packs.map((pack) => ({ pack, results: resultsOf(store, pack) }));
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
    ctx.io.err(`No results yet. Take one with integrate assess ${packs[0]?.id ?? 'phq9'}.\n`);
    return;
  }
  ctx.io.out(`${blocks.join('\n\n')}\n`);
}
