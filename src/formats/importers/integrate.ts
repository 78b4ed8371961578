// integrate's own JSON export: full fidelity, validated record by record.
import { z } from 'zod';
import { metricValueProblem } from '../../domain/metrics.js';
import { QUESTION_TYPES } from '../../domain/packs.js';
import { SAFETY_FLAG_KINDS } from '../../domain/safety.js';
import { DOSE_UNITS, ROUTES } from '../../domain/sessions.js';
import { INTENTION_STATUSES } from '../../domain/intentions.js';
import { isValidDay, localDateAt } from '../../domain/time.js';
import type { Intention } from '../../domain/intentions.js';
import type { Session } from '../../domain/sessions.js';
import { defineImporter, type ImportEntry, fail, isRealInstant, readJsonRecords, zonedInstant } from '../import.js';

const OFFSET_ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}):(\d{2})$/;
const ID = /^[0-9a-f-]{8,36}$/i;
const id = z.string().regex(ID, 'must be an id');
// The shape here; whether it is a real date (from 1900, nothing rolled over) is checked by zonedInstant.
const instantWithOffset = z.string().regex(OFFSET_ISO, 'must be ISO 8601 with an offset, e.g. 2026-11-21T10:15:00+01:00');
const utcInstant = z.string().refine(isRealInstant, 'must be a real ISO 8601 date-time with a zone, from 1900 on, e.g. 2026-11-21T09:15:00.000Z');
const answerValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);
// Names integrate itself writes: kinds, pack ids, metric names, roles. Anything else (control
// sequences, markup) would reach lists and summaries, so a file carrying it is refused.
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const slug = (what: string) => z.string().regex(SLUG, `must be ${what} (lowercase letters, digits and dashes)`);
const NAME = /^[^\u0000-\u001f\u007f-\u009f]+$/;
const name = z.string().regex(NAME, 'must be a name without control characters');
const day = z.string().refine(isValidDay, 'must be a date YYYY-MM-DD');

export const entry = z.object({
  id,
  createdAt: instantWithOffset,
  kind: slug('an entry kind such as checkin'),
  pack: slug('a pack id').nullable(),
  packVersion: z.number().int().nullable().optional(),
  metrics: z.record(z.string(), z.number().finite()).superRefine((metrics, ctx) => {
    for (const key of Object.keys(metrics)) {
      if (!SLUG.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a metric name (lowercase letters, digits and dashes)' });
    }
  }),
  practices: z.array(name),
  tags: z.array(name),
  text: z.string(),
  private: z.boolean(),
  starred: z.boolean(),
  updatedAt: utcInstant.nullable().optional(),
  answers: z.array(z.object({
    question: z.string(), position: z.number().int(), type: z.enum(QUESTION_TYPES), prompt: z.string(), value: answerValue,
    insight: z.boolean(), discuss: z.boolean(), role: slug('a role such as decision').nullable(),
  })).optional(),
  safetyFlags: z.array(z.enum(SAFETY_FLAG_KINDS)).optional(),
});

const session = z.object({
  id, occurredAt: instantWithOffset, route: z.enum(ROUTES), doseMg: z.number().positive().nullable(), doseUnit: z.enum(DOSE_UNITS).optional(),
  setting: z.string(), guide: z.string(), intention: z.string(), notes: z.string(), private: z.boolean().optional(),
});

const intention = z.object({
  id, text: z.string().min(1), createdAt: instantWithOffset, status: z.enum(INTENTION_STATUSES),
  dueDate: day.nullable(), closedAt: utcInstant.nullable(), sourceEntryId: z.string().nullable(),
});

// The document's own fields; its lists are read element by element.
const format = z.literal('integrate');
const version = z.number().int();
const LISTS = new Set(['entries', 'sessions', 'intentions']);

/** Splits "2026-11-21T10:15:00+01:00" into the UTC instant (as text and as a Date) and the offset in minutes. */
function parseOffsetInstant(record: string, field: string, value: string): { utc: string; at: Date; offset: number } {
  const { at, offset } = zonedInstant(record, field, value);
  return { utc: at.toISOString(), at, offset };
}

function check<T>(schema: z.ZodType<T>, value: unknown, record: string, field?: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    fail(record, `field "${[...field ? [field] : [], ...issue.path].join('.') || '(record)'}" ${issue.message}`);
  }
  return result.data;
}

type EntryRecord = z.infer<typeof entry>;

const QUESTION_TYPE_SET: ReadonlySet<unknown> = new Set(QUESTION_TYPES);
const FLAG_KIND_SET: ReadonlySet<unknown> = new Set(SAFETY_FLAG_KINDS);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSlug = (v: unknown) => typeof v === 'string' && SLUG.test(v);
const isNames = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'string' && NAME.test(n));
const isAnswerValue = (v: unknown) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const isAnswer = (a: unknown) => isObject(a) && typeof a.question === 'string' && Number.isSafeInteger(a.position) && QUESTION_TYPE_SET.has(a.type)
  && typeof a.prompt === 'string' && isAnswerValue(a.value) && typeof a.insight === 'boolean' && typeof a.discuss === 'boolean' && (a.role === null || isSlug(a.role));

/**
 * The entry schema's verdict for a record that passes it, without building zod's issues: a
 * 36,500-entry file spends a tenth of its import in zod otherwise. It accepts only what the
 * schema accepts (a subset: anything it does not accept goes to the schema, which words the
 * problem); the caller reads only the schema's fields, so keys the schema would strip are ignored.
 */
export function validEntry(raw: unknown): EntryRecord | undefined {
  if (!isObject(raw)) return undefined;
  const r = raw;
  const ok = typeof r.id === 'string' && ID.test(r.id) && typeof r.createdAt === 'string' && OFFSET_ISO.test(r.createdAt)
    && isSlug(r.kind) && (r.pack === null || isSlug(r.pack))
    && (r.packVersion === undefined || r.packVersion === null || Number.isSafeInteger(r.packVersion))
    && isObject(r.metrics) && Object.entries(r.metrics).every(([k, v]) => SLUG.test(k) && typeof v === 'number' && Number.isFinite(v))
    && isNames(r.practices) && isNames(r.tags) && typeof r.text === 'string' && typeof r.private === 'boolean' && typeof r.starred === 'boolean'
    && (r.updatedAt === undefined || r.updatedAt === null || (typeof r.updatedAt === 'string' && isRealInstant(r.updatedAt)))
    && (r.answers === undefined || (Array.isArray(r.answers) && r.answers.every(isAnswer)))
    && (r.safetyFlags === undefined || (Array.isArray(r.safetyFlags) && r.safetyFlags.every((f) => FLAG_KIND_SET.has(f))));
  return ok ? (r as unknown as EntryRecord) : undefined;
}

function readEntry(raw: unknown, i: number): ImportEntry {
  const record = `entry ${i + 1}`;
  const e = validEntry(raw) ?? check(entry, raw, record);
  // The core metrics keep their ranges whatever a file says (mood 11 would break every chart).
  for (const [metric, value] of Object.entries(e.metrics)) {
    const problem = metricValueProblem(metric, value);
    if (problem) fail(record, `field "metrics.${metric}": ${problem}`);
  }
  // An entry answers each question once (the database's key); say so here rather than fail mid-write.
  const asked = new Set<string>();
  (e.answers ?? []).forEach((a, j) => {
    if (asked.has(a.question)) fail(record, `field "answers.${j}.question" repeats "${a.question}"`);
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
  const s = check(session, raw, `session ${i + 1}`);
  const { utc, at, offset } = parseOffsetInstant(`session ${i + 1}`, 'occurredAt', s.occurredAt);
  return {
    id: s.id.toLowerCase(), occurredAt: utc, utcOffset: offset, localDate: localDateAt(at, offset), route: s.route,
    doseMg: s.doseMg, doseUnit: s.doseUnit ?? 'mg', setting: s.setting, guide: s.guide, intention: s.intention, notes: s.notes, private: s.private ?? false,
  };
}

function readIntention(raw: unknown, i: number): Intention {
  const t = check(intention, raw, `intention ${i + 1}`);
  const { utc, offset } = parseOffsetInstant(`intention ${i + 1}`, 'createdAt', t.createdAt);
  return {
    id: t.id.toLowerCase(), text: t.text, createdAt: utc, utcOffset: offset, sourceEntryId: t.sourceEntryId, status: t.status,
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
          check(format, value, 'the file', 'format');
          formatSeen = true;
        } else if (key === 'version') {
          const v = check(version, value, 'the file', 'version');
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
