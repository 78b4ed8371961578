// integrate's own JSON export: full fidelity, validated record by record.
import { metricValueProblem } from '../../domain/metrics.js';
import { QUESTION_TYPES } from '../../domain/packs.js';
import { SAFETY_FLAG_KINDS } from '../../domain/safety.js';
import { DOSE_UNITS, ROUTES } from '../../domain/sessions.js';
import { INTENTION_STATUSES } from '../../domain/intentions.js';
import { isValidDay, localDateAt } from '../../domain/time.js';
import type { Intention } from '../../domain/intentions.js';
import type { AnswerValue, QuestionType } from '../../domain/packs.js';
import type { SafetyFlagKind } from '../../domain/safety.js';
import type { DoseUnit, Route, Session } from '../../domain/sessions.js';
import type { IntentionStatus } from '../../domain/intentions.js';
import { defineImporter, type ImportEntry, fail, isRealInstant, readJsonRecords, zonedInstant } from '../import.js';
import {
  bool, describeProblem, finiteNumber, shown, listOf, mapOf, matching, must, objectWith, oneOf, optional, orNull, text, wholeNumber, type Check,
} from './fields.js';

const OFFSET_ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}):(\d{2})$/;
const ID = /^[0-9a-f-]{8,36}$/i;
const id = matching(ID, 'must be an id');
// The shape here; whether it is a real date (from 1900, nothing rolled over) is checked by zonedInstant.
const instantWithOffset = matching(OFFSET_ISO, 'must be ISO 8601 with an offset, e.g. 2026-11-21T10:15:00+01:00');
const utcInstant = must((v) => typeof v === 'string' && isRealInstant(v), 'must be a real ISO 8601 date-time with a zone, from 1900 on, e.g. 2026-11-21T09:15:00.000Z');
const answerValue = must(
  (v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  'must be text, a number, true or false, or a list of text',
);
// Names integrate itself writes: kinds, pack ids, metric names, roles. Anything else (control
// sequences, markup) would reach lists and summaries, so a file carrying it is refused.
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const slug = (what: string) => matching(SLUG, `must be ${what} (lowercase letters, digits and dashes)`);
const NAME = /^[^\u0000-\u001f\u007f-\u009f]+$/;
const names = listOf(matching(NAME, 'must be a name without control characters'));
const day = must((v) => typeof v === 'string' && isValidDay(v), 'must be a date YYYY-MM-DD');

/** An entry as integrate exports it (the fields the importer reads; others are ignored). */
export const checkEntry: Check = objectWith({
  id,
  createdAt: instantWithOffset,
  kind: slug('an entry kind such as checkin'),
  pack: orNull(slug('a pack id')),
  packVersion: optional(orNull(wholeNumber)),
  metrics: mapOf(matching(SLUG, 'is not a metric name (lowercase letters, digits and dashes)'), finiteNumber),
  practices: names,
  tags: names,
  text,
  private: bool,
  starred: bool,
  updatedAt: optional(orNull(utcInstant)),
  answers: optional(listOf(objectWith({
    question: text, position: wholeNumber, type: oneOf(QUESTION_TYPES), prompt: text, value: answerValue,
    insight: bool, discuss: bool, role: orNull(slug('a role such as decision')),
  }))),
  safetyFlags: optional(listOf(oneOf(SAFETY_FLAG_KINDS))),
});

export const checkSession: Check = objectWith({
  id, occurredAt: instantWithOffset, route: oneOf(ROUTES),
  doseMg: orNull(must((v) => typeof v === 'number' && Number.isFinite(v) && v > 0, 'must be a number above 0, or null')),
  doseUnit: optional(oneOf(DOSE_UNITS)),
  setting: text, guide: text, intention: text, notes: text, private: optional(bool),
});

export const checkIntention: Check = objectWith({
  id, text: must((v) => typeof v === 'string' && v.length > 0, 'must be text, not empty'), createdAt: instantWithOffset, status: oneOf(INTENTION_STATUSES),
  dueDate: orNull(day), closedAt: orNull(utcInstant), sourceEntryId: orNull(text),
});

// The document's own fields; its lists are read element by element.
const LISTS = new Set(['entries', 'sessions', 'intentions']);

/** Splits "2026-11-21T10:15:00+01:00" into the UTC instant (as text and as a Date) and the offset in minutes. */
function parseOffsetInstant(record: string, field: string, value: string): { utc: string; at: Date; offset: number } {
  const { at, offset } = zonedInstant(record, field, value);
  return { utc: at.toISOString(), at, offset };
}

/** The record as `T` once `check` passes it; otherwise the import stops naming the record and what is wrong. */
function checked<T>(check: Check, raw: unknown, record: string): T {
  const problem = check(raw);
  // At the top, the only problem is a record that is not an object (a list, a number, text).
  if (problem) fail(record, problem.at.length ? describeProblem(problem) : `is not an object; got ${problem.got ?? 'nothing'}`);
  return raw as T;
}

interface AnswerRecord {
  question: string; position: number; type: QuestionType; prompt: string; value: AnswerValue; insight: boolean; discuss: boolean; role: string | null;
}

interface EntryRecord {
  id: string; createdAt: string; kind: string; pack: string | null; packVersion?: number | null; metrics: Record<string, number>;
  practices: string[]; tags: string[]; text: string; private: boolean; starred: boolean; updatedAt?: string | null;
  answers?: AnswerRecord[]; safetyFlags?: SafetyFlagKind[];
}

interface SessionRecord {
  id: string; occurredAt: string; route: Route; doseMg: number | null; doseUnit?: DoseUnit;
  setting: string; guide: string; intention: string; notes: string; private?: boolean;
}

interface IntentionRecord {
  id: string; text: string; createdAt: string; status: IntentionStatus; dueDate: string | null; closedAt: string | null; sourceEntryId: string | null;
}

function readEntry(raw: unknown, i: number): ImportEntry {
  const record = `entry ${i + 1}`;
  const e = checked<EntryRecord>(checkEntry, raw, record);
  // The core metrics keep their ranges whatever a file says (mood 11 would break every chart).
  for (const [metric, value] of Object.entries(e.metrics)) {
    const problem = metricValueProblem(metric, value);
    if (problem) fail(record, `field "metrics.${metric}": ${problem}`);
  }
  // An entry answers each question once (the database's key); say so here rather than fail mid-write.
  const asked = new Set<string>();
  (e.answers ?? []).forEach((a, j) => {
    if (asked.has(a.question)) fail(record, `field "answers.${j}.question" repeats ${shown(a.question)}, which an earlier answer has`);
    asked.add(a.question);
  });
  const { utc, at, offset } = parseOffsetInstant(record, 'createdAt', e.createdAt);
  return {
    entry: {
      id: e.id.toLowerCase(), createdAt: utc, utcOffset: offset, localDate: localDateAt(at, offset), kind: e.kind, pack: e.pack,
      private: e.private, starred: e.starred, text: e.text, metrics: e.metrics, practices: e.practices, tags: e.tags,
    },
    packVersion: e.packVersion ?? null,
    updatedAt: e.updatedAt ?? null,
    answers: (e.answers ?? []).map((a) => ({
      questionId: a.question, position: a.position, type: a.type, prompt: a.prompt, value: a.value, insight: a.insight, discuss: a.discuss, role: a.role,
    })),
    safetyFlags: e.safetyFlags ?? [],
  };
}

function readSession(raw: unknown, i: number): Session {
  const s = checked<SessionRecord>(checkSession, raw, `session ${i + 1}`);
  const { utc, at, offset } = parseOffsetInstant(`session ${i + 1}`, 'occurredAt', s.occurredAt);
  return {
    id: s.id.toLowerCase(), occurredAt: utc, utcOffset: offset, localDate: localDateAt(at, offset), route: s.route,
    doseMg: s.doseMg, doseUnit: s.doseUnit ?? 'mg', setting: s.setting, guide: s.guide, intention: s.intention, notes: s.notes, private: s.private ?? false,
  };
}

function readIntention(raw: unknown, i: number): Intention {
  const t = checked<IntentionRecord>(checkIntention, raw, `intention ${i + 1}`);
  const { utc, offset } = parseOffsetInstant(`intention ${i + 1}`, 'createdAt', t.createdAt);
  return {
    id: t.id.toLowerCase(), text: t.text, createdAt: utc, utcOffset: offset, sourceEntryId: t.sourceEntryId?.toLowerCase() ?? null, status: t.status,
    dueDate: t.dueDate, closedAt: t.closedAt,
  };
}

export const integrateImporter = defineImporter({
  name: 'integrate',
  description: "integrate's own JSON export",
  read(text, _options, sink) {
    let formatSeen = false;
    let versionSeen = false;
    let entriesSeen = false;
    // integrate writes format and version first: a file without them is another tool's (or not an export).
    const header = () => {
      if (!formatSeen) fail('the file', 'field "format" must be "integrate", before the lists; is it an integrate JSON export? For jrnl, Daylio or Day One files add --from');
      if (!versionSeen) fail('the file', 'field "version" must be a whole number, before the lists');
    };
    const isObject = readJsonRecords(text, LISTS, {
      field(key, value) {
        if (key === 'format') {
          if (value !== 'integrate') fail('the file', `field "format" must be "integrate"; got ${JSON.stringify(value)}. For jrnl, Daylio or Day One files add --from`);
          formatSeen = true;
        } else if (key === 'version') {
          const v = Number.isSafeInteger(value) ? (value as number) : fail('the file', `field "version" must be a whole number; got ${JSON.stringify(value)}`);
          if (v > 1) fail('the file', `is export format version ${v}; this integrate reads version 1. Update integrate`);
          versionSeen = true;
        } else if (LISTS.has(key)) fail('the file', `field "${key}" must be a list`);
      },
      list(key) {
        header();
        if (key === 'entries') entriesSeen = true;
      },
      element(key, raw, i) {
        if (key === 'entries') sink.entry(readEntry(raw, i));
        else if (key === 'sessions') sink.session(readSession(raw, i));
        else sink.intention(readIntention(raw, i));
      },
    });
    if (!isObject) fail('the file', 'field "format" must be "integrate"; it is JSON, but not an integrate export');
    header();
    if (!entriesSeen) fail('the file', 'field "entries" must be a list');
  },
});
