// Every JSON shape integrate prints (--json) or exports, in one place: the
// commands and the JSON exporter build their objects here, so a field is
// named, ordered and dated the same way everywhere. The shapes are a public
// interface for scripts (docs/json-and-exit-codes.md, docs/formats.md) and
// are pinned byte for byte by test/commands/json-shapes.test.ts: add fields
// at the end, never rename or reorder one.
// Types only from assessments and packs: listing an entry does not load the scoring code.
import type { AssessmentResult, QuestionnaireDue, QuestionnaireHold, ScoredResult, ScoreChange, UnscoredAnswer } from './assessments.js';
import type { Entry } from './entries.js';
import type { Intention, IntentionStatus } from './intentions.js';
import { sortMetricNames } from './metrics.js';
import type { AnswerRecord, Answers, Pack } from './packs.js';
import type { SafetyFlagKind } from './safety.js';
import type { DoseUnit, NumberedSession, Route } from './sessions.js';
import { isoWithOffset } from './time.js';

/** Metrics keyed in their usual order: the core ones first, then the rest alphabetically. */
function orderedMetrics(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(sortMetricNames(Object.keys(metrics)).map((name) => [name, metrics[name]!]));
}

/** An entry (list, show, checkin, edit, journal --json). */
export interface EntryJson {
  id: string;
  createdAt: string;
  kind: string;
  pack: string | null;
  metrics: Record<string, number>;
  practices: string[];
  tags: string[];
  text: string;
  private: boolean;
  starred: boolean;
}

export function entryToJson(entry: Entry): EntryJson {
  return {
    id: entry.id,
    createdAt: isoWithOffset(entry.createdAt, entry.utcOffset),
    kind: entry.kind,
    pack: entry.pack,
    metrics: orderedMetrics(entry.metrics),
    practices: [...entry.practices],
    tags: [...entry.tags],
    text: entry.text,
    private: entry.private,
    starred: entry.starred,
  };
}

/** A reflection's answer as `show --json` prints it. */
export interface EntryAnswerJson {
  question: string;
  prompt: string;
  type: AnswerRecord['type'];
  value: AnswerRecord['value'];
  insight: boolean;
  discuss: boolean;
}

/** `show --json`: the entry, and its answers when it has any. */
export function entryWithAnswersJson(entry: Entry, answers: readonly AnswerRecord[]): EntryJson & { answers?: EntryAnswerJson[] } {
  const json = entryToJson(entry);
  if (!answers.length) return json;
  return { ...json, answers: answers.map((a) => ({ question: a.questionId, prompt: a.prompt, type: a.type, value: a.value, insight: a.insight, discuss: a.discuss })) };
}

/** An intention (intentions --json, intentions add --json, and the JSON export). */
export interface IntentionJson {
  id: string;
  text: string;
  createdAt: string;
  status: IntentionStatus;
  dueDate: string | null;
  closedAt: string | null;
  sourceEntryId: string | null;
}

export function intentionToJson(i: Intention): IntentionJson {
  return {
    id: i.id, text: i.text, createdAt: isoWithOffset(i.createdAt, i.utcOffset), status: i.status,
    dueDate: i.dueDate, closedAt: i.closedAt, sourceEntryId: i.sourceEntryId,
  };
}

/** A dosing session as the session commands print it (numbered, with its local date). */
export interface SessionJson {
  id: string;
  number: number;
  date: string;
  occurredAt: string;
  route: Route;
  /** The dose when it was given in mg; null for a dose in mg/kg (see dose). */
  doseMg: number | null;
  /** The dose in its own unit: { value, unit }, or null. */
  dose: { value: number; unit: DoseUnit } | null;
  setting: string;
  guide: string;
  intention: string;
  notes: string;
  private: boolean;
}

export function sessionToJson(s: NumberedSession): SessionJson {
  return {
    id: s.id, number: s.number, date: s.localDate, occurredAt: s.occurredAt, route: s.route,
    doseMg: s.doseUnit === 'mg' ? s.doseMg : null, dose: s.doseMg === null ? null : { value: s.doseMg, unit: s.doseUnit },
    setting: s.setting, guide: s.guide, intention: s.intention, notes: s.notes, private: s.private,
  };
}

/** An unfinished reflection (list --drafts --json). */
export interface DraftJson {
  id: string;
  pack: string;
  startedAt: string;
  updatedAt: string;
  answered: number;
  private: boolean;
}

export function draftToJson(d: { id: string; pack: string; startedAt: string; updatedAt: string; utcOffset: number; answers: Answers; private: boolean }): DraftJson {
  return {
    id: d.id, pack: d.pack, startedAt: isoWithOffset(d.startedAt, d.utcOffset), updatedAt: isoWithOffset(d.updatedAt, d.utcOffset),
    answered: Object.keys(d.answers).length, private: d.private,
  };
}

/** One hit of `search --json`; the snippet marks matches with [brackets]. */
export interface SearchHitJson {
  kind: string;
  id: string;
  createdAt: string;
  private: boolean;
  snippet: string;
}

export function searchHitToJson(hit: { ref: string; createdAt: string; utcOffset: number; private: boolean }, kind: string, snippet: string): SearchHitJson {
  return { kind, id: hit.ref, createdAt: isoWithOffset(hit.createdAt, hit.utcOffset), private: hit.private, snippet };
}

/** A questionnaire's result as `assess ID --json` prints it. */
export interface AssessmentResultJson {
  id: string;
  instrument: string;
  createdAt: string;
  score: number;
  raw: number;
  maxScore: number;
  band: string | null;
  flags: AssessmentResult['flags'];
  subscales: AssessmentResult['subscales'];
  higherIsBetter: boolean;
  change: number | null;
  previousDate: string | null;
  date: string;
  changeReading: ScoreChange | null;
  unscored: UnscoredAnswer[];
  notes: string[];
  source: string | null;
  replaced: string | null;
}

/** How a result reads, from domain/assessments (classifyChange, unscoredAnswers, resultNotes). */
export interface ResultReading {
  /** The last result before this one; `changeReading` compares with it. */
  previous: { score: number; date: string } | undefined;
  changeReading: ScoreChange | null;
  unscored: UnscoredAnswer[];
  notes: string[];
  /** The same day's result this one replaces. */
  replaced: { entryId: string } | undefined;
}

export function assessmentResultJson(pack: Pack, entry: Entry, r: AssessmentResult, reading: ResultReading): AssessmentResultJson {
  const { previous, replaced } = reading;
  return {
    id: entry.id, instrument: pack.id, createdAt: isoWithOffset(entry.createdAt, entry.utcOffset),
    score: r.score, raw: r.raw, maxScore: r.maxScore, band: r.band?.label ?? null, flags: r.flags,
    subscales: r.subscales, higherIsBetter: pack.scoring!.higherIsBetter,
    change: previous ? Math.round((r.score - previous.score) * 10) / 10 : null, previousDate: previous?.date ?? null,
    // Additions: how the change reads, what was recorded but not scored, advice, attribution.
    date: entry.localDate,
    changeReading: reading.changeReading,
    unscored: reading.unscored,
    notes: reading.notes,
    source: pack.source ?? null,
    replaced: replaced ? replaced.entryId : null,
  };
}

// The JSON export ("format": "integrate"): everything, to move machines.

/** An answer as the export writes it: the question id under the key "question". */
export type ExportAnswer = Omit<AnswerRecord, 'questionId'> & { question: string };

/** An entry with everything a full-fidelity export carries. */
export interface FullEntry extends Entry {
  packVersion: number | null;
  updatedAt: string | null;
  answers: ExportAnswer[];
  safetyFlags: SafetyFlagKind[];
}

export function entryExportJson(e: FullEntry) {
  return {
    id: e.id,
    createdAt: isoWithOffset(e.createdAt, e.utcOffset),
    kind: e.kind,
    pack: e.pack,
    packVersion: e.packVersion,
    metrics: orderedMetrics(e.metrics),
    practices: e.practices,
    tags: e.tags,
    text: e.text,
    private: e.private,
    starred: e.starred,
    updatedAt: e.updatedAt,
    answers: e.answers,
    safetyFlags: e.safetyFlags,
  };
}

export function sessionExportJson(s: NumberedSession) {
  return {
    id: s.id, occurredAt: isoWithOffset(s.occurredAt, s.utcOffset), route: s.route, doseMg: s.doseMg, doseUnit: s.doseUnit,
    setting: s.setting, guide: s.guide, intention: s.intention, notes: s.notes, private: s.private,
  };
}

/** A questionnaire in `assess --json` (the list): when it was last taken and when it is due. */
export interface QuestionnaireStatusJson {
  id: string;
  title: string;
  cadenceDays: number;
  lastTaken: string | null;
  lastScore: number | null;
  lastBand: string | null;
  dueDate: string;
  due: boolean;
  hold: QuestionnaireHold | null;
}

export function questionnaireStatusJson(pack: Pack, last: ScoredResult | undefined, cadenceDays: number, status: QuestionnaireDue): QuestionnaireStatusJson {
  return {
    id: pack.id, title: pack.title, cadenceDays, lastTaken: last?.date ?? null,
    lastScore: last?.score ?? null, lastBand: last?.band ?? null, dueDate: status.dueDate, due: status.due, hold: status.hold,
  };
}

/** A pack in `prompts list --json`. */
export interface PackSummaryJson {
  id: string;
  title: string;
  description: string;
  when: string;
  version: Pack['version'];
  source: Pack['origin'];
  questions: number;
}

export function packSummaryJson(p: Pack): PackSummaryJson {
  return { id: p.id, title: p.title, description: p.description, when: p.when, version: p.version, source: p.origin, questions: p.questions.length };
}
