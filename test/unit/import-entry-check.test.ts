// The integrate importer checks each record by hand (src/formats/importers/fields.ts),
// without zod, whose loading cost 40-50 ms of every import's start. The zod schemas
// the importer used before are kept here as the reference: the hand checks must
// accept exactly what they accept (a record accepted and not meant to be would be
// imported unchecked; one refused that was fine would stop an import), and word
// what is wrong with the field's path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INTENTION_STATUSES } from '../../src/domain/intentions.js';
import { QUESTION_TYPES } from '../../src/domain/packs.js';
import { SAFETY_FLAG_KINDS } from '../../src/domain/safety.js';
import { DOSE_UNITS, ROUTES } from '../../src/domain/sessions.js';
import { isValidDay } from '../../src/domain/time.js';
import { isRealInstant } from '../../src/formats/import.js';
import { checkEntry, checkIntention, checkSession } from '../../src/formats/importers/integrate.js';
import { describeProblem } from '../../src/formats/importers/fields.js';
import { runs } from '../helpers/runs.js';

const OFFSET_ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}):(\d{2})$/;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const NAME = /^[^\u0000-\u001f\u007f-\u009f]+$/;
const id = z.string().regex(/^[0-9a-f-]{8,36}$/i);
const instantWithOffset = z.string().regex(OFFSET_ISO);
const utcInstant = z.string().refine(isRealInstant);
const slug = z.string().regex(SLUG);
const name = z.string().regex(NAME);

/** The reference: the zod schemas integrate's importer used until December 2026. */
const reference = {
  entry: z.object({
    id, createdAt: instantWithOffset, kind: slug, pack: slug.nullable(), packVersion: z.number().int().nullable().optional(),
    metrics: z.record(z.string().regex(SLUG), z.number().finite()),
    practices: z.array(name), tags: z.array(name), text: z.string(), private: z.boolean(), starred: z.boolean(),
    updatedAt: utcInstant.nullable().optional(),
    answers: z.array(z.object({
      question: z.string(), position: z.number().int(), type: z.enum(QUESTION_TYPES), prompt: z.string(),
      value: z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]), insight: z.boolean(), discuss: z.boolean(), role: slug.nullable(),
    })).optional(),
    safetyFlags: z.array(z.enum(SAFETY_FLAG_KINDS)).optional(),
  }),
  session: z.object({
    id, occurredAt: instantWithOffset, route: z.enum(ROUTES), doseMg: z.number().positive().nullable(), doseUnit: z.enum(DOSE_UNITS).optional(),
    setting: z.string(), guide: z.string(), intention: z.string(), notes: z.string(), private: z.boolean().optional(),
  }),
  intention: z.object({
    id, text: z.string().min(1), createdAt: instantWithOffset, status: z.enum(INTENTION_STATUSES),
    dueDate: z.string().refine(isValidDay).nullable(), closedAt: utcInstant.nullable(), sourceEntryId: z.string().nullable(),
  }),
};

const base = {
  id: '184dd026-9b9e-4544-b24f-4d900e1dc2a5', createdAt: '2016-12-04T07:17:00+01:00', kind: 'journal', pack: 'daily', packVersion: 2,
  metrics: { mood: 5, sleep: 7.5 }, practices: ['breathwork'], tags: ['work', 'family'], text: 'A quiet morning.', private: false, starred: true,
  updatedAt: '2016-12-05T09:00:00.000Z',
  answers: [
    { question: 'felt', position: 0, type: 'text', prompt: 'What did you feel?', value: 'calm', insight: true, discuss: false, role: null },
    { question: 'which', position: 1, type: 'multiselect', prompt: 'Which?', value: ['a', 'b'], insight: false, discuss: true, role: 'decision' },
    { question: 'rate', position: 2, type: 'scale', prompt: 'Rate it', value: 6, insight: false, discuss: false, role: null },
  ],
  safetyFlags: ['low-mood'],
};

const KEYS = Object.keys(base);
const ANSWER_KEYS = Object.keys(base.answers[0]!);

/** Values close to valid ones and far from them: wrong types, edge numbers, control characters, markup. */
const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, undefined, '', 'x', 'Journal', 'a b', 'daily\u0007', '\u0085', '2016-12-04T07:17:00Z', '2016-02-30T07:17:00+01:00', '1899-12-31T23:00:00.000Z',
    '2016-12-05T09:00:00.000Z', 'phrase', 'nope', 'text', 'scale', -1, 0, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308, true, false, [], {}, ['ok', 3], { mood: 'x' },
    { 'Mood': 3 }, JSON.parse('{"__proto__": 1}'), { mood: 1e309 }),
);

/** A valid entry with a few fields or answer fields replaced, removed, or joined by unknown ones. */
const mutated = fc.tuple(
  fc.array(fc.tuple(fc.constantFrom(...KEYS, 'extra'), fc.option(oddValue, { nil: undefined }), fc.boolean()), { maxLength: 3 }),
  fc.array(fc.tuple(fc.nat(2), fc.constantFrom(...ANSWER_KEYS), oddValue), { maxLength: 2 }),
).map(([changes, answerChanges]) => {
  const record: Record<string, unknown> = structuredClone(base);
  for (const [key, value, remove] of changes) {
    if (remove) delete record[key];
    else record[key] = value;
  }
  if (Array.isArray(record.answers)) {
    for (const [i, key, value] of answerChanges) {
      const a = record.answers[i];
      if (a && typeof a === 'object') (a as Record<string, unknown>)[key] = value;
    }
  }
  return record;
});

const session = {
  id: '5b0e7a4c-1d2e-4f3a-9b8c-7d6e5f4a3b2c', occurredAt: '2026-11-20T10:00:00+01:00', route: 'iv', doseMg: 35, doseUnit: 'mg',
  setting: 'clinic', guide: 'Dr. A', intention: 'Soften', notes: 'Felt held.', private: false,
};
const intention = {
  id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', text: 'Walk each morning', createdAt: '2026-11-21T08:00:00+01:00', status: 'done',
  dueDate: '2026-12-01', closedAt: '2026-11-30T18:00:00.000Z', sourceEntryId: null,
};

/** A record with a few fields replaced by odd values, removed, or joined by unknown ones. */
const mutatedFrom = (valid: Record<string, unknown>) => fc.array(fc.tuple(fc.constantFrom(...Object.keys(valid), 'extra'), fc.option(oddValue, { nil: undefined }), fc.boolean()), { maxLength: 3 })
  .map((changes) => {
    const record: Record<string, unknown> = structuredClone(valid);
    for (const [key, value, remove] of changes) {
      if (remove) delete record[key];
      else record[key] = value;
    }
    return record;
  });

const cases = [
  ['entry', checkEntry, reference.entry, mutated],
  ['session', checkSession, reference.session, mutatedFrom(session)],
  ['intention', checkIntention, reference.intention, mutatedFrom(intention)],
] as const;

describe('the checks of an imported record', () => {
  it('accept what integrate exports', () => {
    expect(checkEntry(base)).toBeUndefined();
    expect(checkEntry({ ...base, pack: null, packVersion: null, updatedAt: null, answers: [], safetyFlags: [], metrics: {} })).toBeUndefined();
    const { packVersion: _v, updatedAt: _u, answers: _a, safetyFlags: _s, ...older } = base;
    expect(checkEntry(older)).toBeUndefined();
    expect(checkSession(session)).toBeUndefined();
    const { doseUnit: _d, private: _p, ...olderSession } = session;
    expect(checkSession({ ...olderSession, doseMg: null })).toBeUndefined();
    expect(checkIntention(intention)).toBeUndefined();
    expect(checkIntention({ ...intention, status: 'open', dueDate: null, closedAt: null, sourceEntryId: base.id })).toBeUndefined();
  });

  // One difference on purpose: a "__proto__" key (JSON.parse makes it an ordinary key) is not a
  // metric name and is refused; zod accepted the record and dropped the key without a word.
  const protoKey = (record: Record<string, unknown>) => typeof record.metrics === 'object' && record.metrics !== null && Object.hasOwn(record.metrics, '__proto__');
  it.each(cases)('accept a %s exactly when the reference schema does (property)', (_kind, check, schema, records) => {
    const verdicts = { accepted: 0, refused: 0 };
    fc.assert(fc.property(records, (record) => {
      const problem = check(record);
      const expected = schema.safeParse(record).success && !protoKey(record);
      expect(problem === undefined, `${JSON.stringify(record)}: ${problem ? describeProblem(problem) : 'accepted'}`).toBe(expected);
      verdicts[problem ? 'refused' : 'accepted']++;
    }), { numRuns: runs(600) });
    // Both sides were exercised.
    expect(verdicts.accepted).toBeGreaterThan(0);
    expect(verdicts.refused).toBeGreaterThan(0);
  });

  it.each([
    ['an id with other letters', { id: 'not-an-id!' }, 'field "id" must be an id'],
    ['a time without an offset', { createdAt: '2016-12-04T07:17:00Z' }, 'field "createdAt" must be ISO 8601 with an offset, e.g. 2026-11-21T10:15:00+01:00'],
    ['a metric name with capitals', { metrics: { Mood: 5 } }, 'field "metrics" has the key "Mood", which is not a metric name (lowercase letters, digits and dashes)'],
    ['a metric that is not a number', { metrics: { mood: '5' } }, 'field "metrics.mood" must be a number'],
    ['a tag with a control character', { tags: ['work', 'home\u001b[31m'] }, 'field "tags.1" must be a name without control characters'],
    ['an edit time on 30 February', { updatedAt: '2016-02-30T09:00:00.000Z' }, 'field "updatedAt" must be a real ISO 8601 date-time with a zone, from 1900 on, e.g. 2026-11-21T09:15:00.000Z'],
    ['an answer of an unknown type', { answers: [base.answers[0]!, { ...base.answers[1]!, type: 'essay' }] }, 'field "answers.1.type" must be one of "scale", "number", "text"'],
    ['an answer without its value', { answers: [{ ...base.answers[0]!, value: undefined }] }, 'field "answers.0.value" is missing'],
    ['a flag integrate does not write', { safetyFlags: ['worry'] }, 'field "safetyFlags.0" must be one of "low-mood", "phrase", '],
    ['a fractional pack version', { packVersion: 1.5 }, 'field "packVersion" must be a whole number'],
    ['privacy given as text', { private: 'no' }, 'field "private" must be true or false'],
    ['no text at all', { text: undefined }, 'field "text" is missing'],
    ['tags as one string', { tags: 'work' }, 'field "tags" must be a list'],
  ])('word %s with its field', (_what, change, message) => {
    const problem = checkEntry({ ...base, ...change });
    expect(problem).toBeDefined();
    expect(describeProblem(problem!)).toContain(message);
    expect(reference.entry.safeParse({ ...base, ...change }).success).toBe(false);
  });

  it('refuse a "__proto__" metric key, which the reference dropped silently', () => {
    const record = { ...base, metrics: JSON.parse('{"mood": 5, "__proto__": {"mood": 99}}') };
    expect(reference.entry.safeParse(record).success).toBe(true);
    expect(describeProblem(checkEntry(record)!)).toBe('field "metrics" has the key "__proto__", which is not a metric name (lowercase letters, digits and dashes)');
  });

  it('show a number too large for JSON as it is read, not as null', () => {
    expect(describeProblem(checkEntry({ ...base, metrics: JSON.parse('{"x": 1e400}') })!)).toBe('field "metrics.x" must be a number; got Infinity');
  });

  it('word a record that is not an object', () => {
    expect(describeProblem(checkEntry('a note')!)).toBe('must be an object; got "a note"');
    expect(describeProblem(checkSession([session])!)).toBe('must be an object; got a list');
    expect(describeProblem(checkEntry({ ...base, text: 'x'.repeat(41), private: 'a long note '.repeat(9) })!)).toBe('field "private" must be true or false; got text of 108 characters');
    expect(describeProblem(checkEntry({ ...base, metrics: { Mood: 5 } })!)).toBe('field "metrics" has the key "Mood", which is not a metric name (lowercase letters, digits and dashes)');
    expect(describeProblem(checkEntry({ ...base, metrics: { '\u001b[31mRED': 5 } })!)).toBe('field "metrics" has the key "\\u001b[31mRED", which is not a metric name (lowercase letters, digits and dashes)');
    expect(describeProblem(checkEntry({ ...base, tags: { a: 1 } })!)).toBe('field "tags" must be a list; got an object');
    expect(describeProblem(checkSession({ ...session, doseMg: 0 })!)).toBe('field "doseMg" must be a number above 0, or null; got 0');
    expect(describeProblem(checkIntention({ ...intention, text: '' })!)).toBe('field "text" must be text, not empty; got ""');
  });
});
