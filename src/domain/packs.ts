import { UnknownPack } from './errors.js';
import { normaliseTag } from './entries.js';
import { METRIC_LIMIT } from './metrics.js';

// Prompt packs as data: the question model, when a question is shown, what
// counts as a valid answer, and what a finished set of answers becomes.

export const QUESTION_TYPES = [
  'scale', 'number', 'text', 'longtext', 'select', 'multiselect', 'confirm', 'intention', 'tags', 'safety',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export type AnswerValue = number | string | boolean | string[];
/** Answers keyed by question id; null means the question was shown and skipped. */
export type Answers = Record<string, AnswerValue | null>;

export interface ShowIf {
  /** The earlier question the condition reads (or use anyOf). */
  question?: string;
  /** Several earlier questions: shown when the condition holds for any of them. */
  anyOf?: string[];
  equals?: AnswerValue;
  in?: AnswerValue[];
  answered?: boolean;
  /** A number greater than this (e.g. PHQ-9's difficulty question: any item above 0). */
  above?: number;
}

export interface Choice {
  value: string;
  label: string;
}

export interface Question {
  id: string;
  type: QuestionType;
  prompt: string;
  help?: string;
  required: boolean;
  insight: boolean;
  discuss: boolean;
  /** A marker the summary surfaces, e.g. "decision" or "unreal". */
  role?: string;
  showIf?: ShowIf;
  min?: number;
  max?: number;
  labels?: { min?: string; max?: string };
  unit?: string;
  metric?: string;
  choices?: Choice[];
  /** multiselect: record the chosen values as practices. */
  practices?: boolean;
  /** scale: labelled response options (asked as a list), e.g. 0 "Not at all" … 3 "Nearly every day". */
  options?: { value: number; label: string }[];
}

export interface Band {
  min: number;
  max: number;
  label: string;
  /** Advice shown with a result in this band, e.g. "Please share this with your care team soon." */
  note?: string;
}

/** How an assessment is scored; data, so new instruments need no code. */
export interface Scoring {
  /** Items summed into the raw total (default: every scale question). */
  items?: string[];
  /** Items scored in reverse (min + max - value). */
  reverse?: string[];
  /** Reported score = raw total × multiplier (WHO-5: 4, giving a percentage). */
  multiplier: number;
  /** Unit of the reported score, e.g. "%". */
  unit?: string;
  /** Metric name the reported score is recorded as (charts, summaries). */
  metric: string;
  higherIsBetter: boolean;
  /** Severity bands on the raw total. */
  bands: Band[];
  /** Flags on the raw total, e.g. WHO-5 raw below 13: poor wellbeing. */
  flags?: { below?: number; above?: number; label: string }[];
  subscales?: { id: string; title: string; items: string[] }[];
  /**
   * Item whose value above `above` triggers the crisis response (PHQ-9 item 9): records `flag`
   * and says `support` (or general words) before the crisis lines.
   */
  safetyItem?: { question: string; above: number; flag: 'safety-item' | 'phq9-item9'; support?: string | undefined };
  /**
   * Smallest change of the reported score (after the multiplier) that counts as
   * reliable; smaller differences read "about the same". From the instrument's literature.
   */
  reliableChange?: number;
}

export interface Pack {
  id: string;
  kind: 'reflection' | 'assessment';
  title: string;
  description: string;
  when: string;
  version: number;
  questions: Question[];
  /** Assessments: the instructions shown first, the citation, how often it is due, and scoring. */
  instructions?: string;
  source?: string;
  cadenceDays?: number;
  scoring?: Scoring;
  /** Where it came from: "built-in" or "user". */
  origin?: 'built-in' | 'user';
  file?: string;
}

function sameValue(a: AnswerValue | null | undefined, b: AnswerValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function isAnswered(value: AnswerValue | null | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function isVisible(question: Question, answers: Answers): boolean {
  const cond = question.showIf;
  if (!cond) return true;
  return (cond.anyOf ?? (cond.question === undefined ? [] : [cond.question])).some((id) => conditionHolds(cond, answers[id]));
}

function conditionHolds(cond: ShowIf, value: AnswerValue | null | undefined): boolean {
  if (cond.above !== undefined) return typeof value === 'number' && value > cond.above;
  if (cond.answered !== undefined) return isAnswered(value) === cond.answered;
  if (cond.equals !== undefined) return sameValue(value, cond.equals);
  if (cond.in !== undefined) {
    if (Array.isArray(value)) return value.some((v) => cond.in!.some((c) => sameValue(v, c)));
    return cond.in.some((c) => sameValue(value, c));
  }
  return isAnswered(value);
}

/** The questions to ask given the answers so far (hidden follow-ups drop out). */
export function visibleQuestions(pack: Pack, answers: Answers): Question[] {
  const shown: Question[] = [];
  const seen: Answers = {};
  for (const q of pack.questions) {
    if (isVisible(q, seen)) {
      shown.push(q);
      if (answers[q.id] !== undefined) seen[q.id] = answers[q.id]!;
    }
  }
  return shown;
}

/** Drops answers to questions that are no longer shown (e.g. after editing a yes to no). */
export function pruneHidden(pack: Pack, answers: Answers): Answers {
  const keep: Answers = {};
  for (const q of visibleQuestions(pack, answers)) if (q.id in answers) keep[q.id] = answers[q.id]!;
  return keep;
}

export function firstUnanswered(pack: Pack, answers: Answers): Question | undefined {
  return visibleQuestions(pack, answers).find((q) => !(q.id in answers));
}

const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);

function splitList(raw: unknown): string[] | undefined {
  if (Array.isArray(raw)) return raw.every((v) => typeof v === 'string') ? (raw as string[]).map((s) => s.trim()).filter(Boolean) : undefined;
  if (typeof raw === 'string') return raw.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  return undefined;
}

/** Checks one answer from an answers file or a prompt; returns the normalised value or a reason. */
export function checkAnswer(q: Question, raw: unknown): { value: AnswerValue } | { error: string } {
  switch (q.type) {
    case 'scale':
    case 'number': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n)) return { error: 'must be a number' };
      if (Math.abs(n) > METRIC_LIMIT) return { error: `must be from -${METRIC_LIMIT} to ${METRIC_LIMIT}; got ${n}` };
      if (q.type === 'scale' && !Number.isInteger(n)) return { error: `must be a whole number from ${q.min} to ${q.max}` };
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) {
        return { error: `must be from ${q.min ?? '-∞'} to ${q.max ?? '∞'}; got ${n}` };
      }
      return { value: n };
    }
    case 'text':
    case 'longtext':
      if (typeof raw !== 'string') return { error: 'must be text' };
      return { value: q.type === 'text' ? raw.replace(/\s*\r?\n\s*/g, ' ').trim() : raw.replace(/\r\n/g, '\n').trim() };
    case 'confirm':
    case 'safety':
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string' && YES.has(raw.trim().toLowerCase())) return { value: true };
      if (typeof raw === 'string' && NO.has(raw.trim().toLowerCase())) return { value: false };
      return { error: 'must be yes or no' };
    case 'select': {
      const value = typeof raw === 'string' ? raw.trim() : raw;
      if (!q.choices!.some((c) => c.value === value)) return { error: `must be one of: ${q.choices!.map((c) => c.value).join(', ')}` };
      return { value: value as string };
    }
    case 'multiselect': {
      const list = Array.isArray(raw) ? splitList(raw) : typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      if (!list) return { error: 'must be a list of choices' };
      const unknown = list.filter((v) => !q.choices!.some((c) => c.value === v));
      if (unknown.length) return { error: `unknown choice ${unknown.map((u) => `"${u}"`).join(', ')}; choose from: ${q.choices!.map((c) => c.value).join(', ')}` };
      return { value: [...new Set(list)] };
    }
    case 'intention': {
      const list = splitList(raw);
      if (!list) return { error: 'must be text (one intention per line) or a list' };
      return { value: list };
    }
    case 'tags': {
      const list = Array.isArray(raw) ? splitList(raw) : typeof raw === 'string' ? raw.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean) : undefined;
      if (!list) return { error: 'must be a list of tags' };
      // The same rules as --tag, checked here so a bad tag is caught with the answer, not when saving.
      for (const tag of list) {
        try {
          normaliseTag(tag, 'tag');
        } catch (err) {
          return { error: (err as Error).message.replace(/\.$/, '') };
        }
      }
      return { value: list };
    }
  }
}

export function isEmptyAnswer(value: AnswerValue): boolean {
  return !isAnswered(value);
}

/** Validates a whole answers file against a pack: every problem at once, or the clean answers. */
export function checkAnswerSet(pack: Pack, raw: Record<string, unknown>): { answers: Answers; errors: string[] } {
  const errors: string[] = [];
  const known = new Set(pack.questions.map((q) => q.id));
  for (const key of Object.keys(raw)) if (!known.has(key)) errors.push(`unknown question "${key}"`);
  const answers: Answers = {};
  for (const q of pack.questions) {
    if (!isVisible(q, answers)) continue;
    const value = raw[q.id];
    if (value === undefined || value === null) {
      if (q.required) errors.push(`"${q.id}" is required`);
      continue;
    }
    const checked = checkAnswer(q, value);
    if ('error' in checked) errors.push(`"${q.id}" ${checked.error}`);
    else if (!isEmptyAnswer(checked.value)) answers[q.id] = checked.value;
    else if (q.required) errors.push(`"${q.id}" is required`);
  }
  return { answers, errors };
}

export interface AnswerRecord {
  questionId: string;
  position: number;
  type: QuestionType;
  prompt: string;
  value: AnswerValue;
  insight: boolean;
  discuss: boolean;
  role: string | null;
}

export interface ReflectionParts {
  metrics: Record<string, number>;
  practices: string[];
  tags: string[];
  intentions: string[];
  text: string;
  records: AnswerRecord[];
  /** A safety question was answered yes. */
  safetyYes: boolean;
}

/** What a finished reflection becomes: metrics for charts, practices, tags, intentions, searchable text. */
export function reflectionParts(pack: Pack, answers: Answers): ReflectionParts {
  const parts: ReflectionParts = { metrics: {}, practices: [], tags: [], intentions: [], text: '', records: [], safetyYes: false };
  const texts: string[] = [];
  visibleQuestions(pack, answers).forEach((q, position) => {
    const value = answers[q.id];
    if (value === undefined || value === null) return;
    parts.records.push({
      questionId: q.id, position, type: q.type, prompt: q.prompt, value,
      insight: q.insight, discuss: q.discuss, role: q.role ?? null,
    });
    if (q.metric && typeof value === 'number') parts.metrics[q.metric] = value;
    if (q.type === 'multiselect' && q.practices && Array.isArray(value)) parts.practices.push(...value);
    if (q.type === 'tags' && Array.isArray(value)) parts.tags.push(...value);
    if (q.type === 'intention' && Array.isArray(value)) parts.intentions.push(...value);
    if ((q.type === 'text' || q.type === 'longtext') && typeof value === 'string' && value.trim()) texts.push(value.trim());
    if (q.type === 'safety' && value === true) parts.safetyYes = true;
  });
  parts.text = texts.join('\n\n');
  return parts;
}

/** A short human form of an answer for reviews and `show`. */
export function formatAnswer(q: Pick<Question, 'type' | 'unit' | 'options'>, value: AnswerValue | null): string {
  if (value === null) return '(skipped)';
  const option = typeof value === 'number' ? q.options?.find((o) => o.value === value) : undefined;
  if (option) return `${option.label} (${value})`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (typeof value === 'number') return q.unit ? `${value} ${q.unit}` : String(value);
  return value;
}

/** A pack by id from the loaded packs, or UnknownPack listing the ones there are. */
export function requirePackIn(loaded: { packs: ReadonlyMap<string, Pack> }, id: string): Pack {
  const pack = loaded.packs.get(id.trim().toLowerCase());
  if (!pack) throw new UnknownPack(id, [...loaded.packs.keys()].sort());
  return pack;
}
