// Scoring validated questionnaires from their pack data: totals, reverse
// items, multipliers, severity bands, flags, subscales, reading a change with
// the instrument's reliable-change threshold, and when one is due.
import { formatAnswer, visibleQuestions, type Answers, type AnswerValue, type Band, type Pack, type Question, type Scoring } from './packs.js';
import { addDays, daysBetween, isoWithOffset, localDateTimeAt, utcOffsetMinutes } from './time.js';
import { byCodeUnit } from './order.js';

export interface AssessmentResult {
  /** Sum of the scored items after reverse scoring. */
  raw: number;
  /** raw × multiplier: what is reported and charted (WHO-5: a percentage). */
  score: number;
  band: Band | undefined;
  flags: string[];
  subscales: { id: string; title: string; raw: number }[];
  /** The safety item's value, when the instrument has one. */
  safetyItemValue: number | undefined;
  maxScore: number;
}

function scoredItems(pack: Pack): Question[] {
  const ids = pack.scoring?.items;
  return ids ? ids.map((id) => pack.questions.find((q) => q.id === id)!) : pack.questions.filter((q) => q.type === 'scale');
}

function itemValue(q: Question, answers: Answers, reverse: Set<string>): number {
  const value = answers[q.id];
  if (typeof value !== 'number') throw new Error(`item ${q.id} is unanswered`);
  return reverse.has(q.id) ? q.min! + q.max! - value : value;
}

/** Ids of the items the score needs: the scored items and those of every subscale. */
export function neededItemIds(pack: Pack): Set<string> {
  return new Set([...scoredItems(pack).map((q) => q.id), ...(pack.scoring?.subscales ?? []).flatMap((s) => s.items)]);
}

/** The highest reportable score (raw maximum × multiplier). */
export function maxScoreOf(pack: Pack): number {
  return scoredItems(pack).reduce((sum, q) => sum + q.max!, 0) * (pack.scoring?.multiplier ?? 1);
}

export function bandFor(bands: readonly Band[], raw: number): Band | undefined {
  return bands.find((b) => raw >= b.min && raw <= b.max);
}

/** Scores a complete set of answers. Throws if an item is missing (callers validate first). */
export function scoreAssessment(pack: Pack, answers: Answers): AssessmentResult {
  const scoring = pack.scoring!;
  const reverse = new Set(scoring.reverse ?? []);
  const items = scoredItems(pack);
  const raw = items.reduce((sum, q) => sum + itemValue(q, answers, reverse), 0);
  const flags = (scoring.flags ?? [])
    .filter((f) => (f.below === undefined || raw < f.below) && (f.above === undefined || raw > f.above))
    .map((f) => f.label);
  const subscales = (scoring.subscales ?? []).map((s) => ({
    id: s.id,
    title: s.title,
    raw: s.items.reduce((sum, id) => sum + itemValue(pack.questions.find((q) => q.id === id)!, answers, reverse), 0),
  }));
  const safetyValue = scoring.safetyItem ? answers[scoring.safetyItem.question] : undefined;
  return {
    raw,
    score: raw * scoring.multiplier,
    band: bandFor(scoring.bands, raw),
    flags,
    subscales,
    safetyItemValue: typeof safetyValue === 'number' ? safetyValue : undefined,
    maxScore: maxScoreOf(pack),
  };
}

export function safetyItemTriggered(pack: Pack, result: AssessmentResult): boolean {
  const item = pack.scoring?.safetyItem;
  return item !== undefined && result.safetyItemValue !== undefined && result.safetyItemValue > item.above;
}

export interface ScoreChange {
  /** to − from, rounded to one decimal. */
  delta: number;
  /** "same" when the difference is smaller than the instrument's reliable-change threshold. */
  direction: 'better' | 'worse' | 'same';
  /** Whether |delta| reaches the threshold; without a threshold, any non-zero change counts. */
  reliable: boolean;
  threshold: number | undefined;
}

/** Reads a change between two reported scores with the instrument's reliable-change threshold. */
export function classifyChange(scoring: Pick<Scoring, 'higherIsBetter' | 'reliableChange'>, from: number, to: number): ScoreChange {
  const delta = Math.round((to - from) * 10) / 10;
  const threshold = scoring.reliableChange;
  const reliable = delta !== 0 && (threshold === undefined || Math.abs(delta) >= threshold);
  const direction = !reliable ? 'same' : (delta > 0) === scoring.higherIsBetter ? 'better' : 'worse';
  return { delta, direction, reliable, threshold };
}

function formatNumber(n: number, unit: string): string {
  return `${Math.round(n * 10) / 10}${unit}`;
}

/** "5", or "10 percentage points" when the score is a percentage. */
function amount(n: number, unit: string): string {
  const v = Math.round(Math.abs(n) * 10) / 10;
  return unit === '%' ? `${v} percentage point${v === 1 ? '' : 's'}` : `${v}${unit}`;
}

/**
 * One sentence on the change since the previous result, read with the instrument's
 * reliable-change threshold: smaller differences are "about the same". An instrument
 * without a threshold (a user's own pack) gets the numbers without a better/worse judgement.
 */
export function describeChange(pack: Pack, previous: { score: number; date: string } | undefined, score: number): string {
  if (!previous) return 'This is your first result; the next one will show the change.';
  const scoring = pack.scoring!;
  const unit = scoring.unit ?? '';
  const change = classifyChange(scoring, previous.score, score);
  const numbers = `(${formatNumber(previous.score, unit)} → ${formatNumber(score, unit)})`;
  const better = scoring.higherIsBetter ? 'higher' : 'lower';
  if (change.delta === 0) return `No change since ${previous.date} ${numbers}: about the same.`;
  const moved = `${change.delta > 0 ? 'Up' : 'Down'} ${amount(change.delta, unit)} since ${previous.date} ${numbers}`;
  if (change.threshold === undefined) {
    return `${moved}. ${pack.title} sets no reliable-change threshold, so integrate does not read this as better or worse (${better} is better).`;
  }
  const rule = `for ${pack.title} a change of ${amount(change.threshold, unit)} or more counts as reliable`;
  if (change.direction === 'same') return `${moved}: about the same (within usual variation); ${rule}.`;
  if (change.direction === 'better') return `${moved}: a reliable improvement (${rule}; ${better} is better).`;
  return `${moved}: a reliable change for the worse (${rule}; ${better} is better). Scores move up and down; it may be worth mentioning to your clinician.`;
}

export interface UnscoredAnswer {
  id: string;
  prompt: string;
  value: AnswerValue;
  /** The answer as the person chose it, e.g. "Somewhat difficult". */
  answer: string;
}

/** Answers recorded with an instrument but not part of its score (PHQ-9 and GAD-7: the difficulty question). */
export function unscoredAnswers(pack: Pack, answers: Answers): UnscoredAnswer[] {
  const needed = neededItemIds(pack);
  return visibleQuestions(pack, answers).flatMap((q) => {
    const value = answers[q.id];
    if (needed.has(q.id) || value === undefined || value === null) return [];
    const option = typeof value === 'number' ? q.options?.find((o) => o.value === value) : undefined;
    return [{ id: q.id, prompt: q.prompt, value, answer: option ? option.label : formatAnswer(q, value) }];
  });
}

/** The notes a result carries beyond its score: the band's advice, then any flag not already the band. */
export function resultNotes(result: AssessmentResult): string[] {
  return [...(result.band?.note ? [result.band.note] : []), ...result.flags.filter((f) => f !== result.band?.label)];
}

export interface DueStatus {
  lastDate: string | undefined;
  dueDate: string;
  due: boolean;
  /** Negative when overdue. */
  daysUntilDue: number;
}

/** When an instrument is next due, given the local day it was last taken. */
export function dueStatus(lastDate: string | undefined, cadenceDays: number, today: string): DueStatus {
  const dueDate = lastDate ? addDays(lastDate, cadenceDays) : today;
  const daysUntilDue = daysBetween(today, dueDate);
  return { lastDate, dueDate, due: daysUntilDue <= 0, daysUntilDue };
}

/** Acute effects of a dosing session distort answers about the last two weeks for about a day. */
export const ACUTE_WINDOW_HOURS = 24;
/** A check-in mood (0-10) at or below this is a hard day: rest first, no questionnaires pushed. */
export const LOW_MOOD_MAX = 2;

export type QuestionnaireHold =
  | { reason: 'after-session'; /** UTC ISO instant when the hold ends. */ until: string }
  | { reason: 'low-mood'; mood: number };

export interface HoldInput {
  now: Date;
  /** Start of the latest dosing session at or before now (UTC ISO), if any. */
  lastSessionStart?: string | undefined;
  /** Mood of today's latest check-in that recorded one, if any. */
  lastMoodToday?: number | null | undefined;
}

/** Why questionnaires should wait right now, or null. A hard day comes first: it asks for rest, not homework. */
export function questionnaireHold(input: HoldInput): QuestionnaireHold | null {
  if (typeof input.lastMoodToday === 'number' && input.lastMoodToday <= LOW_MOOD_MAX) return { reason: 'low-mood', mood: input.lastMoodToday };
  if (input.lastSessionStart !== undefined) {
    const start = Date.parse(input.lastSessionStart);
    const until = start + ACUTE_WINDOW_HOURS * 3_600_000;
    if (start <= input.now.getTime() && input.now.getTime() < until) return { reason: 'after-session', until: new Date(until).toISOString() };
  }
  return null;
}

export interface QuestionnaireDue extends DueStatus {
  /** Due by its cadence, but not now (set only when the cadence says due). */
  hold: QuestionnaireHold | null;
}

/**
 * Whether to ask for an instrument now: due by its cadence (from the local day it was last
 * taken), and neither within 24 hours after a dosing session started nor on a day whose
 * latest check-in mood is 0-2.
 */
export function questionnaireDue(input: HoldInput & { lastDate: string | undefined; cadenceDays: number; today: string }): QuestionnaireDue {
  const status = dueStatus(input.lastDate, input.cadenceDays, input.today);
  const hold = status.due ? questionnaireHold(input) : null;
  return { ...status, due: status.due && hold === null, hold };
}

/** An assessment pack as validation guarantees it: scored, with a cadence (both from its YAML). */
export type Instrument = Pack & { kind: 'assessment'; scoring: Scoring; cadenceDays: number };

export function isInstrument(pack: Pack): pack is Instrument {
  return pack.kind === 'assessment' && pack.scoring !== undefined && pack.cadenceDays !== undefined;
}

/** Every instrument among the packs (built-in and the user's own alike), by id. */
export function instrumentsOf(packs: Iterable<Pack>): Instrument[] {
  return [...packs].filter(isInstrument).sort((a, b) => byCodeUnit(a.id, b.id));
}

/** Days between reminders: the user's setting for this instrument, else its pack's. */
export function cadenceOf(instrument: Instrument, settings: Readonly<Record<string, number>>): number {
  return Object.hasOwn(settings, instrument.id) ? settings[instrument.id]! : instrument.cadenceDays;
}

/** A result as the store keeps it: the item answers, and the score saved when it was taken. */
export interface StoredResult {
  entryId: string;
  createdAt: string;
  utcOffset: number;
  localDate: string;
  answers: Answers;
  /** The entry's metrics (the score is saved under the instrument's scoring.metric). */
  metrics: Record<string, number>;
}

export interface ScoredResult {
  entryId: string;
  date: string;
  /** Local time with its offset, e.g. 2026-11-21T09:30:00+01:00. */
  createdAt: string;
  score: number;
  raw: number;
  band: string | null;
}

export interface InstrumentHistory {
  /** Oldest first. Rescored from the answers; where the items changed since, the score saved at the time. */
  results: ScoredResult[];
  /** Results kept with the score saved at the time, because the items changed since. */
  storedScores: number;
  /** Results that could be neither rescored nor read from a saved score (left out, said aloud). */
  unreadable: number;
}

/**
 * Scores stored results with the instrument as it is now. A result whose answers no longer fit
 * (the pack's items changed) keeps the score saved with it, banded on raw = score / multiplier;
 * one with neither is counted, never silently dropped.
 */
export function scoreResults(instrument: Instrument, stored: readonly StoredResult[]): InstrumentHistory {
  const history: InstrumentHistory = { results: [], storedScores: 0, unreadable: 0 };
  const { metric, multiplier, bands } = instrument.scoring;
  for (const s of stored) {
    const at = { entryId: s.entryId, date: s.localDate, createdAt: isoWithOffset(s.createdAt, s.utcOffset) };
    let scored: { score: number; raw: number; band: string | null } | undefined;
    try {
      const r = scoreAssessment(instrument, s.answers);
      scored = { score: r.score, raw: r.raw, band: r.band?.label ?? null };
    } catch {
      const saved = s.metrics[metric];
      if (typeof saved === 'number') {
        const raw = saved / multiplier;
        scored = { score: saved, raw, band: bandFor(bands, raw)?.label ?? null };
        history.storedScores++;
      } else {
        history.unreadable++;
      }
    }
    if (scored) history.results.push({ ...at, ...scored });
  }
  return history;
}

/** The one sentence saying what scoreResults could not rescore, or undefined when it rescored everything. */
export function historyNote(instrument: Pack, history: Pick<InstrumentHistory, 'storedScores' | 'unreadable'>): string | undefined {
  const plural = (n: number) => (n === 1 ? `${n} earlier result` : `${n} earlier results`);
  const parts: string[] = [];
  if (history.storedScores) parts.push(`${plural(history.storedScores)} of ${instrument.title} could not be rescored because the questionnaire changed; ${history.storedScores === 1 ? 'it shows' : 'they show'} the score saved at the time`);
  if (history.unreadable) parts.push(`${plural(history.unreadable)} of ${instrument.title} could not be rescored because the questionnaire changed, and ${history.unreadable === 1 ? 'it has' : 'they have'} no saved score, so ${history.unreadable === 1 ? 'it is' : 'they are'} left out (their answers are kept)`);
  return parts.length ? `${parts.join('; ')}.` : undefined;
}

/** "wait until 2026-11-22 10:00 (24 h after your session)" / "not today: rest first" */
export function holdText(hold: QuestionnaireHold): string {
  if (hold.reason === 'low-mood') return 'not today: rest first';
  return `wait until ${localDateTimeAt(hold.until, utcOffsetMinutes(new Date(hold.until)))} (${ACUTE_WINDOW_HOURS} h after your session)`;
}
