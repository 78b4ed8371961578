// Scoring validated questionnaires from their pack data: totals, reverse
// items, multipliers, severity bands, flags, subscales and when one is due.
import type { Answers, Band, Pack, Question, Scoring } from './packs.js';
import { addDays, daysBetween } from './time.js';

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

/** "down 4 since 2026-11-01 — for PHQ-9 lower is better, so that is an improvement" */
export function describeChange(pack: Pack, previous: { score: number; date: string } | undefined, score: number): string {
  if (!previous) return 'This is your first result; the next one will show the change.';
  const diff = Math.round((score - previous.score) * 10) / 10;
  const unit = pack.scoring?.unit ?? '';
  const better = pack.scoring!.higherIsBetter ? 'higher' : 'lower';
  if (diff === 0) return `The same as on ${previous.date} (for ${pack.title}, ${better} is better).`;
  const direction = diff > 0 ? `up ${diff}${unit}` : `down ${-diff}${unit}`;
  const improved = (diff > 0) === pack.scoring!.higherIsBetter;
  return `${direction.charAt(0).toUpperCase()}${direction.slice(1)} since ${previous.date} — for ${pack.title}, ${better} is better, so that is ${improved ? 'an improvement' : 'a harder stretch than last time. Scores move up and down; it may be worth mentioning to your clinician'}.`;
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
